/**
 * What the sanctions, guidelines and audit log APIs read and answer (domain/moderation.ts holds the
 * rules): the input schemas the services parse and the response schemas the routes declare, so the
 * OpenAPI document is generated from the same definitions.
 */
import * as z from 'zod';
import { AUDIT_ACTIONS, SANCTION_LEVELS } from './moderation.ts';

export const MAX_SANCTION_REASON = 500;
export const MAX_SANCTION_DAYS = 365;
/** Guidelines are a page of text, not a book: well under the API's 64 KiB body. */
export const MAX_GUIDELINES = 20_000;
/** The lines of a person's history their standing shows (the audit log has them all). */
export const STANDING_HISTORY = 20;

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const reason = z
  .string({ error: 'Reason is required.' })
  .trim()
  .min(1, 'Reason is required.')
  .max(MAX_SANCTION_REASON, `Reason must be at most ${MAX_SANCTION_REASON} characters.`);

export const sanctionInputSchema = z.object({
  level: z.enum(SANCTION_LEVELS, { error: 'Level must be warn, silence, suspend or ban.' }),
  reason,
  days: z
    .preprocess(
      emptyToUndefined,
      z.coerce
        .number({ error: 'Days must be a number.' })
        .int('Days must be a whole number.')
        .min(1, 'Days must be at least 1.')
        .max(MAX_SANCTION_DAYS, `Days must be at most ${MAX_SANCTION_DAYS}.`)
        .optional(),
    )
    .describe('How long a silence or suspension lasts (required for those, ignored otherwise)'),
});
export type SanctionInput = z.infer<typeof sanctionInputSchema>;

export const liftSanctionSchema = z.object({
  reason: z.preprocess(
    emptyToUndefined,
    z
      .string({ error: 'Reason must be text.' })
      .trim()
      .max(MAX_SANCTION_REASON, `Reason must be at most ${MAX_SANCTION_REASON} characters.`)
      .optional(),
  ),
});

export const sanctionView = z
  .object({
    level: z.enum(SANCTION_LEVELS),
    reason: z.string(),
    at: z.string(),
    byId: z.string(),
    byName: z.string(),
    until: z.string().optional().describe('When a silence or suspension ends'),
    inForce: z.boolean().describe('False once a silence or suspension has ended'),
  })
  .meta({ id: 'Sanction' });

export const auditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    actorId: z.string(),
    actorName: z.string(),
    target: z.object({
      kind: z.enum(['post', 'comment', 'user', 'settings']),
      postId: z.string().optional(),
      commentId: z.string().optional(),
      userId: z.string().optional(),
    }),
    reason: z.string().optional(),
    before: z.unknown().optional().describe('The state before: a moderation state, sanction or settings'),
    after: z.unknown().optional().describe('The state after'),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntryView = z.infer<typeof auditEntryView>;

export const standingView = z
  .object({
    sanction: sanctionView.optional().describe("The person's latest sanction, until lifted"),
    history: z.array(auditEntryView).describe(`The newest ${STANDING_HISTORY} audit lines about them`),
  })
  .meta({ id: 'Standing' });
export type StandingView = z.infer<typeof standingView>;

export const guidelinesUpdateSchema = z.object({
  markdown: z
    .string({ error: 'Guidelines are required.' })
    .trim()
    .min(1, 'Guidelines are required.')
    .max(MAX_GUIDELINES, `Guidelines must be at most ${MAX_GUIDELINES} characters.`),
  baseVersion: z.coerce
    .number({ error: 'Base version must be a number.' })
    .int('Base version must be a whole number.')
    .min(0, 'Base version must be at least 0.')
    .describe('The version the edit started from (0 when there were none): another save meanwhile is a 409'),
});

export const guidelinesAcceptSchema = z.object({
  version: z.coerce
    .number({ error: 'Version must be a number.' })
    .int('Version must be a whole number.')
    .min(1, 'Version must be at least 1.'),
});

export const guidelinesView = z
  .object({
    markdown: z.string(),
    html: z.string().describe('The markdown rendered and sanitized'),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedByName: z.string(),
  })
  .meta({ id: 'Guidelines' });
export type GuidelinesView = z.infer<typeof guidelinesView>;

export const guidelinesAcceptedView = z
  .object({ version: z.number().int(), at: z.string() })
  .meta({ id: 'GuidelinesAccepted' });

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Month must be YYYY-MM.');

export const auditQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, 'Limit must be at least 1.')
    .max(100, 'Limit must be at most 100.')
    .default(50),
  cursor: z.string().max(512, 'Cursor is too long.').optional(),
  month: month.optional().describe('The UTC month (YYYY-MM); the current one when omitted'),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditCsvQuerySchema = z.object({
  month: z.string({ error: 'Month is required.' }).pipe(month),
});

export const auditPageView = z
  .object({ items: z.array(auditEntryView), cursor: z.string().optional() })
  .meta({ id: 'AuditPage' });

export const auditCsvView = z.object({
  month: z.string(),
  csv: z.string().describe('The month as CSV (RFC 4180), oldest first'),
});
