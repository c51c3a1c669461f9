/** The notification ledger: one item per (event, recipient), claimed with a conditional put. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_ABSENT } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { NotificationLedger } from '../../ports/index.ts';
import type { Db } from './client.ts';

/** EventBridge retries for a day at most and Lambda for six hours; a month also covers a late redrive. */
const KEEP_SECONDS = 30 * 24 * 60 * 60;

export class DynamoNotificationLedger implements NotificationLedger {
  constructor(private readonly db: Db) {}

  async claim(eventId: string, userId: string, at: string): Promise<boolean> {
    const claimedAt = Date.parse(at);
    if (Number.isNaN(claimedAt)) throw new Error(`Invalid claim time: ${at}`);
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...keys.notified(eventId, userId),
            type: 'notified',
            eventId,
            userId,
            at,
            [ATTR.ttl]: Math.floor(claimedAt / 1000) + KEEP_SECONDS,
          },
          ConditionExpression: ITEM_ABSENT,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimedAt(eventId: string, userId: string): Promise<string | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.notified(eventId, userId),
        ConsistentRead: true,
      }),
    );
    return typeof out.Item?.at === 'string' ? out.Item.at : null;
  }

  async release(eventId: string, userId: string): Promise<void> {
    await this.db.doc.send(
      new DeleteCommand({ TableName: this.db.tableName, Key: keys.notified(eventId, userId) }),
    );
  }
}
