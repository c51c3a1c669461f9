/**
 * Writes the thread references (comment-threads.ts) of comments stored before references existed:
 * pages of comments are read through them, so without one a comment is on no page. Then ranks the
 * answers of questions written before answers were read by votes: their references get the byVotes
 * keys and their replies' ids. Run once on a table that holds such comments; a rerun changes nothing
 * (a reference that exists is left as it is, an answer already ranked is skipped).
 *
 * A maintenance job, not a request path: it Scans the table for comments and for questions.
 */
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../domain/types.ts';
import { keySchema } from '../table/definition.ts';
import { ITEM_ABSENT, partitionQuery, updateInput } from '../table/expressions.ts';
import { keys } from '../table/keys.ts';
import { ATTR } from '../table/names.ts';
import type { Db } from '../adapters/dynamodb/client.ts';
import { answerKeys, replyIdsAttribute, threadRefWrites } from '../adapters/dynamodb/comment-threads.ts';
import { queryAll } from '../adapters/dynamodb/query-all.ts';

/** Returns how many comments it wrote references for. */
export async function backfillThreadRefs(db: Db): Promise<number> {
  let written = 0;
  for await (const item of scan(db, 'begins_with(#s, :prefix) AND #t = :comment', {
    ':prefix': keys.commentPrefix,
    ':comment': 'comment',
  })) {
    const comment = item as Pick<Comment, 'id' | 'postId' | 'parentId'>;
    // Only the comment's own reference (a reply's answer gets its reply ids from backfillAnswerRanks), and
    // only where there is none: an answer's reference holds its votes.
    const [own] = threadRefWrites(db.tableName, comment);
    if (!own || !('Put' in own)) continue;
    const wrote = await db.doc
      .send(new PutCommand({ ...own.Put, ConditionExpression: ITEM_ABSENT }))
      .then(() => true)
      .catch((error: unknown) => {
        if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
        throw error;
      });
    if (wrote) written++;
  }
  return written;
}

/**
 * Gives every question's unranked answers (thread references without topPk) their byVotes keys, ranked
 * by the votes they hold, and their replies' ids. Returns how many answers it ranked.
 */
export async function backfillAnswerRanks(db: Db): Promise<number> {
  let ranked = 0;
  for await (const post of scan(db, '#t = :post AND kind = :question', {
    ':post': 'post',
    ':question': 'question',
  })) {
    const postId = String(post.id);
    const inPost = (prefix: string) =>
      queryAll(db, partitionQuery({ partition: keys.postPartition(postId), sortPrefix: prefix }));
    const [refs, comments] = await Promise.all([keys.commentThreadRefPrefix, keys.commentPrefix].map(inPost));
    let repliesOf = repliesByParent(await inPost(keys.commentReplyRefPrefix));
    const commentVotes = new Map((comments ?? []).map((c) => [String(c.id), c[ATTR.voteCount]]));
    for (let ref of refs ?? []) {
      const id = String(ref.id);
      for (;;) {
        if (ref[ATTR.topPk] !== undefined) break;
        // A vote may have counted on the reference already (it ADDs there too); else the comment's count.
        const votes = Math.floor(Number(ref[ATTR.voteCount] ?? commentVotes.get(id) ?? 0));
        // A reply written meanwhile appends its id to the reference (comment-threads.ts): its ids as read
        // are kept, and the write is conditioned on them, so a reply landing after the read is not lost.
        const had = (ref[replyIdsAttribute] as string[] | undefined) ?? [];
        const outcome = await db.doc
          .send(
            new UpdateCommand({
              TableName: db.tableName,
              Key: keys.commentThreadRef(postId, id),
              ...updateInput(
                {
                  set: {
                    ...answerKeys(postId, id, votes),
                    [replyIdsAttribute]: [...new Set([...had, ...(repliesOf.get(id) ?? [])])].toSorted(),
                  },
                },
                {
                  expression: `attribute_not_exists(${ATTR.topPk}) AND ${
                    ref[replyIdsAttribute] === undefined
                      ? `attribute_not_exists(${replyIdsAttribute})`
                      : `size(${replyIdsAttribute}) = :hadReplies`
                  }`,
                  ...(ref[replyIdsAttribute] === undefined ? {} : { values: { ':hadReplies': had.length } }),
                },
              ),
            }),
          )
          .then(() => true)
          .catch((error: unknown) => {
            if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
            throw error;
          });
        if (outcome) {
          ranked++;
          break;
        }
        // Ranked by someone else, or a reply came: read the reference and the replies again.
        const again = await db.doc.send(
          new GetCommand({
            TableName: db.tableName,
            Key: keys.commentThreadRef(postId, id),
            ConsistentRead: true,
          }),
        );
        if (!again.Item) break;
        ref = again.Item;
        repliesOf = repliesByParent(await inPost(keys.commentReplyRefPrefix));
      }
    }
  }
  return ranked;
}

function repliesByParent(replies: readonly Record<string, unknown>[] | undefined): Map<string, string[]> {
  const repliesOf = new Map<string, string[]>();
  for (const r of replies ?? []) {
    const parentId = String(r.parentId);
    repliesOf.set(parentId, [...(repliesOf.get(parentId) ?? []), String(r.id)]);
  }
  return repliesOf;
}

async function* scan(db: Db, filter: string, values: Record<string, unknown>) {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.tableName,
        FilterExpression: filter,
        ExpressionAttributeNames: {
          '#t': 'type',
          ...(filter.includes('#s') ? { '#s': keySchema().sort } : {}),
        },
        ExpressionAttributeValues: values,
        ExclusiveStartKey: startKey,
      }),
    );
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}
