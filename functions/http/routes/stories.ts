/** Success stories: the consent ledger, the quote sign-off, staff's curation, the workspace and the wall. */
import * as z from 'zod';
import { CHOOSABLE_CONSENT_LEVELS } from '../../../shared/domain/consent.ts';
import { storyAuditRecord } from '../../../shared/domain/records.ts';
import {
  pageQuerySchema,
  quoteDecisionSchema,
  quoteProposalSchema,
  storyConsentSchema,
  storyCurationSchema,
  storyWorkspaceQuerySchema,
} from '../../../shared/domain/schemas.ts';
import { postView, writtenPostView } from '../../../shared/domain/views.ts';
import { writtenPost } from '../../../shared/services/post-service.ts';
import { err, postParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

const storyAnswer = {
  description: 'The story as you may now see it',
  schema: z.object({ post: writtenPostView }),
};
const storyPage = z.object({
  stories: z.array(postView),
  nextCursor: z.string().nullable().describe('Opaque; pass as ?cursor= for the next page'),
});

export const storiesRoutes: Route[] = [
  defineRoute({
    method: 'GET',
    path: '/api/stories/consent',
    summary: 'The consent choices a story form shows, word for word, with the version a story must name',
    tag: 'stories',
    auth: 'optional',
    responses: {
      200: {
        description: 'The current consent texts',
        schema: z.object({
          version: z.string(),
          levels: z.array(
            z.object({ level: z.enum(CHOOSABLE_CONSENT_LEVELS), label: z.string(), text: z.string() }),
          ),
        }),
      },
    },
    handle: async ({ runtime }) => ({ body: runtime.services.stories.consentTexts() }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/consent',
    summary:
      'Change how your story may be used (its author only; staff cannot): any level, or withdrawn. ' +
      'It holds at once in pages, the wall, exports, digests and the API',
    tag: 'stories',
    params: postParams,
    auth: 'required',
    body: storyConsentSchema,
    responses: {
      200: storyAnswer,
      400: err('Unknown level, or the consent wording changed since it was read'),
      401: err('Not signed in'),
      403: err('Not the author'),
      404: err('No such story'),
      409: err('The story is changing too fast; try again'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        post: writtenPost(await runtime.services.stories.changeConsent(actor, params.id, body), false, actor),
      },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/quote',
    summary: 'Propose a quote for the author to sign off (staff); a new wording replaces the last',
    tag: 'stories',
    params: postParams,
    auth: 'required',
    body: quoteProposalSchema,
    responses: {
      200: storyAnswer,
      400: err('The quote is empty or too long'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such story'),
      409: err('The author withdrew their consent'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        post: writtenPost(await runtime.services.stories.proposeQuote(actor, params.id, body), false, actor),
      },
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/quote/decision',
    summary:
      'Approve or decline the exact quote you were shown (the story’s author), named by its proposal id',
    tag: 'stories',
    params: postParams,
    auth: 'required',
    body: quoteDecisionSchema,
    responses: {
      200: storyAnswer,
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not the author'),
      404: err('No such story'),
      409: err('The quote was reworded since it was read, or was already answered'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        post: writtenPost(await runtime.services.stories.decideQuote(actor, params.id, body), false, actor),
      },
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/posts/{id}/story',
    summary: 'Curate a story (staff): feature it, keep an internal note, record an incentive given',
    tag: 'stories',
    params: postParams,
    auth: 'required',
    body: storyCurationSchema,
    responses: {
      200: storyAnswer,
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such story'),
      409: err('Its consent keeps it inside the company, so it cannot be featured'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        post: writtenPost(await runtime.services.stories.curate(actor, params.id, body), false, actor),
      },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/posts/{id}/audit',
    summary:
      "A story's append-only audit trail, oldest first (staff): who changed what, when, with the words",
    tag: 'stories',
    params: postParams,
    auth: 'required',
    responses: {
      200: { description: 'The audit trail', schema: z.object({ entries: z.array(storyAuditRecord) }) },
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such story'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: { entries: await runtime.services.stories.auditTrail(actor, params.id) },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/stories',
    summary:
      "Marketing's workspace (staff): every story, newest first, filtered by consent, approval, tag, " +
      'company, outcome, featuring and date; a page may come back short',
    tag: 'stories',
    auth: 'required',
    query: storyWorkspaceQuerySchema.extend(pageQuerySchema.shape),
    responses: {
      200: { description: 'A page of stories', schema: storyPage },
      400: err('A filter is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.stories.workspace(actor, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/stories/wall',
    summary: 'The public wall: featured stories with an approved quote, as each author’s consent allows',
    tag: 'stories',
    auth: 'optional',
    query: pageQuerySchema,
    responses: {
      200: { description: 'A page of stories', schema: storyPage },
      400: err('Bad limit or cursor'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.stories.wall(actor, query),
    }),
  }),
];
