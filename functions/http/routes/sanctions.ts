/** Sanctions on people (staff; bans and staff by admins only), and a person's standing. */
import {
  liftSanctionSchema,
  sanctionInputSchema,
  standingView,
} from '../../../shared/domain/sanction-schemas.ts';
import { err, userParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

export const sanctionsRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/users/{id}/sanction',
    summary:
      'Warn, silence (days), suspend (days) or ban a person, with a reason (staff; admins for bans and staff)',
    tag: 'moderation',
    params: userParams,
    auth: 'required',
    body: sanctionInputSchema,
    responses: {
      200: { description: 'Their standing now', schema: standingView },
      400: err('Level, reason or days missing or invalid'),
      401: err('Not signed in'),
      403: err('Not staff; a ban or a staff member by non-admin; yourself'),
      404: err('No such person'),
      409: err('Their standing changed meanwhile'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.sanctions.sanction(actor, params.id, body),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/{id}/sanction',
    summary: "Lift a person's sanction (staff; a ban, or staff's, by admins)",
    tag: 'moderation',
    params: userParams,
    auth: 'required',
    body: liftSanctionSchema,
    responses: {
      200: { description: 'Their standing now', schema: standingView },
      400: err('Reason too long'),
      401: err('Not signed in'),
      403: err('Not staff; a ban or a staff member by non-admin; yourself'),
      404: err('No such person'),
      409: err('Their standing changed meanwhile'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.sanctions.lift(actor, params.id, body ?? {}),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/{id}/standing',
    summary: "A person's sanction and the moderation lines about them (staff, or the person)",
    tag: 'moderation',
    params: userParams,
    auth: 'required',
    responses: {
      200: { description: 'Their standing', schema: standingView },
      401: err('Not signed in'),
      403: err("Someone else's standing, not staff"),
      404: err('No such person'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.sanctions.standing(actor, params.id),
    }),
  }),
];
