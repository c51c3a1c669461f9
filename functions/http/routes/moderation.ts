/** Flags, staff's hide, remove and restore, the review queue and its decisions, and the settings (issue 17). */
import * as z from 'zod';
import {
  decisionInputSchema,
  flagInputSchema,
  flagResultView,
  moderateInputSchema,
  moderationResultView,
  moderationSettingsSchema,
  moderationSettingsView,
  queueQuerySchema,
  reviewItemIdSchema,
  reviewQueueView,
} from '../../../shared/domain/moderation-schemas.ts';
import type { Actor } from '../../../shared/domain/types.ts';
import type { Runtime } from '../../../shared/runtime/services.ts';
import { commentParams, err, postParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

const flagResponses = {
  201: { description: 'Flagged; withheld when the flags passed the threshold', schema: flagResultView },
  400: err('No reason, or no note for reason other'),
  401: err('Not signed in'),
  403: err('Your own post or comment, or you are sanctioned'),
  404: err('No such post or comment'),
  409: err('You flagged it already, or the moderators already withheld it'),
  429: err('Flagging too often; see Retry-After'),
};

const moderateResponses = {
  200: { description: 'Where it stands now', schema: moderationResultView },
  400: err('No reason to hide or remove'),
  401: err('Not signed in'),
  403: err('Not staff'),
  404: err('No such post or comment'),
  409: err('It changed meanwhile, or its author deleted the comment'),
};

function moderate(
  runtime: Runtime,
  actor: Actor,
  target: { postId: string; commentId?: string },
  body: z.infer<typeof moderateInputSchema>,
) {
  const input = body.reason !== undefined ? { reason: body.reason } : {};
  const service = runtime.services.moderation;
  if (body.action === 'hide') return service.hide(actor, target, input);
  if (body.action === 'remove') return service.remove(actor, target, input);
  return service.restore(actor, target, input);
}

export const moderationRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/flags',
    summary: 'Flag a post for the moderators (once each; staff flags withhold it at once)',
    tag: 'moderation',
    params: postParams,
    auth: 'required',
    body: flagInputSchema,
    responses: flagResponses,
    handle: async ({ runtime, actor, params, body }) => ({
      status: 201,
      body: await runtime.services.moderation.flag(actor, { postId: params.id }, body),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/comments/{commentId}/flags',
    summary: 'Flag a comment for the moderators (once each; staff flags withhold it at once)',
    tag: 'moderation',
    params: commentParams,
    auth: 'required',
    body: flagInputSchema,
    responses: flagResponses,
    handle: async ({ runtime, actor, params, body }) => ({
      status: 201,
      body: await runtime.services.moderation.flag(
        actor,
        { postId: params.id, commentId: params.commentId },
        body,
      ),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/moderation',
    summary: 'Hide, remove or restore a post (staff); the author is told why, privately',
    tag: 'moderation',
    params: postParams,
    auth: 'required',
    body: moderateInputSchema,
    responses: moderateResponses,
    handle: async ({ runtime, actor, params, body }) => ({
      body: await moderate(runtime, actor, { postId: params.id }, body),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/comments/{commentId}/moderation',
    summary: 'Hide, remove or restore a comment (staff); the author is told why, privately',
    tag: 'moderation',
    params: commentParams,
    auth: 'required',
    body: moderateInputSchema,
    responses: moderateResponses,
    handle: async ({ runtime, actor, params, body }) => ({
      body: await moderate(runtime, actor, { postId: params.id, commentId: params.commentId }, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/moderation/queue',
    summary: 'The review queue, oldest first: held and flagged items with their flags and authors (staff)',
    tag: 'moderation',
    auth: 'required',
    query: queueQuerySchema,
    responses: {
      200: { description: 'A page of the queue', schema: reviewQueueView },
      400: err('Bad limit or cursor'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.moderation.queue(actor, query),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/moderation/queue/{itemId}/decision',
    summary:
      'Decide a review item (staff): agree (hide or remove), disagree or approve (publish), or edit then publish',
    tag: 'moderation',
    params: z.object({ itemId: reviewItemIdSchema }),
    auth: 'required',
    body: decisionInputSchema,
    responses: {
      200: { description: 'Where the item stands now', schema: moderationResultView },
      400: err('A field is invalid, or edit without text'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such review item (or already decided)'),
      409: err('The item kept changing'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.moderation.decide(actor, params.itemId, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/moderation/settings',
    summary: 'The moderation settings: the flag threshold and holding new members’ links (staff)',
    tag: 'moderation',
    auth: 'required',
    responses: {
      200: { description: 'The settings', schema: moderationSettingsView },
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.moderation.settings(actor) }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/moderation/settings',
    summary: 'Change the moderation settings (admins)',
    tag: 'moderation',
    auth: 'required',
    body: moderationSettingsSchema,
    responses: {
      200: { description: 'The settings', schema: moderationSettingsView },
      400: err('Threshold not a whole number from 1 to 100'),
      401: err('Not signed in'),
      403: err('Not an admin'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.moderation.updateSettings(actor, body),
    }),
  }),
];
