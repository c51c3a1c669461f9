/** What staff do to a post: status with a public note, tags, merging duplicates. */
import * as z from 'zod';
import { writtenPostView } from '../../../shared/domain/views.ts';
import { mergeSchema, postTagsSchema, statusChangeSchema } from '../../../shared/domain/schemas.ts';
import { err, postParams } from './common.ts';
import { writtenPost } from '../../../shared/services/post-service.ts';
import { defineRoute, type Route } from '../router.ts';
export const triageRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/status',
    summary: 'Change a post’s status with an optional public note (staff); followers are emailed',
    tag: 'moderation',
    params: postParams,
    auth: 'required',
    body: statusChangeSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: writtenPostView }) },
      400: err('Unknown status or note too long'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('The post was merged'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: writtenPost(await runtime.services.posts.changeStatus(actor, params.id, body)) },
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/tags',
    summary: 'Set a post’s tags (staff)',
    tag: 'moderation',
    params: postParams,
    auth: 'required',
    body: postTagsSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: writtenPostView }) },
      400: err('Unknown tag or too many'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: writtenPost(await runtime.services.posts.setTags(actor, params.id, body)) },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/merge',
    summary: 'Merge this post into another (staff): votes move without double counting, followers follow',
    tag: 'moderation',
    params: postParams,
    auth: 'required',
    body: mergeSchema,
    responses: {
      200: {
        description: 'Both posts after the merge',
        schema: z.object({ from: writtenPostView, into: writtenPostView }),
      },
      400: err('Bad target'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('Already merged elsewhere'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.posts
        .merge(actor, params.id, body)
        .then(({ from, into }) => ({ from: writtenPost(from), into: writtenPost(into) })),
    }),
  }),
];
