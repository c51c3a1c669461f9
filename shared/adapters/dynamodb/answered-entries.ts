/**
 * The list entries an acceptance moves: a question is on its board's "unanswered" list until an answer
 * is accepted, then on its "answered" one (domain/lists.ts). The move goes in the acceptance's own
 * transaction, conditioned like a status change (changeLists) on the post being as read: its entries
 * copy its vote figures, and a status change that read it before the acceptance must not put back the
 * entries it had then, so the acceptance counts as a revision (rev + 1).
 */
import { memberships } from '../../domain/lists.ts';
import type { Post } from '../../domain/types.ts';
import type { Condition } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { entryItem } from './list-entries.ts';

/** The deletes and puts that take `post`'s entries to those of the post with `acceptedCommentId`. */
export function answeredMoves(tableName: string, post: Post, acceptedCommentId: string | null) {
  const { acceptedCommentId: _was, ...rest } = post;
  const after: Post = acceptedCommentId ? { ...rest, acceptedCommentId } : rest;
  const before = new Set(memberships(post).map((m) => m.listId));
  const next = memberships(after);
  const nextIds = new Set(next.map((m) => m.listId));
  return [
    ...[...before]
      .filter((listId) => !nextIds.has(listId))
      .map((listId) => ({ Delete: { TableName: tableName, Key: keys.listEntry(post.id, listId) } })),
    ...next
      .filter((m) => !before.has(m.listId))
      .map((m) => ({ Put: { TableName: tableName, Item: entryItem(after, m) } })),
  ];
}

/** The changes to the post item that go with a move: one more revision. */
export const ANSWERED_REVISION = { rev: 1 } as const;

/**
 * `condition` (the acceptance's own), and the post's revision and vote sequence as read. Placeholders
 * of their own: the update itself takes `#rev` and `:rev`.
 */
export function asRead(condition: Condition, post: Pick<Post, 'rev' | 'voteSeq'>): Condition {
  const same = (name: string, value: string, n: number) =>
    n === 0 ? `(${name} = ${value} OR attribute_not_exists(${name}))` : `${name} = ${value}`;
  return {
    expression: `(${condition.expression}) AND ${same('#rev', ':readRev', post.rev)} AND ${same('voteSeq', ':readSeq', post.voteSeq)}`,
    names: { ...condition.names, '#rev': 'rev' },
    values: { ...condition.values, ':readRev': post.rev, ':readSeq': post.voteSeq },
  };
}

/**
 * Where a question keeps its accepted answer while that answer is hidden or deleted: the question no
 * longer names it as accepted, so it is "unanswered" on every list and in search, and every writer that
 * derives lists from the post agrees; restoring the answer names it again, unless the acceptance changed
 * meanwhile (any change of acceptance removes this).
 */
export const HIDDEN_ACCEPTED = 'acceptedHiddenId';

/**
 * The question's side of its answer `commentId` leaving or coming back into view, for the flag change's
 * own transaction: the post item's changes and condition (merged into its update), and the list moves.
 * Null when the answer is not (or no longer) the accepted one.
 */
export function acceptedVisibilityMove(
  tableName: string,
  post: Post,
  postItem: Record<string, unknown>,
  commentId: string,
  visible: boolean,
): {
  set: Record<string, unknown>;
  remove: string[];
  condition: Condition;
  items: Record<string, unknown>[];
} | null {
  if (post.kind !== 'question') return null;
  if (!visible && post.acceptedCommentId === commentId) {
    return {
      set: { [HIDDEN_ACCEPTED]: commentId },
      remove: ['acceptedCommentId'],
      condition: asRead(
        { expression: 'acceptedCommentId = :wasAccepted', values: { ':wasAccepted': commentId } },
        post,
      ),
      items: answeredMoves(tableName, post, null),
    };
  }
  if (visible && post.acceptedCommentId === undefined && postItem[HIDDEN_ACCEPTED] === commentId) {
    return {
      set: { acceptedCommentId: commentId },
      remove: [HIDDEN_ACCEPTED],
      condition: asRead(
        {
          expression: `attribute_not_exists(acceptedCommentId) AND ${HIDDEN_ACCEPTED} = :wasHidden`,
          values: { ':wasHidden': commentId },
        },
        post,
      ),
      items: answeredMoves(tableName, post, commentId),
    };
  }
  return null;
}
