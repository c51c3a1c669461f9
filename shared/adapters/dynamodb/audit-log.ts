/**
 * The moderation audit log (domain/moderation.ts AuditEntry): one item per action, in a partition per
 * UTC month, put in the transaction of the action it records, so neither is ever written without the
 * other. Append-only: nothing in Hearth updates or deletes a line (the put is conditioned on absence).
 * A line that names a person (target.userId: a sanction, or content of theirs) is also on gsi1 under
 * them, so their standing reads their history in one Query.
 */
import { keys } from '../../table/keys.ts';
import { ITEM_ABSENT, partitionQuery } from '../../table/expressions.ts';
import { INDEX } from '../../table/names.ts';
import { AUDIT_ACTIONS, type AuditEntry } from '../../domain/moderation.ts';
import type { AuditLogStore, Page } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryPage } from './query-page.ts';
import { queryAll } from './query-all.ts';

export function auditLineItem(entry: AuditEntry): Record<string, unknown> {
  const { userId } = entry.target;
  return {
    ...keys.auditLine(entry.at, entry.id),
    ...(userId ? keys.auditLineAboutUser(userId, entry.at, entry.id) : {}),
    type: 'auditLine',
    ...entry,
  };
}

/** The line as a transaction item. Its key is unique to the action (a new ULID), so absence always holds. */
export function auditLinePut(tableName: string, entry: AuditEntry) {
  return { Put: { TableName: tableName, Item: auditLineItem(entry), ConditionExpression: ITEM_ABSENT } };
}

export class DynamoAuditLog implements AuditLogStore {
  constructor(private readonly db: Db) {}

  page(month: string, limit: number, cursor?: string): Promise<Page<AuditEntry>> {
    return queryPage(
      this.db,
      { partition: keys.auditMonthPartition(month) },
      { limit, ...(cursor ? { cursor } : {}), newestFirst: true },
      toAuditEntry,
    );
  }

  async month(month: string): Promise<AuditEntry[]> {
    const items = await queryAll(this.db, partitionQuery({ partition: keys.auditMonthPartition(month) }));
    return items.map(toAuditEntry);
  }

  async aboutUser(userId: string, limit: number): Promise<AuditEntry[]> {
    const page = await queryPage(
      this.db,
      { index: INDEX.gsi1, partition: keys.auditAboutUserPartition(userId) },
      { limit, newestFirst: true },
      toAuditEntry,
    );
    return page.items;
  }
}

function toAuditEntry(item: Record<string, unknown>): AuditEntry {
  const action = AUDIT_ACTIONS.find((a) => a === item.action) ?? 'settings';
  return {
    id: String(item.id),
    at: String(item.at),
    action,
    actorId: String(item.actorId),
    actorName: String(item.actorName),
    target: item.target as AuditEntry['target'],
    ...(typeof item.reason === 'string' ? { reason: item.reason } : {}),
    ...(item.before !== undefined ? { before: item.before } : {}),
    ...(item.after !== undefined ? { after: item.after } : {}),
  };
}
