/**
 * List entry items: one per list a post belongs to (domain/lists.ts). They carry the sort keys of the
 * orders their list is read in (newKey on gsi1, voteCount on byVotes, trendScore on byTrend: exact on the
 * board's own list, rank buckets elsewhere) and the fields a residual filter reads, and nothing else:
 * pages fetch the posts themselves with one BatchGet.
 */
import { entryRanks, memberships, type Membership, type RankFigures } from '../../domain/lists.ts';
import { ITEM_EXISTS, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';

/**
 * On a bucketed entry: the post's vote sequence (Post.voteSeq) its ranks were taken at. A rank rewrite
 * only lands on an entry taken at an earlier sequence, so racing and retried rewrites end at the ranks
 * of the newest state any of them read, whatever order they arrive in.
 */
export const RANK_SEQ = 'rankSeq';

type EntryPost = Parameters<typeof memberships>[0] & RankFigures;

const isRanked = (m: Membership) => m.byVotes || m.byTrend;

export function entryItem(post: EntryPost, m: Membership): Record<string, unknown> {
  return {
    ...keys.listEntry(post.id, m.listId),
    type: 'entry',
    ...keys.listEntryIndexes(m.listId, m.newKey, m),
    ...entryRanks(m, post),
    ...(m.ranking === 'bucketed' && isRanked(m) ? { [RANK_SEQ]: post.voteSeq } : {}),
    postId: post.id,
    listId: m.listId,
    status: post.status,
    kind: post.kind,
    tags: post.tags,
  };
}

export const entryItems = (post: EntryPost) => memberships(post).map((m) => entryItem(post, m));

/** A change of demand: companies that started (+1) or stopped (-1) backing a post, and their MRR. */
export interface DemandDelta {
  companies: number;
  mrr: number;
}

/** The attribute changes a vote makes to the post and to its exact entries: counted together, always. */
export function voteFigures(delta: number, weight: number, demand?: DemandDelta): Record<string, number> {
  return {
    [ATTR.voteCount]: delta,
    [ATTR.trendScore]: weight,
    ...(demand && (demand.companies !== 0 || demand.mrr !== 0)
      ? { [ATTR.demandCompanies]: demand.companies, [ATTR.demandMrr]: demand.mrr }
      : {}),
  };
}

/** The updates that add `delta` votes of `weight` (and any demand) to the post's exact entries. */
export function exactEntryUpdates(
  tableName: string,
  post: EntryPost,
  delta: number,
  weight: number,
  demand?: DemandDelta,
) {
  return memberships(post)
    .filter((m) => m.ranking === 'exact')
    .map((m) => ({
      Update: {
        TableName: tableName,
        Key: keys.listEntry(post.id, m.listId),
        ...updateInput({ add: voteFigures(delta, weight, m.byDemand ? demand : undefined) }, ITEM_EXISTS),
      },
    }));
}

/**
 * The rewrites that bring the post's bucketed entries to the ranks of `post` (a state read after a
 * vote), for the entries whose list sorts by a figure whose bucket `changed`. Each sets every rank the
 * entry holds, so an entry always reflects one state of the post; it never recreates an entry that a
 * status or tag change removed meanwhile.
 */
export function rankRewrites(
  tableName: string,
  post: EntryPost,
  changed: { votes: boolean; trend: boolean },
) {
  return memberships(post)
    .filter((m) => m.ranking === 'bucketed' && ((m.byVotes && changed.votes) || (m.byTrend && changed.trend)))
    .map((m) => ({
      TableName: tableName,
      Key: keys.listEntry(post.id, m.listId),
      ...updateInput(
        { set: { ...entryRanks(m, post), [RANK_SEQ]: post.voteSeq } },
        {
          expression: `${ITEM_EXISTS} AND (attribute_not_exists(#${RANK_SEQ}) OR #${RANK_SEQ} < :seqNow)`,
          names: { [`#${RANK_SEQ}`]: RANK_SEQ },
          values: { ':seqNow': post.voteSeq },
        },
      ),
    }));
}
