/**
 * Idempotency records in DynamoDB. They are written only inside the transaction that creates a post or
 * a comment (post-store.ts, comment-store.ts), conditioned on being absent, so a record exists exactly
 * when its creation happened; this store only reads them.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore } from '../../ports/index.ts';
import { ITEM_ABSENT } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { Db } from './client.ts';

/** Long enough for any client's retries, short enough that the records do not pile up. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

export function idempotencyPut(tableName: string, record: IdempotencyRecord) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.idempotency(record.userId, record.keyHash),
        type: 'idempotency',
        ...record,
        [ATTR.ttl]: Math.floor(Date.parse(record.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async get(userId: string, keyHash: string, now: Date): Promise<IdempotencyRecord | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.idempotency(userId, keyHash),
        ConsistentRead: true,
      }),
    );
    const item = out.Item;
    // TTL deletion is lazy: an expired record is as good as gone.
    if (!item || Number(item[ATTR.ttl]) * 1000 <= now.getTime()) return null;
    return {
      userId: item.userId as string,
      keyHash: item.keyHash as string,
      fingerprint: item.fingerprint as string,
      resourceId: item.resourceId as string,
      createdAt: item.createdAt as string,
    };
  }
}
