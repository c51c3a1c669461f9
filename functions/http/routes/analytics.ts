/**
 * Analytics and deflection (issue 18): the dashboard's report and settings for staff, and "this answered
 * my question" for anyone. The API's reads are integrations, not visitors: they count nothing.
 */
import {
  analyticsReportView,
  analyticsSettingsInputSchema,
  analyticsSettingsView,
  helpfulInputSchema,
  helpfulResultView,
  reportQuerySchema,
} from '../../../shared/domain/analytics-schemas.ts';
import { err, postParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

export const analyticsRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/analytics',
    summary:
      'Counters per day or ISO week, answered rate, time to first response, top requests and the deflection estimate (staff)',
    tag: 'analytics',
    auth: 'required',
    query: reportQuerySchema,
    responses: {
      200: { description: 'The report for the range', schema: analyticsReportView },
      400: err('A bad date or interval, from after to, or a range over 366 days'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.analytics.report(actor, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/analytics/settings',
    summary: 'The analytics settings: on or off, the indirect share and the cost per ticket (staff)',
    tag: 'analytics',
    auth: 'required',
    responses: {
      200: { description: 'The settings', schema: analyticsSettingsView },
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.analytics.settings(actor) }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/analytics/settings',
    summary: 'Replace the analytics settings (admins); turning them off stops all counting',
    tag: 'analytics',
    auth: 'required',
    body: analyticsSettingsInputSchema,
    responses: {
      200: { description: 'The settings', schema: analyticsSettingsView },
      400: err('A field is missing or out of range'),
      401: err('Not signed in'),
      403: err('Not an admin'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.analytics.saveSettings(actor, body),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/helpful',
    summary: '"This answered my question": yes or no about a question with an accepted answer (anyone)',
    tag: 'analytics',
    params: postParams,
    auth: 'optional',
    body: helpfulInputSchema,
    responses: {
      200: { description: 'Thanked; whether the answer was counted', schema: helpfulResultView },
      404: err('No such post'),
      409: err('The question has no accepted answer'),
      429: err('Answering too often; see Retry-After'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.analytics.helpful(actor, params.id, body),
    }),
  }),
];
