/**
 * The community guidelines in DynamoDB: one item (SETTINGS / GUIDELINES), read with one GetItem by
 * every post and comment a member writes, saved by admins with its audit line in one transaction.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_ABSENT } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { AuditEntry } from '../../domain/moderation.ts';
import type { Guidelines, GuidelinesStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { auditLinePut } from './audit-log.ts';
import { transact } from './transact.ts';

export class DynamoGuidelinesStore implements GuidelinesStore {
  constructor(private readonly db: Db) {}

  async get(options: { consistent?: boolean } = {}): Promise<Guidelines | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.settings('GUIDELINES'),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    const item = out.Item;
    if (!item || typeof item.markdown !== 'string') return null;
    return {
      markdown: item.markdown,
      version: Number(item.version),
      updatedAt: String(item.updatedAt),
      updatedById: String(item.updatedById),
      updatedByName: String(item.updatedByName),
    };
  }

  async save(next: Guidelines, audit: AuditEntry): Promise<boolean> {
    const t = this.db.tableName;
    // Versions count saves: two admins saving at once must not both become the same version.
    const condition =
      next.version <= 1
        ? { ConditionExpression: ITEM_ABSENT }
        : {
            ConditionExpression: 'version = :previous',
            ExpressionAttributeValues: { ':previous': next.version - 1 },
          };
    const outcome = await transact(this.db, [
      {
        Put: {
          TableName: t,
          Item: { ...keys.settings('GUIDELINES'), type: 'guidelines', ...next },
          ...condition,
        },
      },
      auditLinePut(t, audit),
    ]);
    return outcome.ok;
  }
}
