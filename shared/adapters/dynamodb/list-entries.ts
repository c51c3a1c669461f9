/**
 * List entry items: one per list a post belongs to (domain/lists.ts). They carry the list's three sort
 * keys (newKey on gsi1, voteCount on byVotes, trendScore on byTrend) and the fields a residual filter
 * reads, and nothing else: pages fetch the posts themselves with one BatchGet.
 */
import { memberships, type Membership } from '../../domain/lists.ts';
import type { Post } from '../../domain/types.ts';
import { ITEM_EXISTS, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';

export function entryItem(post: Post, m: Membership): Record<string, unknown> {
  return {
    ...keys.listEntry(post.id, m.listId),
    type: 'entry',
    ...keys.listEntryIndexes(m.listId, m.newKey),
    [ATTR.voteCount]: post.voteCount,
    [ATTR.trendScore]: post.trendScore,
    postId: post.id,
    listId: m.listId,
    status: post.status,
    kind: post.kind,
    tags: post.tags,
  };
}

export const entryItems = (post: Post) => memberships(post).map((m) => entryItem(post, m));

/** The updates that add `delta` votes of `weight` to every entry of the post. */
export function entryCountUpdates(tableName: string, post: Post, delta: number, weight: number) {
  return memberships(post).map((m) => ({
    Update: {
      TableName: tableName,
      Key: keys.listEntry(post.id, m.listId),
      ...updateInput({ add: { [ATTR.voteCount]: delta, [ATTR.trendScore]: weight } }, ITEM_EXISTS),
    },
  }));
}
