/** Upvotes on comments and answers, reputation, and the champions (staff mark them). */
import * as z from 'zod';
import {
  championMarkSchema,
  championMarkView,
  championsQuerySchema,
  championsView,
  commentVoteResultView,
  reputationHistoryQuerySchema,
  reputationHistoryView,
  reputationProfileView,
} from '../../../shared/domain/reputation-schemas.ts';
import { commentParams, err, userParams } from './common.ts';
import { defineRoute, type Route } from '../router.ts';

const voteResponses = (done: string) => ({
  200: { description: done, schema: commentVoteResultView },
  401: err('Not signed in'),
  403: err('Your own comment'),
  404: err('No such comment'),
  409: err('The comment is hidden or deleted'),
  429: err('Voting too often; see Retry-After'),
});

export const reputationRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/comments/{commentId}/vote',
    summary: 'Upvote a comment or answer (idempotent; not your own)',
    tag: 'reputation',
    params: commentParams,
    auth: 'required',
    responses: voteResponses('The vote is recorded'),
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.commentVotes.vote(actor, params.id, params.commentId),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/posts/{id}/comments/{commentId}/vote',
    summary: 'Withdraw an upvote on a comment (idempotent); what it gave its author goes',
    tag: 'reputation',
    params: commentParams,
    auth: 'required',
    responses: voteResponses('The vote is gone'),
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.commentVotes.unvote(actor, params.id, params.commentId),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/{id}/reputation',
    summary: "A person's reputation, trust level, badges and champion mark",
    tag: 'reputation',
    params: userParams,
    auth: 'optional',
    responses: {
      200: { description: 'Their reputation', schema: reputationProfileView },
      404: err('No such person'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.reputation.profile(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/users/{id}/reputation/history',
    summary: "A page of a person's reputation lines, newest first",
    tag: 'reputation',
    params: userParams,
    auth: 'optional',
    query: reputationHistoryQuerySchema,
    responses: {
      200: { description: 'A page of lines', schema: reputationHistoryView },
      400: err('Bad limit or cursor'),
      404: err('No such person'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.reputation.history(actor, params.id, query),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/champions',
    summary: "The month's or all time's top customers by reputation, and the champions staff marked",
    tag: 'reputation',
    auth: 'optional',
    query: championsQuerySchema,
    responses: {
      200: { description: 'The champions', schema: championsView },
      400: err('Bad period or month'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.reputation.champions(actor, query),
    }),
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/users/{id}/champion',
    summary: 'Mark a member as a champion for a year, with the reason shown on their profile (staff)',
    tag: 'reputation',
    params: userParams,
    auth: 'required',
    body: championMarkSchema,
    responses: {
      200: { description: 'The mark', schema: z.object({ champion: championMarkView }) },
      400: err('Reason missing or too long'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such person'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { champion: await runtime.services.reputation.markChampion(actor, params.id, body) },
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/users/{id}/champion',
    summary: 'Remove a champion mark (staff)',
    tag: 'reputation',
    params: userParams,
    auth: 'required',
    responses: {
      204: { description: 'The mark is gone' },
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, params }) => {
      await runtime.services.reputation.unmarkChampion(actor, params.id);
      return { status: 204 };
    },
  }),
];
