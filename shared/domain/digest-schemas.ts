/** What the digest's API and forms accept: one definition for both, and for the OpenAPI document. */
import * as z from 'zod';
import { DIGEST_TEAMS, type DigestSend, type DigestWeek } from './digest.ts';
import { POST_KINDS, POST_STATUSES } from './types.ts';
import { isoWeekSchema } from './iso-week.ts';
import { pageQuerySchema } from './schemas.ts';

export const sendDigestSchema = z.object({ week: isoWeekSchema }).strict();

export const digestPreviewQuerySchema = z
  .object({
    week: isoWeekSchema.optional(),
    /** A recipient's key, as listed by the preview (`user:<id>` or `email:<address>`). */
    as: z.string().min(1).max(320, 'The recipient is too long.').optional(),
  })
  .strict();

export const digestArchiveQuerySchema = pageQuerySchema;

export const digestTeamSchema = z
  .object({
    team: z.enum([...DIGEST_TEAMS, 'none'], {
      error: 'Choose sales, marketing, product or none.',
    }),
  })
  .strict();

/** Forms send checkboxes as "on" or nothing; the API sends booleans. */
export const digestSettingsSchema = z
  .object({
    digest: z.preprocess(
      (v) => (v === 'on' || v === 'true' ? true : v === 'off' || v === 'false' ? false : v),
      z.boolean({ error: 'Say whether you want the weekly digest (true or false).' }),
    ),
  })
  .strict();

// What the API answers: the shapes of domain/digest.ts, as schemas the OpenAPI document is made from.
const postRef = z.object({ postId: z.string(), title: z.string() });
const weekNumbers = z.object({
  posts: z.number().int(),
  votes: z.number().int(),
  comments: z.number().int(),
  activeCustomers: z.number().int(),
  companies: z.number().int(),
});
const digestPost = postRef.extend({
  boardSlug: z.string(),
  kind: z.enum(POST_KINDS),
  status: z.enum(POST_STATUSES),
  votes: z.number().int(),
  weekVotes: z.number().int().describe('Votes added this week, net of votes taken back'),
});
const digestStory = postRef.extend({
  attribution: z.string(),
  quote: z.string().optional().describe('The approved quote, exactly as its author signed it off'),
  disclosure: z.string().optional(),
});

export const digestWeekView = z
  .object({
    week: z.string().describe('ISO week, e.g. 2026-W49'),
    timeZone: z.string(),
    monday: z.string(),
    sunday: z.string(),
    builtAt: z.string(),
    numbers: weekNumbers.describe("Customers' activity that week"),
    previous: weekNumbers.describe('The same for the week before'),
    days: z.array(
      z.object({
        day: z.string(),
        posts: z.number().int(),
        votes: z.number().int(),
        comments: z.number().int(),
      }),
    ),
    topNewIdeas: z.array(digestPost),
    movers: z.array(digestPost),
    statusChanges: z.array(
      postRef.extend({
        boardSlug: z.string(),
        from: z.enum(POST_STATUSES),
        to: z.enum(POST_STATUSES),
        note: z.string().optional(),
        byName: z.string(),
        at: z.string(),
      }),
    ),
    champions: z.array(
      z.object({
        userId: z.string(),
        name: z.string(),
        accepted: z.number().int(),
        comments: z.number().int(),
      }),
    ),
    stories: z.object({ approved: z.array(digestStory), featured: z.array(digestStory) }),
  })
  .meta({ id: 'DigestWeek' });

export const digestWeekSummaryView = digestWeekView
  .pick({ week: true, monday: true, sunday: true, builtAt: true, numbers: true })
  .meta({ id: 'DigestWeekSummary' });

export const digestRecipientView = z
  .object({
    key: z.string().describe('`user:<id>` or `email:<address>`; pass as ?as= to see their digest'),
    email: z.string(),
    name: z.string(),
    team: z.enum(DIGEST_TEAMS),
  })
  .meta({ id: 'DigestRecipient' });

export const digestRunView = z.object({
  week: z.string(),
  status: z.enum(['started', 'empty']).describe('`empty`: nothing happened that week; nobody is emailed'),
  queued: z.number().int().describe('Recipients whose email was queued now'),
  alreadySent: z.number().int().describe('Recipients who already had this week’s digest'),
});

export const digestRenderingView = z.object({
  week: digestWeekView,
  recipient: digestRecipientView,
  recipients: z.array(digestRecipientView),
  subject: z.string(),
  html: z.string().describe('The email’s HTML; its chart is the inline image cid:activity-chart@hearth'),
  text: z.string(),
  empty: z.boolean(),
});

export const digestSendView = z.object({
  recipient: z.string(),
  email: z.string(),
  team: z.enum(DIGEST_TEAMS),
  status: z.enum(['sending', 'sent']),
  claimedAt: z.string(),
  sentAt: z.string().optional(),
});

// The schemas above and the domain's types must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameWeek: Same<z.infer<typeof digestWeekView>, DigestWeek> = true;
const sameSend: Same<z.infer<typeof digestSendView>, DigestSend> = true;
void sameWeek;
void sameSend;
