/**
 * Reading the moderation audit log: admins page through a month, newest first, and export it as CSV.
 * The log is append-only; nothing here or anywhere writes to a line once it is put.
 */
import { csvRecord } from '../../domain/csv.ts';
import type { AuditEntry } from '../../domain/moderation.ts';
import { auditCsvQuerySchema, auditQuerySchema, type AuditEntryView } from '../../domain/sanction-schemas.ts';
import { parseInput } from '../../domain/schemas.ts';
import type { Actor } from '../../domain/types.ts';
import type { AuditLogStore, Clock } from '../../ports/index.ts';
import { requireAdmin } from '../policy.ts';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'action',
  'actorId',
  'actorName',
  'targetKind',
  'postId',
  'commentId',
  'userId',
  'reason',
  'before',
  'after',
] as const;

export class AuditLogService {
  constructor(private readonly deps: { auditLog: AuditLogStore; clock: Clock }) {}

  async page(actor: Actor, input: unknown = {}): Promise<{ items: AuditEntryView[]; cursor?: string }> {
    requireAdmin(actor, 'read the audit log');
    const { month, cursor, limit } = parseInput(auditQuerySchema, input ?? {});
    const page = await this.deps.auditLog.page(month ?? this.thisMonth(), limit, cursor);
    return { items: page.items, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) };
  }

  /** The month's lines, oldest first, one per row; before and after as JSON. */
  async csv(actor: Actor, input: unknown): Promise<string> {
    requireAdmin(actor, 'export the audit log');
    const { month } = parseInput(auditCsvQuerySchema, input);
    const lines = await this.deps.auditLog.month(month);
    return csvRecord(AUDIT_CSV_COLUMNS) + lines.map((line) => csvRecord(row(line))).join('');
  }

  private thisMonth(): string {
    return this.deps.clock.now().toISOString().slice(0, 7);
  }
}

const json = (value: unknown) => (value === undefined ? '' : JSON.stringify(value));

const row = (line: AuditEntry) => [
  line.id,
  line.at,
  line.action,
  line.actorId,
  line.actorName,
  line.target.kind,
  line.target.postId,
  line.target.commentId,
  line.target.userId,
  line.reason,
  json(line.before),
  json(line.after),
];
