/**
 * What each viewer is shown: the API's answers as zod schemas, built from the records, with the
 * services' view types derived from them. The router parses every answer through its route's schema,
 * so a key not named here never leaves, and the OpenAPI document is generated from the same schemas.
 */
import { TRUST_LEVELS } from './reputation.ts';
import * as z from 'zod';
import { PROFILE_TABS, type User } from './types.ts';
import {
  boardRecord,
  commentRecord,
  companyRecord,
  consentRecord,
  postRecord,
  quoteProposalRecord,
  sanctionRecord,
  storyRecord,
  statusChangeRecord,
  subscriptionRecord,
  tagRecord,
  userRecord,
  voteRecord,
} from './records.ts';

export const errorView = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('One message per invalid field'),
    }),
  })
  .meta({ id: 'Error' });

/**
 * The signed-in person as they see themself: their sanction without the moderator who gave it, and
 * without the flag tallies that weigh their flags (the moderators' business).
 */
export const userView = userRecord
  .omit({ sanction: true, flagsAgreed: true, flagsDisagreed: true })
  .extend({
    sanction: sanctionRecord
      .omit({ byId: true, byName: true })
      .optional()
      .describe('The moderators’ latest sanction, until lifted'),
  })
  .meta({ id: 'Me' });
export type UserView = z.infer<typeof userView>;

export function ownUserView(user: User): UserView {
  const { sanction, flagsAgreed: _agreed, flagsDisagreed: _disagreed, ...rest } = user;
  if (!sanction) return rest;
  const { level, reason, at, until } = sanction;
  return { ...rest, sanction: { level, reason, at, ...(until ? { until } : {}) } };
}
export const tagView = tagRecord;

export const boardView = boardRecord
  .extend({
    allowedDomains: boardRecord.shape.allowedDomains
      .optional()
      .describe('Staff only: the email domains whose customers see a private board'),
  })
  .meta({ id: 'Board' });
export type BoardView = z.infer<typeof boardView>;

/** What any viewer may see of a post: the stored post without the counters that keep its lists right. */
export const publicPost = postRecord
  .omit({
    flagWeight: true,
    trendScore: true,
    trendShift: true,
    rev: true,
    voteSeq: true,
    demandCompanies: true,
    demandMrr: true,
    story: true,
  })
  .extend({
    moderation: postRecord.shape.moderation.describe(
      'Staff and the author only: why the moderators withheld it (the author is not told who decided)',
    ),
  });

/**
 * A story as the viewer may see it. Public fields follow the author's consent at the moment of reading
 * (domain/consent.ts); the consent itself and the quote under sign-off are for the author and staff;
 * the note and the company for staff.
 */
export const storyView = z
  .object({
    outcome: z.string().optional(),
    attribution: z
      .object({
        byline: z.string(),
        name: z.string().optional(),
        role: z.string().optional(),
        company: z.string().optional(),
        logo: z.boolean().describe("Whether the company's logo may be shown"),
      })
      .nullable()
      .describe('How a public use names the author; null where the story may not be used in public'),
    quote: z.string().optional().describe('The approved quote, where the consent lets it out'),
    disclosure: z.string().optional().describe('Carried by every public use of an incentivised story'),
    featured: z.boolean(),
    role: storyRecord.shape.role.describe('The author and staff only'),
    authorQuote: z.string().optional().describe("The author and staff only: the author's suggested quote"),
    consent: consentRecord.optional().describe('The author and staff only'),
    proposal: quoteProposalRecord.optional().describe('The author and staff only: the quote under sign-off'),
    incentive: z.string().optional().describe('The author and staff only'),
    note: z.string().optional().describe('Staff only'),
    company: storyRecord.shape.company.describe('Staff only'),
  })
  .meta({ id: 'Story' });
export type StoryView = z.infer<typeof storyView>;

/** Who is behind a post, for staff: each company counted once, however many of its people vote. */
export const demandView = z
  .object({
    companies: z.number().int().nonnegative().describe('Distinct companies among the voters'),
    mrr: z.number().int().nonnegative().describe("Their summed MRR, each company's once"),
  })
  .meta({ id: 'Demand' });
export type DemandView = z.infer<typeof demandView>;
export type PublicPost = z.infer<typeof publicPost>;

export const postView = publicPost
  .extend({
    mergedInto: postRecord.shape.mergedInto.describe(
      'The post it was merged into; absent when the viewer may not see that post',
    ),
    viewerHasVoted: z
      .boolean()
      .describe('Whether the acting user has voted for it (always false for anonymous visitors)'),
    votingOpen: z.boolean(),
    demand: demandView.optional().describe('Staff only'),
    story: storyView.optional().describe('Stories only'),
  })
  .meta({ id: 'Post' });
export type PostSummary = z.infer<typeof postView>;

/** A post as a write answers it: the fields any viewer sees, without the viewer's own vote. */
export const writtenPostView = publicPost
  .extend({
    mergedInto: postRecord.shape.mergedInto.describe('The post it was merged into'),
    story: storyView.optional().describe('Stories only'),
  })
  .meta({ id: 'WrittenPost' });

/** What the viewer may do with a comment, decided by the service (pages only read it). */
export const commentPermissions = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  moderate: z.boolean(),
  accept: z.boolean(),
  reply: z.boolean(),
});
export type CommentPermissions = z.infer<typeof commentPermissions>;

export const commentView = commentRecord
  .extend({
    flagWeight: commentRecord.shape.flagWeight.describe('Staff only: how much its pending flags weigh'),
    deletedByAuthor: commentRecord.shape.deletedByAuthor.describe('Staff only: its author deleted it'),
    moderation: commentRecord.shape.moderation.describe(
      'Staff and the author only: why the moderators withheld it (the author is not told who decided)',
    ),
    permissions: commentPermissions.describe('What you may do with it'),
    viewerVoted: z.boolean().optional().describe('You upvoted it (on pages of comments, signed in)'),
    authorReputation: z.number().int().optional().describe("The author's reputation (on pages of comments)"),
  })
  .meta({ id: 'Comment' });
export type CommentView = z.infer<typeof commentView>;

const cursor = z.string().nullable().describe('Opaque; pass as ?cursor= for the next page');

export const postListView = z.object({ board: boardView, posts: z.array(postView), nextCursor: cursor });
export type PostList = z.infer<typeof postListView>;

export const postPageView = z.object({ posts: z.array(postView), nextCursor: cursor });

export const commentPageView = z.object({
  comments: z.array(commentView).describe('A page of threads, each comment before its replies'),
  nextCursor: cursor,
});
export type CommentPageView = z.infer<typeof commentPageView>;

export const postRef = z.object({ id: z.string(), title: z.string(), boardSlug: z.string() });
export type PostRef = z.infer<typeof postRef>;

export const postPermissions = z.object({
  edit: z.boolean(),
  delete: z.boolean(),
  moderate: z.boolean(),
  acceptAnswer: z.boolean(),
});
export type PostPermissions = z.infer<typeof postPermissions>;

export const postDetailView = z.object({
  board: boardView,
  post: postView,
  comments: z
    .array(commentView)
    .describe(
      "The first page of threads (a question's accepted answer first), each comment before its replies",
    ),
  commentsNextCursor: cursor.describe('Pass as ?cursor= to GET /api/posts/{id}/comments for more'),
  history: z.array(statusChangeRecord),
  voteDays: z.array(z.object({ day: z.string(), votes: z.number().int() })).describe('Net votes per day'),
  mergedInto: postRef.nullable(),
  mergedFrom: z.array(postRef),
  following: z.boolean(),
  permissions: postPermissions,
});
export type PostDetail = z.infer<typeof postDetailView>;

export const roadmapView = z.object({
  planned: z.array(postView),
  in_progress: z.array(postView),
  shipped: z.array(postView),
});
export type Roadmap = z.infer<typeof roadmapView>;

export const publicProfile = z.object({
  id: z.string(),
  name: z.string(),
  role: userRecord.shape.role,
  company: z.string().optional().describe('Only for the user themself and staff'),
  email: z.string().optional().describe('Only for the user themself and staff'),
  createdAt: z.string(),
  reputation: z.number().int().optional(),
  trust: z.enum(TRUST_LEVELS).optional().describe('From reputation and tenure (new, member, trusted)'),
});
export type PublicProfile = z.infer<typeof publicProfile>;

export const profileView = z.object({
  user: publicProfile,
  isSelf: z.boolean(),
  tabs: z
    .array(z.enum(PROFILE_TABS))
    .describe('The tabs this viewer may open: votes for the person and staff, following for the person'),
  tab: z.enum(PROFILE_TABS),
  posts: z.array(postView),
  comments: z.array(commentRecord.extend({ postTitle: z.string() })),
  nextCursor: cursor,
});
export type ProfilePage = z.infer<typeof profileView>;

export const voteResultView = z.object({
  postId: z.string(),
  voted: z.boolean(),
  voteCount: z.number().int(),
});
export type VoteResult = z.infer<typeof voteResultView>;

export const accountExportView = z.object({
  exportedAt: z.string(),
  user: userRecord,
  posts: z.array(postRecord),
  comments: z.array(commentRecord),
  votes: z.array(voteRecord),
  following: z.array(subscriptionRecord),
});
export type AccountExport = z.infer<typeof accountExportView>;

/** A voter as the viewer may see them: MRR and how the vote was added are for staff only. */
export const voterView = z
  .object({
    userId: z.string(),
    name: z.string(),
    votedAt: z.string(),
    company: z
      .object({
        id: z.string(),
        name: z.string(),
        mrr: z.number().int().nonnegative().optional().describe('Staff only'),
      })
      .optional()
      .describe('The company the person belonged to when they voted'),
    source: z
      .enum(['self', 'on_behalf'])
      .optional()
      .describe('Staff only: cast by the person, or added by staff on their behalf'),
    onBehalf: z
      .object({ byId: z.string(), byName: z.string(), note: z.string().describe('Where staff heard it') })
      .optional()
      .describe('Staff only'),
  })
  .meta({ id: 'Voter' });
export type Voter = z.infer<typeof voterView>;

export const voterPageView = z.object({
  voters: z
    .array(voterView)
    .describe('In the order their accounts were made (the votes partition is keyed by person)'),
  nextCursor: cursor,
  demand: demandView.optional().describe("Staff only: the post's demand"),
});
export type VoterPage = z.infer<typeof voterPageView>;

const askView = z.object({
  post: z.object({
    id: z.string(),
    title: z.string(),
    boardSlug: z.string(),
    status: postRecord.shape.status,
    voteCount: z.number().int(),
    shippedAt: z.string().optional(),
    demand: demandView,
  }),
  voters: z.number().int().describe("The company's people who vote for it"),
  lastVotedAt: z.string(),
});

export const companyPageView = z
  .object({
    company: companyRecord,
    people: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
    morePeople: z.boolean(),
    asks: z.array(askView).describe('What its people voted for, the newest ask first'),
    shipped: z.array(askView).describe('What it asked for that has shipped'),
    openDemand: z.object({
      posts: z.number().int().describe('Open posts it asks for'),
      votes: z.number().int().describe('Its votes on them'),
      mrr: z.number().int().describe('Its MRR, behind each of them'),
    }),
  })
  .meta({ id: 'CompanyPage' });
export type CompanyPage = z.infer<typeof companyPageView>;
