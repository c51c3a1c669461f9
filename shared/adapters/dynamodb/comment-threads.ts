/**
 * A post's comments read a thread at a time. Comment items sort by id, so replies sit among later
 * threads; key-only references sort them by thread instead (keys.ts): the top-level comments together,
 * and each thread's replies together, the threads in the same order. A page of threads is then a Query
 * for its top-level references, one for the replies of the threads between its first and last, and a
 * BatchGetItem of the comments: the same requests on a post of 60 comments and on one of 6,000.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../../domain/types.ts';
import type { CommentThread, Page } from '../../ports/index.ts';
import { keySchema, startKeyAttributes } from '../../table/definition.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor, invalidCursor, isBadStartKey } from './cursor.ts';
import { batchGetAll } from './query-page.ts';
import { queryAll } from './query-all.ts';

/** The references a comment is written with, in the same transaction as the comment itself. */
export function threadRefPut(tableName: string, comment: Pick<Comment, 'id' | 'postId' | 'parentId'>) {
  const Item = comment.parentId
    ? {
        ...keys.commentReplyRef(comment.postId, comment.parentId, comment.id),
        type: 'commentReplyRef',
        id: comment.id,
        parentId: comment.parentId,
      }
    : { ...keys.commentThreadRef(comment.postId, comment.id), type: 'commentThreadRef', id: comment.id };
  return { Put: { TableName: tableName, Item } };
}

/** Each post partition holds other lists: the scope keeps a cursor of one from starting another. */
const scopeOf = (partition: string) => `${partition}|threads`;

export async function listThreads(
  db: Db,
  toComment: (item: Record<string, unknown>) => Comment,
  postId: string,
  limit: number,
  cursor?: string,
): Promise<Page<CommentThread>> {
  const partition = keys.postPartition(postId);
  const attributes = startKeyAttributes();
  const startKey = cursor
    ? decodeCursor(
        cursor,
        attributes,
        { attribute: keySchema().partition, value: partition },
        scopeOf(partition),
      )
    : undefined;
  // One more than the page, so that the last page says so instead of linking to an empty one.
  const out = await db.doc
    .send(
      new QueryCommand({
        TableName: db.tableName,
        ...partitionQuery({ partition, sortPrefix: keys.commentThreadRefPrefix }),
        Limit: limit + 1,
        ExclusiveStartKey: startKey,
      }),
    )
    .catch((error: unknown) => {
      throw startKey && isBadStartKey(error) ? invalidCursor() : error;
    });
  const found = out.Items ?? [];
  const refs = found.slice(0, limit);
  const last = found.length > limit ? refs.at(-1) : out.LastEvaluatedKey;
  const threadIds = refs.map((r) => r.id as string);
  return {
    items: await threadsOf(db, toComment, postId, threadIds, await replyIdsBetween(db, postId, threadIds)),
    nextCursor: encodeCursor(last, attributes, scopeOf(partition)),
  };
}

/** The thread holding `commentId`: the comment's own, or its parent's when it is a reply. */
export async function getThread(
  db: Db,
  getComment: (postId: string, commentId: string) => Promise<Comment | null>,
  toComment: (item: Record<string, unknown>) => Comment,
  postId: string,
  commentId: string,
): Promise<CommentThread | null> {
  const comment = await getComment(postId, commentId);
  if (!comment) return null;
  const threadId = comment.parentId ?? comment.id;
  const [thread] = await threadsOf(
    db,
    toComment,
    postId,
    [threadId],
    await replyIdsBetween(db, postId, [threadId]),
  );
  return thread ?? null;
}

/**
 * The reply ids of the threads whose ids run from the first to the last of `threadIds`, by thread, in
 * order. The references of threads in between are exactly those threads' replies.
 */
async function replyIdsBetween(
  db: Db,
  postId: string,
  threadIds: readonly string[],
): Promise<Map<string, string[]>> {
  const [first, last] = [threadIds[0], threadIds.at(-1)];
  const byThread = new Map<string, string[]>();
  if (first === undefined || last === undefined) return byThread;
  const { partition, sort } = keySchema();
  const refs = await queryAll(db, {
    KeyConditionExpression: `${partition} = :pk AND ${sort} BETWEEN :from AND :to`,
    ExpressionAttributeValues: {
      ':pk': keys.postPartition(postId),
      ':from': keys.commentRepliesOf(first),
      // Past every reply id of the last thread: ULIDs are [0-9A-Z], all below '~'.
      ':to': `${keys.commentRepliesOf(last)}~`,
    },
  });
  for (const ref of refs) {
    const parentId = ref.parentId as string;
    byThread.set(parentId, [...(byThread.get(parentId) ?? []), ref.id as string]);
  }
  return byThread;
}

async function threadsOf(
  db: Db,
  toComment: (item: Record<string, unknown>) => Comment,
  postId: string,
  threadIds: readonly string[],
  replyIds: ReadonlyMap<string, readonly string[]>,
): Promise<CommentThread[]> {
  const ids = threadIds.flatMap((id) => [id, ...(replyIds.get(id) ?? [])]);
  const items = await batchGetAll(
    db,
    ids.map((id) => keys.comment(postId, id)),
  );
  const byId = new Map(items.map((item) => [item.id as string, toComment(item)]));
  return threadIds.flatMap((id) => {
    const comment = byId.get(id);
    if (!comment) return [];
    const replies = (replyIds.get(id) ?? []).flatMap((r) => byId.get(r) ?? []);
    return [{ comment, replies }];
  });
}

/**
 * A cursor whose page begins with the thread `threadId`, and how many threads come before it, counted
 * up to `countUpTo` (the count reads only the small references, and stops there).
 */
export async function cursorAtThread(
  db: Db,
  postId: string,
  threadId: string,
  countUpTo: number,
): Promise<{ cursor: string; threadsBefore: number }> {
  const partition = keys.postPartition(postId);
  const { partition: pk, sort: sk } = keySchema();
  // Just below the thread's own reference and above every earlier one: the last character one lower,
  // then past any that could follow it. A start key need not be an item's.
  const ref = `${keys.commentThreadRefPrefix}${threadId}`;
  const before = `${ref.slice(0, -1)}${String.fromCharCode(ref.charCodeAt(ref.length - 1) - 1)}~`;
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: `${pk} = :pk AND ${sk} BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':pk': partition, ':from': keys.commentThreadRefPrefix, ':to': before },
      Select: 'COUNT',
      Limit: countUpTo,
    }),
  );
  const cursor = encodeCursor({ [pk]: partition, [sk]: before }, startKeyAttributes(), scopeOf(partition));
  if (cursor === null) throw new Error('A start key always makes a cursor.');
  return { cursor, threadsBefore: out.Count ?? 0 };
}
