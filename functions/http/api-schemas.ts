/**
 * Response shapes of the JSON API: the OpenAPI document, and what the router answers (it parses each
 * answer through its route's schema, so a key not named here never leaves). Requests use the domain's
 * input schemas.
 */
import { z } from 'zod';
import { POST_KINDS, POST_STATUSES, ROLES } from '../../shared/domain/types.ts';
import { PROFILE_TABS } from '../../shared/services/profile-service.ts';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().describe('One message per invalid field'),
    }),
  })
  .meta({ id: 'Error' });

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    company: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

export const boardSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    kinds: z.array(z.enum(POST_KINDS)),
    archived: z.boolean(),
    private: z.boolean(),
    allowedDomains: z
      .array(z.string())
      .optional()
      .describe('Staff only: the email domains whose customers see a private board'),
    createdAt: z.string(),
  })
  .meta({ id: 'Board' });

export const tagSchema = z
  .object({ slug: z.string(), name: z.string(), color: z.string() })
  .meta({ id: 'Tag' });

const statusNoteSchema = z.object({ body: z.string(), byId: z.string(), byName: z.string(), at: z.string() });

export const postSchema = z
  .object({
    id: z.string(),
    boardSlug: z.string(),
    kind: z.enum(POST_KINDS),
    title: z.string(),
    body: z.string().describe('Markdown source'),
    status: z.enum(POST_STATUSES),
    authorId: z.string(),
    authorName: z.string(),
    voteCount: z.number().int(),
    commentCount: z.number().int().describe('Visible comments'),
    tags: z.array(z.string()),
    statusNote: statusNoteSchema.optional().describe('The official response that goes with the status'),
    statusChangedAt: z.string().optional(),
    shippedAt: z.string().optional(),
    acceptedCommentId: z.string().optional(),
    mergedInto: z
      .string()
      .optional()
      .describe('The post it was merged into; absent when the viewer may not see that post'),
    createdAt: z.string(),
    updatedAt: z.string(),
    viewerHasVoted: z.boolean().optional(),
    votingOpen: z.boolean().optional(),
  })
  .meta({ id: 'Post' });

export const commentSchema = z
  .object({
    id: z.string(),
    postId: z.string(),
    authorId: z.string(),
    authorName: z.string(),
    parentId: z.string().optional(),
    authorIsStaff: z.boolean(),
    body: z.string().describe('Markdown source; empty when deleted, or hidden and the viewer is not staff'),
    createdAt: z.string(),
    editedAt: z.string().optional(),
    deleted: z.boolean(),
    hidden: z.boolean(),
  })
  .meta({ id: 'Comment' });

const postRefSchema = z.object({ id: z.string(), title: z.string(), boardSlug: z.string() });

export const postListSchema = z.object({
  board: boardSchema,
  posts: z.array(postSchema),
  nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
});

export const postDetailSchema = z.object({
  board: boardSchema,
  post: postSchema,
  comments: z.array(commentSchema),
  history: z.array(
    z.object({
      id: z.string(),
      postId: z.string(),
      from: z.enum(POST_STATUSES),
      to: z.enum(POST_STATUSES),
      note: z.string().optional(),
      byId: z.string(),
      byName: z.string(),
      at: z.string(),
    }),
  ),
  voteDays: z.array(z.object({ day: z.string(), votes: z.number().int() })).describe('Net votes per day'),
  mergedInto: postRefSchema.nullable(),
  mergedFrom: z.array(postRefSchema),
  following: z.boolean(),
  permissions: z.object({
    edit: z.boolean(),
    delete: z.boolean(),
    moderate: z.boolean(),
    acceptAnswer: z.boolean(),
  }),
});

export const postPageSchema = z.object({
  posts: z.array(postSchema),
  nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
});

export const roadmapSchema = z.object({
  planned: z.array(postSchema),
  in_progress: z.array(postSchema),
  shipped: z.array(postSchema),
});

export const profileSchema = z.object({
  user: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    company: z.string().optional().describe('Only for the user themself and staff'),
    email: z.string().optional().describe('Only for the user themself and staff'),
    createdAt: z.string(),
  }),
  isSelf: z.boolean(),
  tabs: z
    .array(z.enum(PROFILE_TABS))
    .describe('The tabs this viewer may open: votes for the person and staff, following for the person'),
  tab: z.enum(PROFILE_TABS),
  posts: z.array(postSchema),
  comments: z.array(commentSchema.extend({ postTitle: z.string() })),
  nextCursor: z.string().nullable(),
});
export const voteResultSchema = z.object({
  postId: z.string(),
  voted: z.boolean(),
  voteCount: z.number().int(),
});
