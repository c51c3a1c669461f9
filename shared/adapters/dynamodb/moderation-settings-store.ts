/** The site's moderation settings in DynamoDB: one item (SETTINGS / MODERATION), saved with its audit line. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_MODERATION_SETTINGS,
  type AuditEntry,
  type ModerationSettings,
} from '../../domain/moderation.ts';
import { keys } from '../../table/keys.ts';
import { auditLinePut } from './audit-log.ts';
import type { Db } from './client.ts';
import { transact } from './transact.ts';

export async function readModerationSettings(db: Db): Promise<ModerationSettings> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.settings('MODERATION') }),
  );
  const item = out.Item ?? {};
  return {
    flagThreshold:
      typeof item.flagThreshold === 'number' ? item.flagThreshold : DEFAULT_MODERATION_SETTINGS.flagThreshold,
    holdLinksFromNewMembers:
      typeof item.holdLinksFromNewMembers === 'boolean'
        ? item.holdLinksFromNewMembers
        : DEFAULT_MODERATION_SETTINGS.holdLinksFromNewMembers,
  };
}

export async function saveModerationSettings(
  db: Db,
  settings: ModerationSettings,
  audit: AuditEntry,
): Promise<void> {
  const t = db.tableName;
  const outcome = await transact(db, [
    {
      Put: {
        TableName: t,
        Item: { ...keys.settings('MODERATION'), type: 'moderationSettings', ...settings },
      },
    },
    auditLinePut(t, audit),
  ]);
  if (!outcome.ok) {
    throw new Error(`Settings transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }
}
