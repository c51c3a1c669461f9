/** Votes, the customer's own and those staff record on a customer's behalf. */
import { voterPageView, voteResultView } from '../../../shared/domain/views.ts';
import { pageQuerySchema, voteOnBehalfSchema } from '../../../shared/domain/schemas.ts';
import { err, postParams } from './common.ts';
import { clientAddress } from '../../../shared/http/client-address.ts';
import { defineRoute, type Route } from '../router.ts';
export const votesRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/vote',
    summary: 'Vote for a post (idempotent)',
    tag: 'votes',
    params: postParams,
    auth: 'required',
    responses: {
      429: err('Voting too often; see Retry-After'),
      200: { description: 'The vote is recorded', schema: voteResultView },
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.votes.vote(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/posts/{id}/vote',
    summary: 'Withdraw a vote (idempotent)',
    tag: 'votes',
    params: postParams,
    auth: 'required',
    responses: {
      429: err('Voting too often; see Retry-After'),
      200: { description: 'The vote is gone', schema: voteResultView },
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.votes.unvote(actor, params.id),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/votes-on-behalf',
    summary: 'Add a customer’s vote heard elsewhere (staff); records who, when and from where',
    tag: 'votes',
    params: postParams,
    auth: 'required',
    body: voteOnBehalfSchema,
    responses: {
      200: { description: 'The vote is recorded', schema: voteResultView },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params, body, event }) => ({
      body: await runtime.services.votes.voteOnBehalf(actor, params.id, body, {
        ip: clientAddress(event, runtime.config.originSecret),
      }),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/posts/{id}/voters',
    summary:
      "A page of a post's voters, in account order. Staff see each voter's company with its MRR, how the vote " +
      "was added and the post's demand; customers see names and companies only where the board allows it",
    tag: 'votes',
    params: postParams,
    auth: 'optional',
    query: pageQuerySchema,
    responses: {
      200: { description: 'A page of voters', schema: voterPageView },
      400: err('Bad limit or cursor'),
      403: err("This board's voters are for staff only"),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.demand.voters(actor, params.id, query),
    }),
  }),
];
