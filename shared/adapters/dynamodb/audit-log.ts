/**
 * The moderation audit log (domain/moderation.ts AuditEntry): one item per action, in a partition per
 * UTC month, put in the transaction of the action it records, so neither is ever written without the
 * other. Append-only: nothing in Hearth updates or deletes a line (the put is conditioned on absence).
 */
import { keys } from '../../table/keys.ts';
import { ITEM_ABSENT } from '../../table/expressions.ts';
import type { AuditEntry } from '../../domain/moderation.ts';

export function auditLineItem(entry: AuditEntry): Record<string, unknown> {
  return { ...keys.auditLine(entry.at, entry.id), type: 'auditLine', ...entry };
}

/** The line as a transaction item. Its key is unique to the action (a new ULID), so absence always holds. */
export function auditLinePut(tableName: string, entry: AuditEntry) {
  return { Put: { TableName: tableName, Item: auditLineItem(entry), ConditionExpression: ITEM_ABSENT } };
}
