/** Response shapes of the JSON API, for the OpenAPI document. Requests use the domain's input schemas. */
import { z } from 'zod';
import { POST_KINDS, POST_STATUSES, ROLES } from '../../shared/domain/types.ts';

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
    createdAt: z.string(),
  })
  .meta({ id: 'Board' });

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
    commentCount: z.number().int(),
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
    authorIsStaff: z.boolean(),
    body: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Comment' });

export const postListSchema = z.object({
  board: boardSchema,
  posts: z.array(postSchema),
  nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
});

export const postDetailSchema = z.object({
  board: boardSchema,
  post: postSchema,
  comments: z.array(commentSchema),
});
export const voteResultSchema = z.object({
  postId: z.string(),
  voted: z.boolean(),
  voteCount: z.number().int(),
});
