/**
 * Writes the thread references (comment-threads.ts) of comments stored before references existed:
 * pages of comments are read through them, so without one a comment is on no page. Run once on a table
 * that holds such comments; writing a reference again changes nothing, so a rerun is harmless.
 *
 * A maintenance job, not a request path: it Scans the table for comments.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Comment } from '../domain/types.ts';
import { keySchema } from '../table/definition.ts';
import { keys } from '../table/keys.ts';
import type { Db } from '../adapters/dynamodb/client.ts';
import { threadRefPut } from '../adapters/dynamodb/comment-threads.ts';

/** Returns how many comments it wrote references for. */
export async function backfillThreadRefs(db: Db): Promise<number> {
  let written = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.tableName,
        FilterExpression: 'begins_with(#s, :prefix) AND #t = :comment',
        ExpressionAttributeNames: { '#s': keySchema().sort, '#t': 'type' },
        ExpressionAttributeValues: { ':prefix': keys.commentPrefix, ':comment': 'comment' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const comment = item as Pick<Comment, 'id' | 'postId' | 'parentId'>;
      await db.doc.send(new PutCommand(threadRefPut(db.tableName, comment).Put));
      written++;
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return written;
}
