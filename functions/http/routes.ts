/** The JSON API's routes: each parses nothing itself and hands the raw input to a domain service. */
import { z } from 'zod';
import { listPostsQuerySchema, newPostSchema, ssoSignInSchema } from '../../shared/domain/schemas.ts';
import { clearedSessionCookie, sessionCookie } from '../../shared/auth/session-token.ts';
import {
  boardSchema,
  errorSchema,
  postDetailSchema,
  postListSchema,
  postSchema,
  userSchema,
  voteResultSchema,
} from './api-schemas.ts';
import type { Route } from './router.ts';
import { buildOpenApiDocument } from './openapi.ts';

const err = (description: string) => ({ description, schema: errorSchema });

export const routes: Route[] = [
  {
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tag: 'meta',
    auth: 'none',
    responses: { 200: { description: 'The OpenAPI document' } },
    handle: async () => ({ body: buildOpenApiDocument(routes) }),
  },
  {
    method: 'POST',
    path: '/api/auth/sso',
    summary: 'Sign in with a JWT signed by the host product (HS256, SSO_SECRET)',
    tag: 'auth',
    auth: 'none',
    body: ssoSignInSchema,
    responses: {
      200: { description: 'Signed in; the session cookie is set', schema: z.object({ user: userSchema }) },
      400: err('The body lacks a token'),
      401: err('The token is expired, unsigned, wrongly signed or malformed'),
    },
    handle: async ({ runtime, body }) => {
      const { user, sessionToken } = await runtime.services.auth.signInWithSso(body);
      return {
        body: { user },
        cookies: [sessionCookie(sessionToken, { secure: runtime.config.secureCookies })],
      };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/sign-out',
    summary: 'End the current session',
    tag: 'auth',
    auth: 'none',
    responses: { 204: { description: 'Signed out; the cookie is cleared' } },
    handle: async ({ runtime, sessionToken }) => {
      await runtime.services.auth.signOut(sessionToken);
      return { status: 204, cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })] };
    },
  },
  {
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'auth',
    auth: 'required',
    responses: {
      200: { description: 'The user', schema: z.object({ user: userSchema }) },
      401: err('Not signed in'),
    },
    handle: async ({ actor }) => ({ body: { user: actor.kind === 'user' ? actor.user : null } }),
  },
  {
    method: 'GET',
    path: '/api/boards',
    summary: 'All boards',
    tag: 'boards',
    auth: 'optional',
    responses: { 200: { description: 'The boards', schema: z.object({ boards: z.array(boardSchema) }) } },
    handle: async ({ runtime, actor }) => ({ body: { boards: await runtime.services.boards.list(actor) } }),
  },
  {
    method: 'GET',
    path: '/api/boards/{slug}',
    summary: 'One board',
    tag: 'boards',
    auth: 'optional',
    responses: {
      200: { description: 'The board', schema: z.object({ board: boardSchema }) },
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: { board: await runtime.services.boards.get(actor, params.slug ?? '') },
    }),
  },
  {
    method: 'GET',
    path: '/api/boards/{slug}/posts',
    summary: "A page of a board's posts, sorted by top or new",
    tag: 'posts',
    auth: 'optional',
    query: listPostsQuerySchema,
    responses: {
      200: { description: 'A page of posts', schema: postListSchema },
      400: err('Bad sort, limit or cursor'),
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.posts.list(actor, params.slug ?? '', query),
    }),
  },
  {
    method: 'POST',
    path: '/api/boards/{slug}/posts',
    summary: 'Post an idea, question or story to a board',
    tag: 'posts',
    auth: 'required',
    body: newPostSchema,
    responses: {
      201: { description: 'The new post', schema: z.object({ post: postSchema }) },
      400: err('A field is invalid; one message per field'),
      401: err('Not signed in'),
      404: err('No such board'),
      413: err('Body over 64 KiB'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      status: 201,
      body: { post: await runtime.services.posts.create(actor, params.slug ?? '', body ?? {}) },
    }),
  },
  {
    method: 'GET',
    path: '/api/posts/{id}',
    summary: 'A post with its comments',
    tag: 'posts',
    auth: 'optional',
    responses: { 200: { description: 'The post', schema: postDetailSchema }, 404: err('No such post') },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.posts.get(actor, params.id ?? ''),
    }),
  },
  {
    method: 'PUT',
    path: '/api/posts/{id}/vote',
    summary: 'Vote for a post (idempotent)',
    tag: 'votes',
    auth: 'required',
    responses: {
      200: { description: 'The vote is recorded', schema: voteResultSchema },
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.votes.vote(actor, params.id ?? ''),
    }),
  },
  {
    method: 'DELETE',
    path: '/api/posts/{id}/vote',
    summary: 'Withdraw a vote (idempotent)',
    tag: 'votes',
    auth: 'required',
    responses: {
      200: { description: 'The vote is gone', schema: voteResultSchema },
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.votes.unvote(actor, params.id ?? ''),
    }),
  },
];
