/** Moderation test helpers: a person's standing (trust) set directly, and the audit lines of a month. */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/table/keys.ts';
import type { AuditEntry } from '../../shared/domain/moderation.ts';
import type { User } from '../../shared/domain/types.ts';
import type { TestTable } from './table.ts';

const DAY_MS = 86_400_000;

/** Makes the person `days` old with `reputation` points: member at (5, 10), trusted at (40, 200). */
export async function withStanding(
  t: TestTable,
  user: User,
  standing: { days: number; reputation: number },
): Promise<User> {
  const createdAt = new Date(Date.now() - standing.days * DAY_MS).toISOString();
  await t.db.doc.send(
    new UpdateCommand({
      TableName: t.db.tableName,
      Key: keys.user(user.id),
      UpdateExpression: 'SET reputation = :r, createdAt = :c',
      ExpressionAttributeValues: { ':r': standing.reputation, ':c': createdAt },
    }),
  );
  return { ...user, createdAt };
}

export const MEMBER = { days: 5, reputation: 10 };
export const TRUSTED = { days: 40, reputation: 200 };

/** Every audit line of the current UTC month, oldest first. */
export async function auditLines(t: TestTable): Promise<AuditEntry[]> {
  const month = new Date().toISOString().slice(0, 7);
  const out = await t.db.doc.send(
    new QueryCommand({
      TableName: t.db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditMonthPartition(month) },
    }),
  );
  return (out.Items ?? []) as AuditEntry[];
}

/** The user item's raw fields (flag record, withheld count). */
export async function rawUser(t: TestTable, userId: string): Promise<Record<string, unknown>> {
  const out = await t.db.doc.send(
    new QueryCommand({
      TableName: t.db.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': keys.user(userId).pk, ':sk': keys.user(userId).sk },
    }),
  );
  return out.Items?.[0] ?? {};
}

/** How much of the person's content moderators hid or removed (their record beside the user item). */
export async function withheldCount(t: TestTable, userId: string): Promise<number | undefined> {
  return (await t.stores.moderation.histories([userId])).get(userId)?.withheldCount;
}
