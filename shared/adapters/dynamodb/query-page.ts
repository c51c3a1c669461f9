import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keySchema, startKeyAttributes } from '../../table/definition.ts';
import { partitionQuery } from '../../table/expressions.ts';
import type { INDEX } from '../../table/names.ts';
import type { Page } from '../../ports/index.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor, invalidCursor, isBadStartKey } from './cursor.ts';

/**
 * One page of a partition, newest first, with an opaque cursor: the shape of every "their posts",
 * "their votes", "their comments" and "following" list. `index` omitted means the table itself.
 */
export async function queryPage<T>(
  db: Db,
  where: { index?: typeof INDEX.gsi1; partition: string },
  page: { limit: number; cursor?: string; newestFirst?: boolean; consistent?: boolean },
  toItem: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const attributes = startKeyAttributes(where.index);
  const startKey = page.cursor
    ? decodeCursor(page.cursor, attributes, {
        attribute: keySchema(where.index).partition,
        value: where.partition,
      })
    : undefined;
  const out = await db.doc
    .send(
      new QueryCommand({
        TableName: db.tableName,
        ...partitionQuery(where),
        ScanIndexForward: !(page.newestFirst ?? true),
        ...(page.consistent ? { ConsistentRead: true } : {}),
        Limit: page.limit,
        ExclusiveStartKey: startKey,
      }),
    )
    .catch((error: unknown) => {
      throw startKey && isBadStartKey(error) ? invalidCursor() : error;
    });
  return { items: (out.Items ?? []).map(toItem), nextCursor: encodeCursor(out.LastEvaluatedKey, attributes) };
}

const MAX_BATCH_ATTEMPTS = 6;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * BatchGetItem over any number of keys (100 per request), following UnprocessedKeys: DynamoDB leaves
 * keys unprocessed when a partition is throttled, so they are asked again after a backoff, a bounded
 * number of times (a 503, not a loop until the Lambda times out).
 */
export async function batchGetAll(
  db: Db,
  keys: readonly Record<string, unknown>[],
  opts: { consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead?: boolean }> | undefined = {
      [db.tableName]: { Keys: keys.slice(i, i + 100), ...(opts.consistent ? { ConsistentRead: true } : {}) },
    };
    for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
      if (attempt === MAX_BATCH_ATTEMPTS) throw new ServiceUnavailableError(1);
      if (attempt > 0) await pause(Math.min(50 * 2 ** attempt, 1000) * (0.5 + Math.random() / 2));
      const out = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[db.tableName] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}
