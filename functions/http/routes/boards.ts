/** Boards and tags. */
import * as z from 'zod';
import { boardView, tagView } from '../../../shared/domain/views.ts';
import { boardInputSchema, boardUpdateSchema, tagInputSchema } from '../../../shared/domain/schemas.ts';
import { err, boardParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';
export const boardsRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/boards',
    summary: 'All boards',
    tag: 'boards',
    auth: 'optional',
    responses: { 200: { description: 'The boards', schema: z.object({ boards: z.array(boardView) }) } },
    handle: async ({ runtime, actor }) => ({ body: { boards: await runtime.services.boards.list(actor) } }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/boards/{slug}',
    summary: 'One board',
    tag: 'boards',
    params: boardParams,
    auth: 'optional',
    responses: {
      200: { description: 'The board', schema: z.object({ board: boardView }) },
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: { board: await runtime.services.boards.get(actor, params.slug) },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/boards',
    summary: 'Create a board (admins)',
    tag: 'boards',
    auth: 'required',
    body: boardInputSchema,
    responses: {
      201: { description: 'The new board', schema: z.object({ board: boardView }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      409: err('The slug is taken'),
    },
    handle: async ({ runtime, actor, body }) => ({
      status: 201,
      body: { board: await runtime.services.boards.create(actor, body) },
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/boards/{slug}',
    summary: 'Edit, archive or restore a board (admins)',
    tag: 'boards',
    params: boardParams,
    auth: 'required',
    body: boardUpdateSchema,
    responses: {
      200: { description: 'The board', schema: z.object({ board: boardView }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { board: await runtime.services.boards.update(actor, params.slug, body) },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/tags',
    summary: 'All tags',
    tag: 'boards',
    auth: 'optional',
    responses: { 200: { description: 'The tags', schema: z.object({ tags: z.array(tagView) }) } },
    handle: async ({ runtime, actor }) => ({ body: { tags: await runtime.services.boards.tags(actor) } }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/tags',
    summary: 'Create or rename a tag (staff)',
    tag: 'boards',
    auth: 'required',
    body: tagInputSchema,
    responses: {
      200: { description: 'The tag', schema: z.object({ tag: tagView }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: { tag: await runtime.services.boards.putTag(actor, body) },
    }),
  }),
];
