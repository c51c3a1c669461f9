/** The signed-in person's notifications: their inbox, its unread count, their preferences. */
import * as z from 'zod';
import {
  inboxPageView,
  markReadSchema,
  notificationPageQuerySchema,
  notificationPrefsSchema,
  notificationPrefsView,
  NOTIFICATION_KINDS,
} from '../../../shared/domain/notifications.ts';
import { err } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

export const notificationsRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/notifications',
    summary: 'Your notifications, newest first, a page at a time, with the unread count',
    tag: 'notifications',
    auth: 'required',
    query: notificationPageQuerySchema,
    responses: {
      200: { description: 'A page of your inbox', schema: inboxPageView },
      400: err('Bad limit or cursor'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, query }) => ({ body: await runtime.services.inbox.list(actor, query) }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/notifications/read',
    summary: 'Mark notifications read: `{ ids }` those, `{ all: true }` everything so far',
    tag: 'notifications',
    auth: 'required',
    body: markReadSchema,
    responses: {
      200: { description: 'The unread count after', schema: z.object({ unread: z.number().int() }) },
      400: err('Neither ids nor all, or both'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.inbox.markRead(actor, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/account/notifications',
    summary: 'Your notification preferences: for each kind, email (batched), daily (summary) or off',
    tag: 'notifications',
    auth: 'required',
    responses: {
      200: { description: 'Your preferences', schema: notificationPrefsView },
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.inbox.preferences(actor) }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/account/notifications',
    summary: 'Change your notification preferences; kinds left out keep theirs (the inbox always gets all)',
    tag: 'notifications',
    auth: 'required',
    body: notificationPrefsSchema,
    responses: {
      200: { description: 'Your preferences', schema: notificationPrefsView },
      400: err('An unknown kind or delivery'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.inbox.setPreferences(actor, body),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/notifications/unsubscribe',
    summary:
      'One-click unsubscribe (RFC 8058) from a notification email: its kinds’ email turns off; the signed token is the authority',
    tag: 'notifications',
    auth: 'none',
    ignoreBody: true,
    query: z.object({ token: z.string({ error: 'The token is missing.' }).max(1000) }),
    responses: {
      200: {
        description: 'Unsubscribed',
        schema: z.object({ kinds: z.array(z.enum(NOTIFICATION_KINDS)) }),
      },
      400: err('The token is missing or not valid'),
    },
    handle: async ({ runtime, query }) => ({ body: await runtime.services.inbox.unsubscribe(query.token) }),
  }),
];
