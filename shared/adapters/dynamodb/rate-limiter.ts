/**
 * Fixed-window counters in the table, so limits hold across every Lambda instance: one conditional
 * ADD per check, refused once the window's count reaches the limit. Windows expire by TTL (and are
 * keyed by their start, so an expired one that TTL has not yet removed is never read again).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { RateLimiter, RateVerdict } from '../../ports/index.ts';
import type { Db } from './client.ts';

export class DynamoRateLimiter implements RateLimiter {
  constructor(private readonly db: Db) {}

  async hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateVerdict> {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const windowStart = nowSeconds - (nowSeconds % windowSeconds);
    const retryAfterSeconds = Math.max(1, windowStart + windowSeconds - nowSeconds);
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.rateWindow(key, windowStart),
          ...updateInput(
            { add: { hits: 1 }, set: { [ATTR.ttl]: windowStart + windowSeconds + 3600, type: 'rateWindow' } },
            { expression: 'attribute_not_exists(hits) OR hits < :limit', values: { ':limit': limit } },
          ),
        }),
      );
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { allowed: false, retryAfterSeconds };
      throw error;
    }
  }
}
