/**
 * What the moderation API reads and answers (domain/moderation.ts holds the rules): the input schemas
 * ModerationService parses and the response schemas the routes declare, so the OpenAPI document is
 * generated from the same definitions.
 */
import * as z from 'zod';
import { FLAG_REASONS, HOLD_REASONS, MODERATION_STATES } from './moderation.ts';
import { TRUST_LEVELS } from './reputation.ts';
import { sanctionRecord } from './records.ts';

export const MAX_FLAG_NOTE = 500;
export const MAX_MODERATION_REASON = 500;
/** Flags shown per queue item: the first ones; the item's summed weight counts them all. */
export const QUEUE_FLAGS_SHOWN = 20;
export const QUEUE_PAGE_SIZE = 20;

const reasonText = z
  .string()
  .trim()
  .max(MAX_MODERATION_REASON, `Reason must be at most ${MAX_MODERATION_REASON} characters.`);

export const flagInputSchema = z
  .object({
    reason: z.enum(FLAG_REASONS, { error: 'Choose why you flag it.' }),
    note: z
      .string()
      .trim()
      .max(MAX_FLAG_NOTE, `The note must be at most ${MAX_FLAG_NOTE} characters.`)
      .optional()
      .describe('What is wrong; required when the reason is other'),
  })
  .refine((input) => input.reason !== 'other' || (input.note ?? '') !== '', {
    message: 'Say what is wrong.',
    path: ['note'],
  });
export type FlagInput = z.infer<typeof flagInputSchema>;

/** Hide or remove: the reason is required (the author reads it); a restore may say why. */
export const moderationReasonSchema = z.object({ reason: reasonText.optional() });

export const MODERATION_ACTIONS = ['hide', 'remove', 'restore'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

export const moderateInputSchema = z.object({
  action: z.enum(MODERATION_ACTIONS, { error: 'Action must be hide, remove or restore.' }),
  reason: reasonText.optional().describe('Required to hide or remove; shown to the author only'),
});

/** A staff member's DELETE of someone else's post removes it, with a reason. */
export const staffDeleteSchema = z.object({
  reason: reasonText
    .optional()
    .describe("Staff deleting someone else's post remove it: the reason is required"),
});

/** A review item's id as the queue gives it: `<since>#<postId>#<commentId or POST>`. */
export const reviewItemIdSchema = z
  .string()
  .max(200)
  .regex(/^[0-9A-Za-z:.#-]+$/, 'Not a review queue item.')
  .describe('A review item id, as the queue gives it');

export const queueQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(QUEUE_PAGE_SIZE),
  cursor: z.string().max(2000).optional(),
});

export const DECISIONS = ['agree', 'disagree', 'edit', 'approve'] as const;
export type Decision = (typeof DECISIONS)[number];

export const decisionInputSchema = z.object({
  decision: z.enum(DECISIONS, { error: 'Decision must be agree, disagree, edit or approve.' }),
  action: z.enum(['hide', 'remove']).optional().describe('With agree: hide (the default) or remove'),
  reason: reasonText.optional().describe('With agree: shown to the author'),
  title: z.string().trim().min(1).max(200).optional().describe('With edit, a post: its new title'),
  body: z.string().trim().min(1).max(65_536).optional().describe('With edit: the new text'),
});
export type DecisionInput = z.infer<typeof decisionInputSchema>;

export const moderationSettingsSchema = z.object({
  flagThreshold: z.coerce
    .number({ error: 'The threshold must be a number.' })
    .int('The threshold must be a whole number.')
    .min(1, 'The threshold must be between 1 and 100.')
    .max(100, 'The threshold must be between 1 and 100.'),
  holdLinksFromNewMembers: z.boolean(),
});

// Answers -----------------------------------------------------------------------------------------------

export const flagResultView = z.object({ flagged: z.literal(true), withheld: z.boolean() });
export const moderationResultView = z.object({ state: z.enum([...MODERATION_STATES, 'published']) });

export const reviewItemView = z
  .object({
    id: z.string().describe('Opaque: the decision names it'),
    since: z.string(),
    state: z.enum(['held', 'flagged']),
    holdReason: z.enum(HOLD_REASONS).optional(),
    target: z.object({ postId: z.string(), commentId: z.string().optional() }),
    boardSlug: z.string(),
    postTitle: z.string(),
    body: z.string().describe('Markdown source'),
    bodyHtml: z.string().describe('Sanitized HTML'),
    authorId: z.string(),
    authorName: z.string(),
    author: z.object({
      trustLevel: z.enum(TRUST_LEVELS),
      reputation: z.number(),
      joinedAt: z.string(),
      sanction: sanctionRecord.optional(),
      withheldCount: z.number().int().describe('Their posts and comments moderators hid or removed before'),
    }),
    flags: z.array(
      z.object({
        userId: z.string(),
        userName: z.string(),
        reason: z.enum(FLAG_REASONS),
        note: z.string().optional(),
        weight: z.number(),
        at: z.string(),
      }),
    ),
    flagWeight: z.number(),
  })
  .meta({ id: 'ReviewItem' });
export type ReviewItemView = z.infer<typeof reviewItemView>;

export const reviewQueueView = z.object({ items: z.array(reviewItemView), cursor: z.string().optional() });
export const moderationSettingsView = z
  .object({ flagThreshold: z.number().int(), holdLinksFromNewMembers: z.boolean() })
  .meta({ id: 'ModerationSettings' });
