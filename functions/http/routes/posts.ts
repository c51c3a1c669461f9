/** Posts: lists, one post, search, roadmap, changelog; writing and deleting. */
import * as z from 'zod';
import {
  postDetailView,
  postListView,
  postPageView,
  postView,
  roadmapView,
  writtenPostView,
} from '../../../shared/domain/views.ts';
import {
  editPostSchema,
  followSchema,
  listPostsQuerySchema,
  newPostSchema,
  pageQuerySchema,
  searchQuerySchema,
} from '../../../shared/domain/schemas.ts';
import { err, idempotencyHeaders, postParams, boardParams } from './common.ts';
import { staffDeleteSchema } from '../../../shared/domain/moderation-schemas.ts';
import { ForbiddenError } from '../../../shared/domain/errors.ts';
import { isStaff } from '../../../shared/domain/types.ts';
import { writtenPost } from '../../../shared/services/post-service.ts';
import { defineRoute, type Route } from '../router.ts';
export const postsRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/boards/{slug}/posts',
    summary:
      "A page of a board's posts: sorted by trending, top or new; filtered by status, kind, tag or answered",
    tag: 'posts',
    params: boardParams,
    auth: 'optional',
    query: listPostsQuerySchema,
    responses: {
      200: { description: 'A page of posts', schema: postListView },
      400: err('Bad sort, filter, limit or cursor'),
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.posts.list(actor, params.slug, query),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/boards/{slug}/posts',
    summary: 'Post an idea, question, story or bug report to a board',
    tag: 'posts',
    params: boardParams,
    auth: 'required',
    headers: idempotencyHeaders,
    body: newPostSchema,
    responses: {
      429: err('Posting too often; see Retry-After'),
      201: {
        description: 'The new post; with an Idempotency-Key used before, the post that request made',
        schema: z.object({ post: writtenPostView }),
      },
      422: err('The Idempotency-Key was used for a different request'),
      503: err('The database is busy; try again after Retry-After, with the same Idempotency-Key'),
      400: err('A field is invalid; one message per field'),
      401: err('Not signed in'),
      403: err('Silenced, suspended or banned (the message says until when, and why)'),
      404: err('No such board'),
      409: err('The community guidelines are not accepted yet'),
      413: err('Body over 64 KiB'),
    },
    handle: async ({ runtime, actor, params, body, headers }) => ({
      status: 201,
      body: {
        post: writtenPost(
          await runtime.services.posts.create(actor, params.slug, body, {
            idempotencyKey: headers['idempotency-key'],
          }),
          false,
          // Its author reads a held post's state and reason.
          actor,
        ),
      },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/posts/{id}',
    summary: 'A post with its comments, status history, votes per day and merge links',
    tag: 'posts',
    params: postParams,
    auth: 'optional',
    responses: { 200: { description: 'The post', schema: postDetailView }, 404: err('No such post') },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.posts.get(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/search',
    summary: 'Full-text search over titles and bodies; the last word also matches as a prefix',
    tag: 'posts',
    auth: 'optional',
    query: searchQuerySchema,
    responses: {
      200: { description: 'Best matches first', schema: z.object({ posts: z.array(postView) }) },
      400: err('Bad query'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: { posts: await runtime.services.posts.search(actor, query) },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/roadmap',
    summary: 'Planned, in progress and shipped posts across boards, most voted first',
    tag: 'posts',
    auth: 'optional',
    responses: { 200: { description: 'The roadmap columns', schema: roadmapView } },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.posts.roadmap(actor) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/changelog',
    summary: 'Shipped posts, most recently shipped first',
    tag: 'posts',
    auth: 'optional',
    query: pageQuerySchema,
    responses: {
      200: { description: 'A page of shipped posts', schema: postPageView },
      400: err('Bad limit or cursor'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.posts.changelog(actor, query),
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/posts/{id}',
    summary: 'Edit a post’s title and details (author within 30 minutes, or staff)',
    tag: 'posts',
    params: postParams,
    auth: 'required',
    body: editPostSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: writtenPostView }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not the author, or the 30 minutes are over'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: writtenPost(await runtime.services.posts.edit(actor, params.id, body), false, actor) },
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/posts/{id}',
    summary:
      'Delete a post (its author, while nobody else has voted or commented); staff remove it instead, with a reason',
    tag: 'posts',
    params: postParams,
    auth: 'required',
    body: staffDeleteSchema,
    responses: {
      204: { description: 'Deleted (or, by staff, removed)' },
      400: err('Staff: no reason'),
      401: err('Not signed in'),
      403: err('Not the author, or others have voted or commented'),
      404: err('No such post'),
      409: err('Someone voted or commented meanwhile'),
    },
    handle: async ({ runtime, actor, params, body }) => {
      try {
        await runtime.services.posts.delete(actor, params.id);
      } catch (error) {
        // Staff never delete someone's post outright: they remove it, kept for the author and the audit log.
        if (!(error instanceof ForbiddenError) || !isStaff(actor)) throw error;
        await runtime.services.moderation.remove(actor, { postId: params.id }, body);
      }
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/follow',
    summary: 'Follow or unfollow a post’s updates',
    tag: 'posts',
    params: postParams,
    auth: 'required',
    body: followSchema,
    responses: {
      200: { description: 'Whether you follow it now', schema: z.object({ following: z.boolean() }) },
      400: err('following must be true or false'),
      401: err('Not signed in'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.posts.follow(actor, params.id, body),
    }),
  }),
];
