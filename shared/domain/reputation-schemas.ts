/**
 * What the reputation API reads and answers (domain/reputation.ts holds the rules): the input schemas the
 * service parses and the response schemas the routes declare, so the OpenAPI document is generated
 * from the same definitions.
 */
import * as z from 'zod';
import { BADGES, REPUTATION_REASONS, TRUST_LEVELS } from './reputation.ts';
import { pageQuerySchema } from './schemas.ts';

export const MAX_CHAMPION_REASON = 300;
/** The champions page ranks this many people. */
export const CHAMPIONS_RANKED = 25;

export const championsQuerySchema = z.object({
  period: z.enum(['month', 'all'], { error: 'Period must be month or all.' }).default('month'),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Month must be YYYY-MM.')
    .optional()
    .describe('The UTC month to rank (YYYY-MM); the current one when omitted'),
});
export type ChampionsQuery = z.infer<typeof championsQuerySchema>;

export const championMarkSchema = z.object({
  reason: z
    .string({ error: 'Reason is required.' })
    .trim()
    .min(1, 'Reason is required.')
    .max(MAX_CHAMPION_REASON, `Reason must be at most ${MAX_CHAMPION_REASON} characters.`),
});

export const reputationHistoryQuerySchema = pageQuerySchema;

const badgeIds = BADGES.map((b) => b.id) as [
  (typeof BADGES)[number]['id'],
  ...(typeof BADGES)[number]['id'][],
];
export const badgeIdView = z.enum(badgeIds);
export const trustLevelView = z.enum(TRUST_LEVELS);

export const championMarkView = z
  .object({
    reason: z.string(),
    since: z.string(),
    until: z.string().describe('A year after since; the mark shows until then'),
    byId: z.string(),
    byName: z.string(),
  })
  .meta({ id: 'ChampionMark' });

export const reputationCountersView = z.object({
  reputation: z.number().int(),
  acceptedAnswers: z.number().int(),
  ideasShipped: z.number().int(),
  storiesFeatured: z.number().int(),
  helpStreak: z.object({ lastDay: z.string(), days: z.number().int(), longest: z.number().int() }),
});

export const reputationProfileView = z
  .object({
    userId: z.string(),
    reputation: z.number().int(),
    trust: trustLevelView,
    badges: z.array(badgeIdView),
    champion: championMarkView.optional().describe('Present while the mark lasts'),
    counters: reputationCountersView,
  })
  .meta({ id: 'ReputationProfile' });
export type ReputationProfile = z.infer<typeof reputationProfileView>;

export const reputationEventView = z
  .object({
    userId: z.string(),
    at: z.string(),
    points: z.number().int(),
    reason: z.enum(REPUTATION_REASONS),
    postId: z
      .string()
      .describe(
        'Empty, like title, on a line you may not see what it is about (commentId and fromUserId absent)',
      ),
    commentId: z.string().optional(),
    title: z
      .string()
      .describe(
        'Empty for content now hidden (unless you are staff), a post on a board you may not see, or a story whose consent does not name its author (unless you are the author or staff)',
      ),
    fromUserId: z.string().optional(),
  })
  .meta({ id: 'ReputationEvent' });

export const reputationHistoryView = z.object({
  events: z.array(reputationEventView),
  nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
});
export type ReputationHistory = z.infer<typeof reputationHistoryView>;

export const championRowView = z.object({
  userId: z.string(),
  name: z.string(),
  points: z.number().int(),
  trust: trustLevelView,
  badges: z.array(badgeIdView),
});

export const championsView = z
  .object({
    period: z.enum(['month', 'all']),
    month: z.string().optional(),
    marked: z.array(z.object({ userId: z.string(), name: z.string(), mark: championMarkView })),
    ranked: z.array(championRowView),
  })
  .meta({ id: 'Champions' });
export type Champions = z.infer<typeof championsView>;

export const commentVoteResultView = z.object({
  postId: z.string(),
  commentId: z.string(),
  voted: z.boolean(),
  voteCount: z.number().int(),
});
export type CommentVoteResult = z.infer<typeof commentVoteResultView>;
