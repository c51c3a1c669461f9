/**
 * A post's comments read a thread at a time. Comment items sort by id, so replies sit among later
 * threads; key-only references sort them by thread instead (keys.ts): the top-level comments together,
 * and each thread's replies together, the threads in the same order. A page of threads is then a Query
 * for its top-level references, one for the replies of the threads between its first and last, and a
 * BatchGetItem of the comments: the same requests on a post of 60 comments and on one of 6,000.
 *
 * A question's answers are read by votes instead. Its thread references also carry the byVotes keys:
 * topPk `ANSWERS#<postId>` and voteCount the answer's rank (answerRank below), and the ids of their
 * replies, kept by each reply's own transaction. A page of answers is then one Query on byVotes and a
 * BatchGetItem of the comments, however many answers and replies the question has. The index is
 * eventually consistent: a vote or an answer a moment old may not have moved yet.
 */
import { GetCommand, NumberValue, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import type { Comment } from '../../domain/types.ts';
import type { CommentThread, Page } from '../../ports/index.ts';
import { keySchema, startKeyAttributes } from '../../table/definition.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor, invalidCursor, isBadStartKey } from './cursor.ts';
import { batchGetAll } from './query-page.ts';
import { queryAll } from './query-all.ts';

/** On a question's thread reference: its replies' ids, so that a page by votes needs no reply Query. */
const REPLY_IDS = 'replyIds';

/**
 * An answer's rank, the byVotes sort key of its thread reference: its votes, plus a fraction that is
 * smaller the newer the answer (0.<10^13 minus its id's milliseconds>). Votes ADD whole numbers to the
 * reference's voteCount, so the whole part stays the votes, and among equal votes the older answer ranks
 * higher. (DynamoDB leaves the order of equal index keys undefined: without the fraction, ties would
 * come in whatever order it keeps them.) Exact decimals, written and carried in cursors as such: a
 * double would round away the digits that order answers of a busy question.
 */
export function answerRank(commentId: string, votes: number): NumberValue {
  let age = '';
  try {
    age = String(10 ** 13 - decodeTime(commentId)).padStart(13, '0');
  } catch {
    // Not a ULID (a hand-made id): no tie-break, the votes alone.
  }
  return NumberValue.from(age ? `${votes}.${age}` : String(votes));
}

/** The whole votes in a rank as read back (a double whose fraction is below 1). */
const votesOf = (rank: unknown) => Math.floor(Number(rank ?? 0));

/**
 * The references a comment is written with, in the same transaction as the comment itself. `question`:
 * the post is a question, so a top-level comment is an answer (ranked on byVotes from 0 votes) and a
 * reply is added to its answer's reference.
 */
export function threadRefWrites(
  tableName: string,
  comment: Pick<Comment, 'id' | 'postId' | 'parentId'>,
  question = false,
) {
  if (comment.parentId) {
    const put = {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.commentReplyRef(comment.postId, comment.parentId, comment.id),
          type: 'commentReplyRef',
          id: comment.id,
          parentId: comment.parentId,
        },
      },
    };
    if (!question) return [put];
    // id and type as the reference's own put wrote them: an answer stored before references existed
    // (until the backfill) then gets a whole one rather than a bare list.
    const addReply = {
      Update: {
        TableName: tableName,
        Key: keys.commentThreadRef(comment.postId, comment.parentId),
        UpdateExpression: `SET ${REPLY_IDS} = list_append(if_not_exists(${REPLY_IDS}, :none), :reply), id = :parentId, #type = :refType`,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':none': [],
          ':reply': [comment.id],
          ':parentId': comment.parentId,
          ':refType': 'commentThreadRef',
        },
      },
    };
    return [put, addReply];
  }
  const Item = {
    ...keys.commentThreadRef(comment.postId, comment.id),
    type: 'commentThreadRef',
    id: comment.id,
    ...(question ? answerKeys(comment.postId, comment.id, 0) : {}),
  };
  return [{ Put: { TableName: tableName, Item } }];
}

/** The byVotes keys of an answer's thread reference. */
export function answerKeys(postId: string, commentId: string, votes: number) {
  return { [ATTR.topPk]: keys.answersPartition(postId), [ATTR.voteCount]: answerRank(commentId, votes) };
}

/** The attribute that lists a question's thread reference's replies (for the backfill). */
export const replyIdsAttribute = REPLY_IDS;

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

/** A cursor of answers by votes is not one of threads in thread order, though both page one post. */
const answersScope = (partition: string) => `${partition}|votes`;

/** A page of a question's answers, by rank (answerRank): the most votes first, ties the oldest first. */
export async function listAnswers(
  db: Db,
  toComment: (item: Record<string, unknown>) => Comment,
  postId: string,
  limit: number,
  cursor?: string,
): Promise<Page<CommentThread>> {
  const partition = keys.answersPartition(postId);
  const attributes = startKeyAttributes(INDEX.byVotes);
  const startKey = cursor
    ? decodeCursor(
        cursor,
        attributes,
        { attribute: keySchema(INDEX.byVotes).partition, value: partition },
        answersScope(partition),
      )
    : undefined;
  const out = await db.doc
    .send(
      new QueryCommand({
        TableName: db.tableName,
        ...partitionQuery({ index: INDEX.byVotes, partition }),
        ScanIndexForward: false,
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
  // Answers of the same millisecond share a rank: the older (lower id) first, on this page at least.
  const ordered = refs.toSorted(
    (a, b) => Number(b[ATTR.voteCount]) - Number(a[ATTR.voteCount]) || compareIds(a.id, b.id),
  );
  const replyIds = new Map(
    ordered.map((r) => [r.id as string, ((r[REPLY_IDS] as string[] | undefined) ?? []).toSorted()]),
  );
  return {
    items: await threadsOf(
      db,
      toComment,
      postId,
      ordered.map((r) => r.id as string),
      replyIds,
    ),
    nextCursor: encodeCursor(last ? exactRankKey(last) : undefined, attributes, answersScope(partition)),
  };
}

const compareIds = (a: unknown, b: unknown) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);

/** A start key with its rank as the exact decimal DynamoDB holds, rebuilt from the votes and the id. */
function exactRankKey(key: Record<string, unknown>): Record<string, unknown> {
  const sort = String(key[keySchema().sort]);
  const id = sort.slice(keys.commentThreadRefPrefix.length);
  return { ...key, [ATTR.voteCount]: answerRank(id, votesOf(key[ATTR.voteCount])) };
}

/**
 * As cursorAtThread, for answers by votes: a start key just above the answer's rank, so the page
 * begins with it, and how many answers rank above it (a count of index keys only, up to `countUpTo`).
 */
export async function cursorAtAnswer(
  db: Db,
  postId: string,
  threadId: string,
  countUpTo: number,
): Promise<{ cursor: string; threadsBefore: number }> {
  const ref = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.commentThreadRef(postId, threadId) }),
  );
  const partition = keys.answersPartition(postId);
  // One more digit makes a decimal above this rank and below the next answer's (a millisecond older).
  const above = NumberValue.from(`${answerRank(threadId, votesOf(ref.Item?.[ATTR.voteCount])).toString()}1`);
  const { partition: topPk, sort: rank } = keySchema(INDEX.byVotes);
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: INDEX.byVotes,
      KeyConditionExpression: `${topPk} = :pk AND ${rank} > :above`,
      ExpressionAttributeValues: { ':pk': partition, ':above': above },
      Select: 'COUNT',
      Limit: countUpTo,
    }),
  );
  const cursor = encodeCursor(
    { ...keys.commentThreadRef(postId, threadId), [ATTR.topPk]: partition, [ATTR.voteCount]: above },
    startKeyAttributes(INDEX.byVotes),
    answersScope(partition),
  );
  if (cursor === null) throw new Error('A start key always makes a cursor.');
  return { cursor, threadsBefore: out.Count ?? 0 };
}
