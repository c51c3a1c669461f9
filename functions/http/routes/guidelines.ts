/** The community guidelines: read by anyone, written by admins, accepted by members. */
import {
  guidelinesAcceptedView,
  guidelinesAcceptSchema,
  guidelinesUpdateSchema,
  guidelinesView,
} from '../../../shared/domain/sanction-schemas.ts';
import { err } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

export const guidelinesRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/guidelines',
    summary: 'The community guidelines (204 until an admin writes them)',
    tag: 'moderation',
    auth: 'optional',
    responses: {
      200: { description: 'The guidelines', schema: guidelinesView },
      204: { description: 'No guidelines yet' },
    },
    handle: async ({ runtime }) => {
      const guidelines = await runtime.services.guidelines.get();
      return guidelines ? { body: guidelines } : { status: 204 };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/guidelines',
    summary: 'Save the community guidelines as a new version (admins)',
    tag: 'moderation',
    auth: 'required',
    body: guidelinesUpdateSchema,
    responses: {
      200: { description: 'The new version', schema: guidelinesView },
      400: err('Markdown missing or too long'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      409: err('Another admin saved meanwhile'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.guidelines.update(actor, body),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/guidelines/accept',
    summary: 'Accept this version of the community guidelines (needed before a first post or comment)',
    tag: 'moderation',
    auth: 'required',
    body: guidelinesAcceptSchema,
    responses: {
      200: { description: 'What was accepted, and when', schema: guidelinesAcceptedView },
      400: err('Version missing'),
      401: err('Not signed in'),
      409: err('Not the current version'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.guidelines.accept(actor, body),
    }),
  }),
];
