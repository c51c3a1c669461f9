/**
 * Digests in DynamoDB: each week's digest in its own partition (the week as built, its accounts keyed by
 * owner, one send claim per recipient), and a summary a week in one partition, newest last, for the archive.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  weekSummary,
  type DigestAccount,
  type DigestTeam,
  type DigestWeek,
  type DigestWeekSummary,
} from '../../domain/digest.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { DigestSend, DigestStore, Page } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';
import { queryPage } from './query-page.ts';
import { transact } from './transact.ts';

/** What one transaction takes. */
const MAX_TRANSACTION_ITEMS = 100;

// The week and its accounts are kept as gzipped JSON: read whole, never queried inside, free of the
// empty-string and nested-undefined rules of DynamoDB maps, and some five times smaller, so that a week
// of many status changes with long notes stays far inside the 400 KB an item may hold.
const pack = (value: unknown) => gzipSync(JSON.stringify(value));
const unpack = <T>(item: Record<string, unknown>) =>
  JSON.parse(gunzipSync(item.data as Uint8Array).toString('utf8')) as T;
const toWeek = (item: Record<string, unknown>) => unpack<DigestWeek>(item);
const toAccount = (item: Record<string, unknown>) => unpack<DigestAccount>(item);
const toSummary = (item: Record<string, unknown>) => JSON.parse(String(item.summary)) as DigestWeekSummary;

function toSend(item: Record<string, unknown>): DigestSend {
  return {
    recipient: String(item.recipient),
    email: String(item.email),
    team: item.team as DigestTeam,
    status: item.status === 'sent' ? 'sent' : 'sending',
    claimedAt: String(item.claimedAt),
    ...(typeof item.sentAt === 'string' ? { sentAt: item.sentAt } : {}),
  };
}

export class DynamoDigestStore implements DigestStore {
  constructor(private readonly db: Db) {}

  async saveWeek(week: DigestWeek, accounts: DigestAccount[]): Promise<DigestWeek> {
    const existing = await this.getWeek(week.week);
    if (existing) return existing;
    const t = this.db.tableName;
    // The accounts first, the week last and only if absent: a reader who finds the week finds its
    // accounts, and two builds racing leave one week (the accounts of both are the same data).
    for (let i = 0; i < accounts.length; i += MAX_TRANSACTION_ITEMS) {
      const outcome = await transact(
        this.db,
        accounts.slice(i, i + MAX_TRANSACTION_ITEMS).map((account) => ({
          Put: {
            TableName: t,
            Item: {
              ...keys.digestAccount(week.week, account.owner ?? '', account.companyId),
              type: 'digestAccount',
              data: pack(account),
            },
          },
        })),
      );
      // Plain puts have no condition to fail: a cancellation here is not one a retry of this loop fixes.
      if (!outcome.ok) throw new Error(`Digest accounts of ${week.week} were not written`);
    }
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: t,
          Item: { ...keys.digestWeek(week.week), type: 'digestWeek', week: week.week, data: pack(week) },
          ConditionExpression: ITEM_ABSENT,
        }),
      );
      // The archive's list holds summaries only: a page of it never reads whole weeks.
      await this.db.doc.send(
        new PutCommand({
          TableName: t,
          Item: {
            ...keys.digestListEntry(week.week),
            type: 'digestListEntry',
            summary: JSON.stringify(weekSummary(week)),
          },
        }),
      );
      return week;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return (await this.getWeek(week.week)) ?? week;
    }
  }

  async getWeek(week: string): Promise<DigestWeek | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.digestWeek(week), ConsistentRead: true }),
    );
    return out.Item ? toWeek(out.Item) : null;
  }

  listWeeks(limit: number, cursor?: string): Promise<Page<DigestWeekSummary>> {
    return queryPage(
      this.db,
      { partition: keys.digestListPartition },
      { limit, ...(cursor ? { cursor } : {}), newestFirst: true },
      toSummary,
    );
  }

  async accountsOf(week: string, owner: string): Promise<DigestAccount[]> {
    return (await this.range(week, keys.digestAccountsOf(owner))).map(toAccount);
  }

  async allAccounts(week: string): Promise<DigestAccount[]> {
    return (await this.range(week, keys.digestAccountPrefix)).map(toAccount);
  }

  async claimSend(
    send: Omit<DigestSend, 'status' | 'sentAt'>,
    week: string,
    staleBefore: string,
  ): Promise<'claimed' | 'sent' | 'held'> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...keys.digestSend(week, send.recipient), type: 'digestSend', ...send, status: 'sending' },
          ConditionExpression: `${ITEM_ABSENT} OR (#status = :sending AND claimedAt < :stale)`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending', ':stale': staleBefore },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return error.Item?.status?.S === 'sent' ? 'sent' : 'held';
    }
  }

  async markSent(week: string, recipient: string, at: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.digestSend(week, recipient),
        ...updateInput({ set: { status: 'sent', sentAt: at } }, ITEM_EXISTS),
      }),
    );
  }

  async releaseSend(week: string, recipient: string): Promise<void> {
    await this.db.doc
      .send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: keys.digestSend(week, recipient),
          // Never a sent one: that would let a later run send it twice.
          ConditionExpression: '#status = :sending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':sending': 'sending' },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async sends(week: string): Promise<DigestSend[]> {
    return (await this.range(week, keys.digestSendPrefix)).map(toSend);
  }

  async isOptedOut(email: string): Promise<boolean> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.digestOptOut(email), ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  async setOptedOut(email: string, optOut: boolean): Promise<void> {
    const key = keys.digestOptOut(email);
    if (optOut) {
      await this.db.doc.send(
        new PutCommand({ TableName: this.db.tableName, Item: { ...key, type: 'digestOptOut', email } }),
      );
    } else {
      await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: key }));
    }
  }

  private range(week: string, prefix: string) {
    return queryAll(this.db, partitionQuery({ partition: keys.digestPartition(week), sortPrefix: prefix }));
  }
}
