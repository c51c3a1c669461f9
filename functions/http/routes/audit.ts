/** The moderation audit log, for admins: a month newest first, and its export. */
import {
  auditCsvQuerySchema,
  auditCsvView,
  auditPageView,
  auditQuerySchema,
} from '../../../shared/domain/sanction-schemas.ts';
import { err } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

export const auditRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/moderation/audit',
    summary: "A page of a month's moderation audit lines, newest first (admins)",
    tag: 'moderation',
    auth: 'required',
    query: auditQuerySchema,
    responses: {
      200: { description: 'A page of lines', schema: auditPageView },
      401: err('Not signed in'),
      403: err('Not an admin'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.auditLog.page(actor, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/moderation/audit.csv',
    // The API answers JSON only (router.ts): the CSV comes as a field; the staff page serves the file.
    summary: "A month's moderation audit log as CSV text, oldest first (admins)",
    tag: 'moderation',
    auth: 'required',
    query: auditCsvQuerySchema,
    responses: {
      200: { description: 'The month as CSV', schema: auditCsvView },
      401: err('Not signed in'),
      403: err('Not an admin'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: { month: query.month, csv: await runtime.services.auditLog.csv(actor, query) },
    }),
  }),
];
