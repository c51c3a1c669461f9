/** People: profiles, roles, and unsubscribing from a post's emails. */
import * as z from 'zod';
import { profileView, publicProfile } from '../../../shared/domain/views.ts';
import { profileQuerySchema, roleSchema } from '../../../shared/domain/schemas.ts';
import { err, userParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';
export const peopleRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/users/{id}',
    summary: 'A person’s profile: their posts, votes, comments, or (for themself) what they follow',
    tag: 'people',
    params: userParams,
    auth: 'optional',
    query: profileQuerySchema,
    responses: {
      200: { description: 'A page of the chosen tab', schema: profileView },
      400: err('Bad tab, limit or cursor'),
      404: err('No such user'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.profiles.get(actor, params.id, query),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/users/{id}/role',
    summary: 'Make someone a customer, staff member or admin (admins; not their own role)',
    tag: 'people',
    params: userParams,
    auth: 'required',
    body: roleSchema,
    responses: {
      200: { description: 'The person', schema: z.object({ user: publicProfile }) },
      400: err('Unknown role'),
      401: err('Not signed in'),
      403: err('Not an admin, or your own role'),
      404: err('No such user'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { user: await runtime.services.profiles.setRole(actor, params.id, body) },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/unsubscribe',
    summary:
      'One-click unsubscribe (RFC 8058) from the emails about one post; the signed token is the authority',
    tag: 'people',
    auth: 'none',
    ignoreBody: true,
    query: z.object({ token: z.string({ error: 'The token is missing.' }).max(1000) }),
    responses: {
      200: { description: 'Unsubscribed', schema: z.object({ postId: z.string() }) },
      400: err('The token is missing or not valid'),
    },
    handle: async ({ runtime, query }) => ({
      body: await runtime.services.notifications.unsubscribe(query.token),
    }),
  }),
];
