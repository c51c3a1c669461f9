/** Notification preferences in DynamoDB: one small item in the person's partition, a field per kind. */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PREFERENCE_KINDS, withDefaults, type NotificationPrefs } from '../../domain/notifications.ts';
import { updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { NotificationPrefsStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll } from './query-page.ts';

export class DynamoNotificationPrefs implements NotificationPrefsStore {
  constructor(private readonly db: Db) {}

  async get(userId: string): Promise<NotificationPrefs> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.notificationPrefs(userId) }),
    );
    return withDefaults(out.Item);
  }

  async getMany(userIds: readonly string[]): Promise<Map<string, NotificationPrefs>> {
    const ids = [...new Set(userIds)];
    const items = ids.length > 0 ? await batchGetAll(this.db, ids.map(keys.notificationPrefs)) : [];
    const stored = new Map(items.map((item) => [item.userId as string, item]));
    return new Map(ids.map((id) => [id, withDefaults(stored.get(id))]));
  }

  async set(userId: string, changes: Partial<NotificationPrefs>): Promise<NotificationPrefs> {
    const set: Record<string, unknown> = { type: 'notificationPrefs', userId };
    for (const kind of PREFERENCE_KINDS) if (changes[kind]) set[kind] = changes[kind];
    const out = await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.notificationPrefs(userId),
        ...updateInput({ set }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withDefaults(out.Attributes);
  }
}
