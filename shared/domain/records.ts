/**
 * The domain's records as zod schemas; `types.ts` derives the TypeScript types from them, and the API's
 * answers (`views.ts`) are built from them, so a field added here is added everywhere or fails to check.
 * Kept apart from `types.ts` so that code importing only constants and types does not load zod.
 */
import * as z from 'zod';
import { POST_KINDS, POST_STATUSES, ROLES } from './types.ts';
import { DIGEST_TEAMS } from './digest.ts';
import { CONSENT_LEVELS } from './consent.ts';
import { MODERATION_STATES, SANCTION_LEVELS } from './moderation.ts';

/** Where a post or comment stands with the moderators (domain/moderation.ts); absent: published. */
export const moderationRecord = z.object({
  state: z.enum(MODERATION_STATES),
  reason: z.string().describe('Shown to the author, privately; never to anyone else'),
  at: z.string(),
  byId: z.string().describe("Who decided (a held post: its author's id, held by the rules)"),
  byName: z.string(),
});

export const sanctionRecord = z.object({
  level: z.enum(SANCTION_LEVELS),
  reason: z.string(),
  at: z.string(),
  byId: z.string(),
  byName: z.string(),
  until: z.string().optional(),
});

export const userRecord = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    /** The company's name, kept for readers from before companies were records. */
    company: z.string().optional(),
    /** The company record (companyRecord) the person belongs to now; votes will copy it when cast. */
    companyId: z.string().optional(),
    /** Staff: which digest sections they get (set by admins); none, no digest. */
    team: z.enum(DIGEST_TEAMS).optional(),
    /** They turned the weekly digest off. */
    digestOptOut: z.boolean().optional(),
    /** Their inbox's unread count, kept with each delivery and read (services/notifications). */
    unreadNotifications: z.number().int().nonnegative().optional(),
    /** The moderators' latest sanction (domain/moderation.ts); an ended one stays as history until lifted. */
    sanction: sanctionRecord.optional(),
    /** The community guidelines they accepted: the version, and when. */
    guidelinesAccepted: z.object({ version: z.number().int(), at: z.string() }).optional(),
    /** How often staff agreed with their flags: what their next flag weighs. */
    flagsAgreed: z.number().int().nonnegative().optional(),
    flagsDisagreed: z.number().int().nonnegative().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const COMPANY_SOURCES = ['sso', 'api', 'import'] as const;

/** A customer account. The host product owns its id; Hearth only mirrors what the host tells it. */
export const companyRecord = z
  .object({
    id: z.string().describe("The host product's own id for the company (letters, digits, `_`, `-`, `.`)"),
    name: z.string(),
    mrr: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe('Monthly recurring revenue, in whole units of the site currency (no cents)'),
    plan: z.string().optional(),
    owner: z.string().optional().describe("The account owner: a staff member's email (the sales rep)"),
    updatedAt: z.string(),
    source: z.enum(COMPANY_SOURCES).describe('Where the last change came from'),
  })
  .meta({ id: 'Company' });

export const boardRecord = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    kinds: z.array(z.enum(POST_KINDS)),
    archived: z
      .boolean()
      .describe(
        'Archived boards stay readable but take no new posts, and leave the board list for customers',
      ),
    private: z
      .boolean()
      .describe('Private boards are seen by staff, and by customers whose email domain is in allowedDomains'),
    allowedDomains: z.array(z.string()),
    votersVisible: z
      .boolean()
      .optional()
      .describe(
        'Whether customers may see who voted for a post, with their company (never its MRR); absent: no',
      ),
    holdFirstPosts: z
      .boolean()
      .optional()
      .describe("Whether a new member's first post here waits for a moderator before it is published"),
    createdAt: z.string(),
  })
  .meta({ id: 'Board' });

export const tagRecord = z
  .object({
    slug: z.string(),
    name: z.string(),
    color: z.string().describe("A CSS hex colour, for the tag's chip"),
  })
  .meta({ id: 'Tag' });

/** The official response that goes with the current status. */
export const statusNoteRecord = z.object({
  body: z.string(),
  byId: z.string(),
  byName: z.string(),
  at: z.string(),
});

/** What the author agreed to, word for word (domain/consent.ts). */
export const consentRecord = z.object({
  level: z.enum(CONSENT_LEVELS),
  version: z.string(),
  text: z.string().describe('The exact consent text the author was shown and agreed to'),
  at: z.string(),
});

export const QUOTE_STATES = ['proposed', 'approved', 'declined'] as const;

/** A quote staff propose and the author signs off, exactly as worded: a new wording is a new proposal. */
export const quoteProposalRecord = z.object({
  id: z.string(),
  text: z.string(),
  byId: z.string(),
  byName: z.string(),
  at: z.string(),
  state: z.enum(QUOTE_STATES),
  decidedAt: z.string().optional(),
});

/** A success story's own fields, on its post (kind 'story'). */
export const storyRecord = z.object({
  outcome: z.string().optional().describe('A figure for what changed, e.g. "4 hours a week saved"'),
  role: z.string().optional().describe("The author's role, as they gave it"),
  /** The author's own suggested quote: never used until staff propose it and the author approves it. */
  quote: z.string().optional(),
  /** The author's company when they told the story: the name a "name, company and logo" use shows. */
  company: z.object({ id: z.string(), name: z.string() }).optional(),
  consent: consentRecord,
  proposal: quoteProposalRecord.optional(),
  incentive: z
    .object({ description: z.string(), byId: z.string(), byName: z.string(), at: z.string() })
    .optional(),
  featuredAt: z.string().optional(),
  note: z.string().optional().describe('Staff only: an internal note'),
});

export const AUDIT_ACTIONS = [
  'story_posted',
  'consent_changed',
  'consent_withdrawn',
  'quote_proposed',
  'quote_approved',
  'quote_declined',
  'incentive_recorded',
  'featured',
  'unfeatured',
  'note_changed',
] as const;

/** One line of a story's append-only audit trail: who did what, when, and the words involved. */
export const storyAuditRecord = z
  .object({
    id: z.string(),
    postId: z.string(),
    at: z.string(),
    actorId: z.string(),
    actorName: z.string(),
    action: z.enum(AUDIT_ACTIONS),
    consent: consentRecord.optional().describe('The consent as it stood after this change'),
    quote: z.string().optional().describe('The exact quote text proposed, approved or declined'),
    detail: z.string().optional(),
  })
  .meta({ id: 'StoryAuditEntry' });

export const postRecord = z.object({
  id: z.string(),
  boardSlug: z.string(),
  kind: z.enum(POST_KINDS),
  title: z.string(),
  body: z.string().describe('Markdown source'),
  status: z.enum(POST_STATUSES),
  authorId: z.string(),
  authorName: z.string(),
  voteCount: z.number().int(),
  /** Sum of the votes' time weights (see domain/trend.ts); orders the trending lists. */
  trendScore: z.number(),
  /** The half-lives trendScore has been divided by (domain/trend.ts); absent means 0. */
  trendShift: z.number().int().nonnegative().optional(),
  /** Distinct companies among the voters (each counted once, however many of its people vote); absent: 0. */
  demandCompanies: z.number().int().nonnegative().optional(),
  /** Their summed MRR, each company's counted once; absent: 0. Staff only. */
  demandMrr: z.number().int().nonnegative().optional(),
  commentCount: z.number().int().describe('Visible comments'),
  tags: z.array(z.string()),
  statusNote: statusNoteRecord.optional().describe('The official response that goes with the status'),
  statusChangedAt: z.string().optional(),
  shippedAt: z.string().optional(),
  /** Stories (kind 'story'): the story's own fields and its consent. */
  story: storyRecord.optional(),
  /** Questions: the comment the author or staff accepted as the answer. */
  acceptedCommentId: z.string().optional(),
  /** Set when the post was merged into another; the post then has status 'merged'. */
  mergedInto: z.string().optional(),
  /** Held, flagged, hidden or removed: out of every list, search and output but its author's and staff's. */
  moderation: moderationRecord.optional(),
  /** Flags' summed weight since the last decision (domain/moderation.ts flagWeight). */
  flagWeight: z.number().nonnegative().optional(),
  // Analytics (issue 18) keeps its own marks on the post item (analyticsCountedAt, firstStaffResponseAt,
  // firstAnsweredAt) and a user's activeDay/activeWeek on theirs: toPost and toUser leave them out, so
  // they are no record's field and in no API answer.
  /** Bumped by each change of the lists the post belongs to (status, tags, merge). */
  rev: z.number().int(),
  /** Bumped by each vote and unvote: a membership change copies counts only if no vote raced it. */
  voteSeq: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const statusChangeRecord = z.object({
  id: z.string(),
  postId: z.string(),
  from: z.enum(POST_STATUSES),
  to: z.enum(POST_STATUSES),
  note: z.string().optional(),
  byId: z.string(),
  byName: z.string(),
  at: z.string(),
});

export const commentRecord = z.object({
  id: z.string(),
  postId: z.string(),
  /** Replies go one level deep: a reply's parent is always a top-level comment. */
  parentId: z.string().optional(),
  authorId: z.string(),
  authorName: z.string(),
  authorIsStaff: z.boolean(),
  body: z.string().describe('Markdown source; empty when deleted, or hidden and the viewer is not staff'),
  createdAt: z.string(),
  editedAt: z.string().optional(),
  deleted: z.boolean(),
  /** Hidden by staff: the text is kept for staff and withheld from everyone else. */
  hidden: z.boolean(),
  /** Why it is hidden or removed (a moderator's decision, flags, or a hold), shown to its author only. */
  moderation: moderationRecord.optional(),
  /** Flags' summed weight since the last decision. */
  flagWeight: z.number().nonnegative().optional(),
  /** Its author deleted it: a moderators' restore never brings it back (staff only). */
  deletedByAuthor: z.boolean().optional(),
  /** Upvotes from other people (absent: none yet). */
  voteCount: z.number().int().nonnegative().optional(),
});

export const voteRecord = z.object({
  postId: z.string(),
  userId: z.string(),
  votedAt: z.string(),
  /** The voter's company when the vote was cast: moving to another company later leaves it as it was. */
  companyId: z.string().optional(),
  /** Set when staff added the vote on the customer's behalf. */
  onBehalf: z
    .object({ byId: z.string(), byName: z.string(), source: z.string(), ip: z.string().optional() })
    .optional(),
});

export const subscriptionRecord = z.object({
  postId: z.string(),
  userId: z.string(),
  following: z.boolean(),
  reason: z.enum(['author', 'voter', 'commenter', 'follower', 'merge']),
  since: z.string(),
});
