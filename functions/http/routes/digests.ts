/** The weekly digest: staff preview it and read past ones; admins send a week now and set teams. */
import * as z from 'zod';
import {
  digestArchiveQuerySchema,
  digestPreviewQuerySchema,
  digestRenderingView,
  digestRunView,
  digestSendView,
  digestSettingsSchema,
  digestTeamSchema,
  digestWeekSummaryView,
  sendDigestSchema,
} from '../../../shared/domain/digest-schemas.ts';
import { isoWeekSchema } from '../../../shared/domain/iso-week.ts';
import { DIGEST_TEAMS } from '../../../shared/domain/digest.ts';
import type { DigestRendering } from '../../../shared/services/digest/digest-service.ts';
import { err, userParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

const rendering = ({ message, ...rest }: DigestRendering) => ({
  ...rest,
  subject: message.subject,
  html: message.html,
  text: message.text,
});

const digestSettings = z.object({
  team: z.enum(DIGEST_TEAMS).optional().describe('Which sections they get; absent: no digest'),
  digest: z.boolean().describe('Whether they get the weekly digest (their own switch)'),
});

export const digestsRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/digests',
    summary:
      'Send the digest of a week that has ended, now (admins): the same run as the weekly schedule; ' +
      'whoever already had that week’s digest gets nothing twice',
    tag: 'digests',
    auth: 'required',
    body: sendDigestSchema,
    responses: {
      202: {
        description: 'Queued, one email per recipient (or nothing, for an empty week)',
        schema: digestRunView,
      },
      400: err('Not an ISO week'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      409: err('The week has not ended yet'),
    },
    handle: async ({ runtime, actor, body }) => ({
      status: 202,
      body: await runtime.services.digests.sendNow(actor, body),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/digests',
    summary: 'Past digests, newest first (staff)',
    tag: 'digests',
    auth: 'required',
    query: digestArchiveQuerySchema,
    responses: {
      200: {
        description: 'A page of weeks',
        schema: z.object({
          weeks: z.array(digestWeekSummaryView),
          nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
        }),
      },
      400: err('A bad limit or cursor'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.digests.archive(actor, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/digests/preview',
    summary:
      'The coming digest (the week in progress, or ?week=) as a recipient (?as=) would get it (staff); ' +
      'nothing is kept or sent',
    tag: 'digests',
    auth: 'required',
    query: digestPreviewQuerySchema,
    responses: {
      200: { description: 'The email as it would go out', schema: digestRenderingView },
      400: err('Not an ISO week'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such recipient'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: rendering(await runtime.services.digests.preview(actor, query)),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/digests/{week}',
    summary: 'A past digest as a recipient (?as=) got it, and who got it (staff)',
    tag: 'digests',
    params: z.object({ week: isoWeekSchema }),
    auth: 'required',
    query: digestPreviewQuerySchema.omit({ week: true }),
    responses: {
      200: {
        description: 'The digest and its sends',
        schema: digestRenderingView.extend({ sends: z.array(digestSendView) }),
      },
      400: err('Not an ISO week'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No digest was built for that week, or no such recipient'),
    },
    handle: async ({ runtime, actor, params, query }) => {
      const { sends, ...rest } = await runtime.services.digests.archived(actor, params.week, query);
      return { body: { ...rendering(rest), sends } };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/digests/unsubscribe',
    summary: 'One-click unsubscribe (RFC 8058) from the weekly digest; the signed token is the authority',
    tag: 'digests',
    auth: 'none',
    ignoreBody: true,
    query: z.object({ token: z.string({ error: 'The token is missing.' }).max(1000) }),
    responses: {
      200: { description: 'Unsubscribed', schema: z.object({ email: z.string() }) },
      400: err('The token is missing or not valid'),
    },
    handle: async ({ runtime, query }) => ({
      body: await runtime.services.digests.unsubscribe(query.token),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/users/{id}/team',
    summary: 'Choose a staff member’s team, which chooses their digest’s sections (admins); none: no digest',
    tag: 'digests',
    params: userParams,
    auth: 'required',
    body: digestTeamSchema,
    responses: {
      200: { description: 'Their digest settings', schema: digestSettings },
      400: err('Unknown team, or the person is a customer'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      404: err('No such user'),
    },
    handle: async ({ runtime, actor, params, body }) => {
      const user = await runtime.services.digests.setTeam(actor, params.id, body);
      return { body: { ...(user.team ? { team: user.team } : {}), digest: !user.digestOptOut } };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/account/digest',
    summary: 'Turn your weekly digest on or off',
    tag: 'digests',
    auth: 'required',
    body: digestSettingsSchema,
    responses: {
      200: { description: 'Your digest settings', schema: digestSettings },
      400: err('`digest` is not true or false'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, body }) => {
      const user = await runtime.services.digests.setMySettings(actor, body);
      return { body: { ...(user.team ? { team: user.team } : {}), digest: !user.digestOptOut } };
    },
  }),
];
