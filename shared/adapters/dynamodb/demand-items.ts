/**
 * Demand: which companies back a post. One item per (post, company) counts the company's people who
 * vote for it and holds the MRR the company added to the post's sum; the post and its board entry hold
 * the sums (demandCompanies, demandMrr). A vote reads the item first and then, in its own transaction,
 * creates it (the company's first vote: one more company, its MRR added), bumps it, or deletes it (the
 * company's last vote leaving: its counted MRR taken back), each conditioned on what was read. Two people
 * of one company voting at once therefore cannot both count the company: one transaction is cancelled and
 * its vote retries, then finds the company already counted.
 */
import type { Vote } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { Db } from './client.ts';
import { toCompany } from './company-store.ts';
import type { DemandDelta } from './list-entries.ts';
import { batchGetAll } from './query-page.ts';

/** A company's backing of a post, as stored. */
export interface Backing {
  companyId: string;
  postId: string;
  /** The company's people who vote for the post. */
  voters: number;
  /** What the company added to the post's summed MRR. */
  mrr: number;
  lastVotedAt: string;
}

export interface DemandRead {
  backing: Backing | null;
  /** The company's MRR now (0 when unknown): what a first vote adds. */
  companyMrr: number;
}

type CompanyVote = Vote & { companyId: string };

export const hasCompany = (vote: Vote): vote is CompanyVote => vote.companyId !== undefined;

/** The backing and the company, in one consistent round trip. */
export async function readDemand(db: Db, postId: string, companyId: string): Promise<DemandRead> {
  const items = await batchGetAll(db, [keys.demand(postId, companyId), keys.company(companyId)], {
    consistent: true,
  });
  const backing = items.find((item) => item.type === 'demand');
  const company = items.find((item) => item.type === 'company');
  return {
    backing: backing ? toBacking(backing) : null,
    companyMrr: company ? (toCompany(company).mrr ?? 0) : 0,
  };
}

export function backingItem(backing: Backing): Record<string, unknown> {
  return {
    ...keys.demand(backing.postId, backing.companyId),
    // By the vote that began it: the company's newest asks first.
    ...keys.demandByCompany(backing.companyId, backing.lastVotedAt, backing.postId),
    type: 'demand',
    ...backing,
  };
}

export function toBacking(item: Record<string, unknown>): Backing {
  return {
    companyId: item.companyId as string,
    postId: item.postId as string,
    voters: Number(item.voters ?? 0),
    mrr: Number(item.mrr ?? 0),
    lastVotedAt: item.lastVotedAt as string,
  };
}

export interface DemandWrite {
  items: Record<string, unknown>[];
  delta: DemandDelta;
}

const NO_CHANGE: DemandDelta = { companies: 0, mrr: 0 };

/** What `vote` being added to `postId` does to demand, given the backing read just before. */
export function demandOnAdd(
  tableName: string,
  postId: string,
  vote: CompanyVote,
  read: DemandRead,
): DemandWrite {
  const { companyId, votedAt } = vote;
  if (!read.backing) {
    const backing = { companyId, postId, voters: 1, mrr: read.companyMrr, lastVotedAt: votedAt };
    return {
      items: [
        { Put: { TableName: tableName, Item: backingItem(backing), ConditionExpression: ITEM_ABSENT } },
      ],
      delta: { companies: 1, mrr: read.companyMrr },
    };
  }
  return {
    items: [
      {
        Update: {
          TableName: tableName,
          Key: keys.demand(postId, companyId),
          ...updateInput(
            // The company's asks stay in the order they began: moving the index key on every vote would
            // cost each colleague's vote two more write units.
            { set: { lastVotedAt: votedAt }, add: { voters: 1 } },
            ITEM_EXISTS,
          ),
        },
      },
    ],
    delta: NO_CHANGE,
  };
}

/** What `vote` leaving `postId` does to demand. A backing that is missing (an old vote) changes nothing. */
export function demandOnRemove(
  tableName: string,
  postId: string,
  vote: CompanyVote,
  read: DemandRead,
): DemandWrite {
  const { backing } = read;
  if (!backing) return { items: [], delta: NO_CHANGE };
  const key = keys.demand(postId, vote.companyId);
  if (backing.voters <= 1) {
    return {
      items: [
        {
          Delete: {
            TableName: tableName,
            Key: key,
            // Exactly as read: the MRR taken back is the MRR that was added.
            ConditionExpression: 'voters = :one AND mrr = :counted',
            ExpressionAttributeValues: { ':one': 1, ':counted': backing.mrr },
          },
        },
      ],
      delta: { companies: -1, mrr: -backing.mrr },
    };
  }
  return {
    items: [
      {
        Update: {
          TableName: tableName,
          Key: key,
          ...updateInput({ add: { voters: -1 } }, { expression: 'voters > :one', values: { ':one': 1 } }),
        },
      },
    ],
    delta: NO_CHANGE,
  };
}
