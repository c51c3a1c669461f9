/** The signed-in person's own account: who they are, their data, leaving. */
import * as z from 'zod';
import { accountExportView, ownUserView, userView } from '../../../shared/domain/views.ts';
import { deleteAccountSchema, renameSchema } from '../../../shared/domain/schemas.ts';
import { err } from './common.ts';
import { clearedSessionCookie } from '../../../shared/auth/session-token.ts';
import { defineRoute, type Route } from '../router.ts';
export const accountRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/me/export',
    summary: 'Everything Hearth holds about you, as JSON',
    tag: 'auth',
    auth: 'required',
    responses: {
      200: { description: 'Your data', schema: accountExportView },
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.account.export(actor) }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/me',
    summary: 'Delete your account: votes go (counts follow); posts and comments stay as from a deleted user',
    tag: 'auth',
    auth: 'required',
    body: deleteAccountSchema,
    responses: {
      200: {
        description: 'Deleted; the session cookie is cleared',
        schema: z.object({ votesRemoved: z.number().int() }),
      },
      400: err('The confirmation does not match'),
      401: err('Not signed in'),
      403: err('A sanction other than a warning is in force'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.account.delete(actor, body),
      cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })],
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: 'required',
    responses: {
      200: { description: 'The user', schema: z.object({ user: userView }) },
      401: err('Not signed in'),
    },
    handle: async ({ actor }) => ({ body: { user: actor.kind === 'user' ? ownUserView(actor.user) : null } }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/me',
    summary:
      'Change the name shown with your posts and comments (1–60 characters); an SSO sign-in sets it again',
    tag: 'auth',
    auth: 'required',
    body: renameSchema,
    responses: {
      200: { description: 'The user, renamed', schema: z.object({ user: userView }) },
      400: err('The name is empty, too long or has control characters'),
      401: err('Not signed in'),
      403: err('Silenced: a sanction other than a warning is in force'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: { user: ownUserView(await runtime.services.account.rename(actor, body)) },
    }),
  }),
];
