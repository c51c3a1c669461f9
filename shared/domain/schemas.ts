/**
 * Input schemas, one per input, shared by the JSON API and the SvelteKit form actions.
 */
import * as z from 'zod';
import { POST_KINDS, POST_STATUSES, PROFILE_TABS, ROLES } from './types.ts';
import { MAX_TAGS } from './lists.ts';
import { ValidationError, type FieldErrors } from './errors.ts';
import { CHOOSABLE_CONSENT_LEVELS, CONSENT_LEVELS } from './consent.ts';

/** Every id Hearth makes is a ULID: 26 characters of Crockford's base 32 (no I, L, O or U). */
export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const ulid = (message: string, params?: { error: string }) => z.string(params).regex(ULID_PATTERN, message);

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

const optionalText = (max: number, what: string) =>
  z.preprocess(
    emptyToUndefined,
    z.string().trim().max(max, `${what} must be at most ${max} characters.`).optional(),
  );

export const newPostSchema = z.object({
  title: z
    .string({ error: 'Title is required.' })
    .trim()
    .min(4, 'Title must be at least 4 characters.')
    .max(140, 'Title must be at most 140 characters.')
    .regex(/^[^\p{Cc}]*$/u, 'Title cannot contain control characters.'),
  body: z.string().trim().max(10_000, 'Details must be at most 10,000 characters.').default(''),
  /** Omitted: the board's first kind (a Questions board takes questions without being told). */
  kind: z.enum(POST_KINDS, { error: 'Kind must be idea, question, story or bug.' }).optional(),
  // Stories only (kind 'story'); other kinds ignore them.
  outcome: optionalText(80, 'Outcome').describe(
    'Stories: a figure for what changed, e.g. "4 hours a week saved"',
  ),
  role: optionalText(80, 'Role').describe('Stories: your role, e.g. "Operations lead"'),
  quote: optionalText(500, 'Quote').describe('Stories: a sentence you would be happy to see quoted'),
  consent: z
    .preprocess(
      emptyToUndefined,
      z.enum(CHOOSABLE_CONSENT_LEVELS, { error: 'Choose how we may use your story.' }).optional(),
    )
    .describe('Stories (required): how we may use your story (see GET /api/stories/consent)'),
  consentVersion: z
    .preprocess(emptyToUndefined, z.string().max(40).optional())
    .describe('Stories (required): the version of the consent texts you were shown'),
  storyTags: z
    .preprocess(
      (v) => (typeof v === 'string' ? [v] : v),
      z
        .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'Tag slug is not valid.'))
        .max(5, 'A story takes at most 5 product areas.')
        .optional(),
    )
    .describe('Stories: the product areas involved, as tag slugs'),
});
export type NewPostInput = z.infer<typeof newPostSchema>;

/** A story author's new consent: a level from the texts of `version`, or withdrawn. */
export const storyConsentSchema = z.object({
  level: z.enum(CONSENT_LEVELS, { error: 'Choose how we may use your story.' }),
  version: z.string({ error: 'The consent version is required.' }).max(40),
});

export const quoteProposalSchema = z.object({
  text: z
    .string({ error: 'The quote is required.' })
    .trim()
    .min(1, 'The quote is required.')
    .max(500, 'A quote must be at most 500 characters.'),
});

export const quoteDecisionSchema = z.object({
  proposalId: ulid('The proposal id is not valid.', { error: 'Say which proposal you are answering.' }),
  decision: z.enum(['approve', 'decline'], { error: 'Decision must be approve or decline.' }),
});

/** Staff's curation of a story: featuring, an internal note, an incentive given (for the disclosure). */
export const storyCurationSchema = z
  .object({
    featured: z.boolean({ error: 'Featured must be true or false.' }),
    note: z.string().trim().max(2_000, 'The note must be at most 2,000 characters.'),
    incentive: z
      .string()
      .trim()
      .min(3, 'Describe the incentive, e.g. "a $50 gift card".')
      .max(200, 'The incentive must be at most 200 characters.'),
  })
  .partial();

export const STORY_APPROVAL_STATES = ['none', 'proposed', 'approved', 'declined'] as const;
export type StoryApprovalState = (typeof STORY_APPROVAL_STATES)[number];

export const storyWorkspaceQuerySchema = z.object({
  consent: z.preprocess(emptyToUndefined, z.enum(CONSENT_LEVELS).optional()),
  approval: z.preprocess(emptyToUndefined, z.enum(STORY_APPROVAL_STATES).optional()),
  tag: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  company: z.preprocess(emptyToUndefined, z.string().max(64).optional()),
  hasOutcome: z.preprocess(
    (v) => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : undefined),
    z.boolean().optional(),
  ),
  featured: z.preprocess(
    (v) => (v === 'true' || v === true ? true : v === 'false' || v === false ? false : undefined),
    z.boolean().optional(),
  ),
  from: z.preprocess(emptyToUndefined, z.iso.date('From must be a date (YYYY-MM-DD).').optional()),
  to: z.preprocess(emptyToUndefined, z.iso.date('To must be a date (YYYY-MM-DD).').optional()),
});
export type StoryWorkspaceQuery = z.infer<typeof storyWorkspaceQuerySchema>;

export const editPostSchema = newPostSchema.pick({ title: true, body: true });

export const tagSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, 'Tag slug is not valid.');

/** A demand threshold from a query string: a whole, non-negative number, or nothing when blank. */
const demandThreshold = (what: string) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: `${what} must be a number.` })
      .int(`${what} must be a whole number.`)
      .min(0, `${what} cannot be negative.`)
      .max(1e12, `${what} is too large.`)
      .optional(),
  );

export const listPostsQuerySchema = z.object({
  sort: z
    .enum(['trending', 'top', 'new', 'mrr', 'companies'], {
      error: 'Sort must be trending, top, new, mrr or companies.',
    })
    .default('trending')
    .describe('mrr and companies (by demand) are for staff only'),
  minMrr: demandThreshold('Minimum MRR').describe('Staff only: posts whose companies pay at least this much'),
  minCompanies: demandThreshold('Minimum companies').describe(
    'Staff only: posts backed by at least this many companies',
  ),
  status: z.preprocess(
    emptyToUndefined,
    z.enum(POST_STATUSES, { error: 'Status is not one of the known statuses.' }).optional(),
  ),
  kind: z.preprocess(
    emptyToUndefined,
    z.enum(POST_KINDS, { error: 'Kind must be idea, question, story or bug.' }).optional(),
  ),
  tag: z.preprocess(emptyToUndefined, tagSlugSchema.optional()),
  answered: z
    .preprocess(emptyToUndefined, z.enum(['yes', 'no'], { error: 'Answered must be yes or no.' }).optional())
    .describe(
      'Questions with (yes) or without (no) an accepted answer; not with another kind, nor by demand',
    ),
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, 'Limit must be at least 1.')
    .max(100, 'Limit must be at most 100.')
    .default(20),
  cursor: z.string().max(512, 'Cursor is too long.').optional(),
});
export type ListPostsQuery = z.infer<typeof listPostsQuerySchema>;

export const pageQuerySchema = listPostsQuerySchema.pick({ limit: true, cursor: true });

/** Top-level comments per page of a post's threads; a thread's replies come with it, however many. */
export const COMMENT_PAGE_SIZE = 50;

export const commentPageQuerySchema = pageQuerySchema.extend({
  limit: listPostsQuerySchema.shape.limit.unwrap().default(COMMENT_PAGE_SIZE),
});

export const searchQuerySchema = z.object({
  q: z.string({ error: 'Query is required.' }).max(200, 'Query must be at most 200 characters.'),
  board: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'Board slug is not valid.')
      .optional(),
  ),
  limit: z.coerce
    .number()
    .int()
    .min(1, 'Limit must be at least 1.')
    .max(50, 'Limit must be at most 50.')
    .default(10),
});

export const statusChangeSchema = z.object({
  status: z
    .enum(POST_STATUSES, { error: 'Status is not one of the known statuses.' })
    .refine((s) => s !== 'merged', {
      message: 'Use merge to merge a post.',
    }),
  note: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5_000, 'The note must be at most 5,000 characters.').optional(),
  ),
});

export const postTagsSchema = z.object({
  tags: z
    .array(tagSlugSchema, { error: 'Tags must be a list of tag slugs.' })
    .max(MAX_TAGS, `A post takes at most ${MAX_TAGS} tags.`)
    .transform((tags) => [...new Set(tags)]),
});

export const mergeSchema = z.object({
  into: ulid('Post id is not valid.', { error: 'The post to merge into is required.' }),
});

export const voteOnBehalfSchema = z.object({
  email: z.email({ error: 'A valid email address is required.' }).max(254),
  name: z.preprocess(
    emptyToUndefined,
    z.string().trim().min(1).max(100, 'Name must be at most 100 characters.').optional(),
  ),
  source: z
    .string({ error: 'Say where the request came from (a call, a ticket, a meeting).' })
    .trim()
    .min(2, 'Say where the request came from (a call, a ticket, a meeting).')
    .max(200, 'Source must be at most 200 characters.'),
});

export const newCommentSchema = z.object({
  body: z
    .string({ error: 'A comment needs some text.' })
    .trim()
    .min(1, 'A comment needs some text.')
    .max(5_000, 'A comment must be at most 5,000 characters.'),
  parentId: z.preprocess(emptyToUndefined, ulid('Reply target is not valid.').optional()),
});

export const editCommentSchema = newCommentSchema.pick({ body: true });

export const acceptAnswerSchema = z.object({
  commentId: z.preprocess(emptyToUndefined, ulid('Comment id is not valid.').nullable().default(null)),
});

export const boardInputSchema = z.object({
  slug: z
    .string({ error: 'Slug is required.' })
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'Slug takes 2-41 lowercase letters, digits and dashes.'),
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(2, 'Name must be at least 2 characters.')
    .max(60, 'Name must be at most 60 characters.'),
  description: z.string().trim().max(500, 'Description must be at most 500 characters.').default(''),
  kinds: z
    .array(z.enum(POST_KINDS, { error: 'Kinds must be idea, question, story or bug.' }))
    .min(1, 'A board takes at least one kind of post.')
    .transform((k) => [...new Set(k)]),
  archived: z.boolean().default(false),
  private: z.boolean().default(false),
  allowedDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/, 'Each allowed domain must look like example.com.'),
    )
    .max(50, 'At most 50 allowed domains.')
    .default([]),
});
/** PATCH semantics: what is left out stays as it is (so archiving does not wipe the description). */
export const boardUpdateSchema = z
  .object({
    name: boardInputSchema.shape.name,
    description: z.string().trim().max(500, 'Description must be at most 500 characters.'),
    kinds: boardInputSchema.shape.kinds,
    archived: z.boolean({ error: 'Archived must be true or false.' }),
    private: z.boolean({ error: 'Private must be true or false.' }),
    allowedDomains: boardInputSchema.shape.allowedDomains.unwrap(),
    votersVisible: z.boolean({ error: 'Voters visible must be true or false.' }),
    holdFirstPosts: z
      .boolean({ error: 'Hold first posts must be true or false.' })
      .describe("Whether a new member's first post here waits for a moderator (issue 17)"),
  })
  .partial();

export const tagInputSchema = z.object({
  slug: tagSlugSchema,
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, 'Name is required.')
    .max(40, 'Name must be at most 40 characters.'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Colour must be a hex colour like #3b82f6.')
    .default('#64748b'),
});

export const followSchema = z.object({ following: z.boolean({ error: 'Following must be true or false.' }) });

export const magicLinkRequestSchema = z.object({
  email: z.email({ error: 'Enter a valid email address.' }).max(254, 'That email address is too long.'),
});

export const magicLinkSignInSchema = z.object({
  token: z
    .string({ error: 'The sign-in link is incomplete.' })
    .min(20, 'The sign-in link is incomplete.')
    .max(200),
});

export const ssoSignInSchema = z.object({
  token: z
    .string({ error: 'Token is required.' })
    .min(1, 'Token is required.')
    .max(4096, 'Token is too long.'),
});

export const hiddenSchema = z.object({ hidden: z.boolean({ error: 'hidden must be true or false.' }) });

export const profileQuerySchema = pageQuerySchema.extend({
  tab: z.enum(PROFILE_TABS, { error: 'Tab must be posts, votes, comments or following.' }).default('posts'),
});

export const roleSchema = z.object({
  role: z.enum(ROLES, { error: 'Role must be customer, staff or admin.' }),
});

export const DELETED_USER_NAME = 'Deleted user';
export const MAX_NAME_LENGTH = 60;

/** Control characters, and the bidirectional overrides that make a name display as another. */
const UNPRINTABLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const renameSchema = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .refine((name) => name.length > 0, 'Enter your name.')
    .refine((name) => [...name].length <= MAX_NAME_LENGTH, `Keep it to ${MAX_NAME_LENGTH} characters.`)
    .refine((name) => !UNPRINTABLE.test(name), 'Use letters, digits, spaces and punctuation only.')
    .refine(
      (name) => name.toLowerCase() !== DELETED_USER_NAME.toLowerCase(),
      'That name is reserved for deleted accounts.',
    )
    .describe(`Your name, 1–${MAX_NAME_LENGTH} characters, no control characters`),
});

export const deleteAccountSchema = z.object({
  confirmEmail: z
    .string({ error: 'Type your email address to confirm.' })
    .trim()
    .toLowerCase()
    .describe('Your email address, to confirm'),
});

/** A company id is the host product's own (an account id, a slug): case-sensitive, safe in a URL path. */
export const COMPANY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const companyIdSchema = z
  .string({ error: 'Company id is required.' })
  .regex(COMPANY_ID_PATTERN, 'Company id takes 1-64 letters, digits, dots, dashes and underscores.');

/** Big enough for any real account, small enough that sums of many stay exact in a double. */
export const MAX_MRR = 1_000_000_000_000;

/**
 * One company as a source sends it. Left out: the stored value stays (an SSO claim naming only the
 * company must not wipe the MRR the back office set); null: cleared.
 */
export const companyInputSchema = z.object({
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, 'Name is required.')
    .max(120, 'Name must be at most 120 characters.')
    .regex(/^[^\p{Cc}]*$/u, 'Name cannot contain control characters.'),
  mrr: z
    .number({ error: 'MRR must be a number.' })
    .int('MRR must be a whole number (whole currency units, no cents).')
    .min(0, 'MRR cannot be negative.')
    .max(MAX_MRR, 'MRR is too large.')
    .nullable()
    .optional()
    .describe('Monthly recurring revenue in whole currency units; null clears it'),
  plan: z
    .string({ error: 'Plan must be text.' })
    .trim()
    .min(1, 'Plan cannot be empty (send null to clear it).')
    .max(60, 'Plan must be at most 60 characters.')
    .nullable()
    .optional(),
  owner: z
    .email({ error: "Owner must be a staff member's email address." })
    .max(254, 'Owner email is too long.')
    .transform((e) => e.toLowerCase())
    .nullable()
    .optional()
    .describe("The account owner (sales rep): a staff member's email; null clears it"),
});
export type CompanyInput = z.infer<typeof companyInputSchema>;

export const companyListQuerySchema = pageQuerySchema;

export const postIdSchema = ulid('Post id is not valid.');
export const commentIdSchema = ulid('Comment id is not valid.');
export const userIdSchema = ulid('User id is not valid.');
export const boardSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'Board slug is not valid.');

/** Parses input or throws a ValidationError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error));
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
