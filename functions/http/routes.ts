/** The JSON API's routes: each parses nothing itself and hands the raw input to a domain service. */
import { z } from 'zod';
import {
  acceptAnswerSchema,
  boardInputSchema,
  boardUpdateSchema,
  editCommentSchema,
  editPostSchema,
  followSchema,
  listPostsQuerySchema,
  magicLinkRequestSchema,
  magicLinkSignInSchema,
  mergeSchema,
  newCommentSchema,
  newPostSchema,
  pageQuerySchema,
  postTagsSchema,
  searchQuerySchema,
  ssoSignInSchema,
  statusChangeSchema,
  tagInputSchema,
  voteOnBehalfSchema,
} from '../../shared/domain/schemas.ts';
import { profileQuerySchema, roleSchema } from '../../shared/services/profile-service.ts';
import { clearedSessionCookie, sessionCookie } from '../../shared/auth/session-token.ts';
import { clientAddress } from '../../shared/http/client-address.ts';
import {
  boardSchema,
  commentSchema,
  errorSchema,
  postPageSchema,
  profileSchema,
  roadmapSchema,
  tagSchema,
  postDetailSchema,
  postListSchema,
  postSchema,
  userSchema,
  voteResultSchema,
} from './api-schemas.ts';
import type { Route } from './router.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { idempotencyKeySchema } from '../../shared/services/idempotency.ts';

const err = (description: string) => ({ description, schema: errorSchema });

/** Creations take an Idempotency-Key, so that a client may retry one whose answer it never got. */
const idempotencyHeaders = z.object({
  'idempotency-key': idempotencyKeySchema.describe(
    'Any unique string (a UUID): sending the same request again with the same key within 24 hours ' +
      'answers with what the first one created instead of creating it twice',
  ),
});

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
      401: err(
        'The token is expired, unsigned, wrongly signed or malformed, lacks exp or iat, lives over 10 minutes, or was already used',
      ),
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
    path: '/api/auth/magic-link',
    summary:
      'Email a single-use sign-in link (15 minutes); the answer never says whether the address has an account',
    tag: 'auth',
    auth: 'none',
    body: magicLinkRequestSchema,
    responses: {
      202: {
        description: 'If the address can receive email, a link is on its way',
        schema: z.object({ message: z.string() }),
      },
      400: err('Not an email address'),
      429: err('Too many sign-in requests from this address or for this email; see Retry-After'),
    },
    handle: async ({ runtime, body, event }) => {
      await runtime.services.auth.requestMagicLink(body ?? {}, {
        ip: clientAddress(event, runtime.config.originSecret),
      });
      return {
        status: 202,
        body: { message: 'If the address can receive email, a sign-in link is on its way.' },
      };
    },
  },
  {
    method: 'POST',
    path: '/api/auth/magic-link/sign-in',
    summary: 'Sign in with the token from an emailed link (single use)',
    tag: 'auth',
    auth: 'none',
    body: magicLinkSignInSchema,
    responses: {
      200: { description: 'Signed in; the session cookie is set', schema: z.object({ user: userSchema }) },
      400: err('No token'),
      401: err('The link expired or was already used'),
    },
    handle: async ({ runtime, body }) => {
      const { user, sessionToken } = await runtime.services.auth.signInWithMagicLink(body ?? {});
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
    method: 'POST',
    path: '/api/auth/sign-out-everywhere',
    summary: 'End every session of the signed-in user, on every device',
    tag: 'auth',
    auth: 'required',
    responses: {
      200: { description: 'Signed out everywhere', schema: z.object({ sessionsEnded: z.number().int() }) },
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor }) => ({
      body: await runtime.services.auth.signOutEverywhere(actor),
      cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })],
    }),
  },
  {
    method: 'GET',
    path: '/api/me/export',
    summary: 'Everything Hearth holds about you, as JSON',
    tag: 'auth',
    auth: 'required',
    responses: { 200: { description: 'Your data' }, 401: err('Not signed in') },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.account.export(actor) }),
  },
  {
    method: 'DELETE',
    path: '/api/me',
    summary: 'Delete your account: votes go (counts follow); posts and comments stay as from a deleted user',
    tag: 'auth',
    auth: 'required',
    body: z.object({ confirmEmail: z.string().describe('Your email address, to confirm') }),
    responses: {
      200: {
        description: 'Deleted; the session cookie is cleared',
        schema: z.object({ votesRemoved: z.number().int() }),
      },
      400: err('The confirmation does not match'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: await runtime.services.account.delete(actor, body ?? {}),
      cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })],
    }),
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
    method: 'PATCH',
    path: '/api/me',
    summary:
      'Change the name shown with your posts and comments (1–60 characters); an SSO sign-in sets it again',
    tag: 'auth',
    auth: 'required',
    body: z.object({ name: z.string().describe('Your name, 1–60 characters, no control characters') }),
    responses: {
      200: { description: 'The user, renamed', schema: z.object({ user: userSchema }) },
      400: err('The name is empty, too long or has control characters'),
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: { user: await runtime.services.account.rename(actor, body ?? {}) },
    }),
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
    summary: "A page of a board's posts: sorted by trending, top or new; filtered by status, kind or tag",
    tag: 'posts',
    auth: 'optional',
    query: listPostsQuerySchema,
    responses: {
      200: { description: 'A page of posts', schema: postListSchema },
      400: err('Bad sort, filter, limit or cursor'),
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.posts.list(actor, params.slug ?? '', query),
    }),
  },
  {
    method: 'POST',
    path: '/api/boards/{slug}/posts',
    summary: 'Post an idea, question, story or bug report to a board',
    tag: 'posts',
    auth: 'required',
    headers: idempotencyHeaders,
    body: newPostSchema,
    responses: {
      429: err('Posting too often; see Retry-After'),
      201: {
        description: 'The new post; with an Idempotency-Key used before, the post that request made',
        schema: z.object({ post: postSchema }),
      },
      422: err('The Idempotency-Key was used for a different request'),
      503: err('The database is busy; try again after Retry-After, with the same Idempotency-Key'),
      400: err('A field is invalid; one message per field'),
      401: err('Not signed in'),
      404: err('No such board'),
      413: err('Body over 64 KiB'),
    },
    handle: async ({ runtime, actor, params, body, headers }) => ({
      status: 201,
      body: {
        post: await runtime.services.posts.create(actor, params.slug ?? '', body ?? {}, {
          idempotencyKey: headers['idempotency-key'],
        }),
      },
    }),
  },
  {
    method: 'GET',
    path: '/api/posts/{id}',
    summary: 'A post with its comments, status history, votes per day and merge links',
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
      429: err('Voting too often; see Retry-After'),
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
      429: err('Voting too often; see Retry-After'),
      200: { description: 'The vote is gone', schema: voteResultSchema },
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params }) => ({
      body: await runtime.services.votes.unvote(actor, params.id ?? ''),
    }),
  },
  {
    method: 'POST',
    path: '/api/boards',
    summary: 'Create a board (admins)',
    tag: 'boards',
    auth: 'required',
    body: boardInputSchema,
    responses: {
      201: { description: 'The new board', schema: z.object({ board: boardSchema }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      409: err('The slug is taken'),
    },
    handle: async ({ runtime, actor, body }) => ({
      status: 201,
      body: { board: await runtime.services.boards.create(actor, body ?? {}) },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/boards/{slug}',
    summary: 'Edit, archive or restore a board (admins)',
    tag: 'boards',
    auth: 'required',
    body: boardUpdateSchema,
    responses: {
      200: { description: 'The board', schema: z.object({ board: boardSchema }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not an admin'),
      404: err('No such board'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { board: await runtime.services.boards.update(actor, params.slug ?? '', body ?? {}) },
    }),
  },
  {
    method: 'GET',
    path: '/api/tags',
    summary: 'All tags',
    tag: 'boards',
    auth: 'optional',
    responses: { 200: { description: 'The tags', schema: z.object({ tags: z.array(tagSchema) }) } },
    handle: async ({ runtime, actor }) => ({ body: { tags: await runtime.services.boards.tags(actor) } }),
  },
  {
    method: 'POST',
    path: '/api/tags',
    summary: 'Create or rename a tag (staff)',
    tag: 'boards',
    auth: 'required',
    body: tagInputSchema,
    responses: {
      200: { description: 'The tag', schema: z.object({ tag: tagSchema }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
    },
    handle: async ({ runtime, actor, body }) => ({
      body: { tag: await runtime.services.boards.putTag(actor, body ?? {}) },
    }),
  },
  {
    method: 'GET',
    path: '/api/search',
    summary: 'Full-text search over titles and bodies; the last word also matches as a prefix',
    tag: 'posts',
    auth: 'optional',
    query: searchQuerySchema,
    responses: {
      200: { description: 'Best matches first', schema: z.object({ posts: z.array(postSchema) }) },
      400: err('Bad query'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: { posts: await runtime.services.posts.search(actor, query) },
    }),
  },
  {
    method: 'GET',
    path: '/api/roadmap',
    summary: 'Planned, in progress and shipped posts across boards, most voted first',
    tag: 'posts',
    auth: 'optional',
    responses: { 200: { description: 'The roadmap columns', schema: roadmapSchema } },
    handle: async ({ runtime, actor }) => ({ body: await runtime.services.posts.roadmap(actor) }),
  },
  {
    method: 'GET',
    path: '/api/changelog',
    summary: 'Shipped posts, most recently shipped first',
    tag: 'posts',
    auth: 'optional',
    query: pageQuerySchema,
    responses: {
      200: { description: 'A page of shipped posts', schema: postPageSchema },
      400: err('Bad limit or cursor'),
    },
    handle: async ({ runtime, actor, query }) => ({
      body: await runtime.services.posts.changelog(actor, query),
    }),
  },
  {
    method: 'PATCH',
    path: '/api/posts/{id}',
    summary: 'Edit a post’s title and details (author within 30 minutes, or staff)',
    tag: 'posts',
    auth: 'required',
    body: editPostSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: postSchema }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not the author, or the 30 minutes are over'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: await runtime.services.posts.edit(actor, params.id ?? '', body ?? {}) },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/posts/{id}',
    summary: 'Delete a post (its author, while nobody else has voted or commented)',
    tag: 'posts',
    auth: 'required',
    responses: {
      204: { description: 'Deleted' },
      401: err('Not signed in'),
      403: err('Not the author, or others have voted or commented'),
      404: err('No such post'),
      409: err('Someone voted or commented meanwhile'),
    },
    handle: async ({ runtime, actor, params }) => {
      await runtime.services.posts.delete(actor, params.id ?? '');
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    path: '/api/posts/{id}/status',
    summary: 'Change a post’s status with an optional public note (staff); followers are emailed',
    tag: 'moderation',
    auth: 'required',
    body: statusChangeSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: postSchema }) },
      400: err('Unknown status or note too long'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('The post was merged'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: await runtime.services.posts.changeStatus(actor, params.id ?? '', body ?? {}) },
    }),
  },
  {
    method: 'PUT',
    path: '/api/posts/{id}/tags',
    summary: 'Set a post’s tags (staff)',
    tag: 'moderation',
    auth: 'required',
    body: postTagsSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: postSchema }) },
      400: err('Unknown tag or too many'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: await runtime.services.posts.setTags(actor, params.id ?? '', body ?? {}) },
    }),
  },
  {
    method: 'POST',
    path: '/api/posts/{id}/merge',
    summary: 'Merge this post into another (staff): votes move without double counting, followers follow',
    tag: 'moderation',
    auth: 'required',
    body: mergeSchema,
    responses: {
      200: {
        description: 'Both posts after the merge',
        schema: z.object({ from: postSchema, into: postSchema }),
      },
      400: err('Bad target'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('Already merged elsewhere'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.posts.merge(actor, params.id ?? '', body ?? {}),
    }),
  },
  {
    method: 'PUT',
    path: '/api/posts/{id}/accepted-answer',
    summary: 'Accept a comment as a question’s answer, or clear it with null (the asker or staff)',
    tag: 'comments',
    auth: 'required',
    body: acceptAnswerSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: postSchema }) },
      400: err('Not a comment of this post'),
      401: err('Not signed in'),
      403: err('Not the asker or staff'),
      404: err('No such post'),
      409: err('Not a question'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: await runtime.services.posts.acceptAnswer(actor, params.id ?? '', body ?? {}) },
    }),
  },
  {
    method: 'PUT',
    path: '/api/posts/{id}/follow',
    summary: 'Follow or unfollow a post’s updates',
    tag: 'posts',
    auth: 'required',
    body: followSchema,
    responses: {
      200: { description: 'Whether you follow it now', schema: z.object({ following: z.boolean() }) },
      400: err('following must be true or false'),
      401: err('Not signed in'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: await runtime.services.posts.follow(actor, params.id ?? '', body ?? {}),
    }),
  },
  {
    method: 'POST',
    path: '/api/posts/{id}/votes-on-behalf',
    summary: 'Add a customer’s vote heard elsewhere (staff); records who, when and from where',
    tag: 'votes',
    auth: 'required',
    body: voteOnBehalfSchema,
    responses: {
      200: { description: 'The vote is recorded', schema: voteResultSchema },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such post'),
      409: err('Voting is closed for this post'),
    },
    handle: async ({ runtime, actor, params, body, event }) => ({
      body: await runtime.services.votes.voteOnBehalf(actor, params.id ?? '', body ?? {}, {
        ip: clientAddress(event, runtime.config.originSecret),
      }),
    }),
  },
  {
    method: 'POST',
    path: '/api/posts/{id}/comments',
    summary: 'Comment on a post, or reply to a top-level comment',
    tag: 'comments',
    auth: 'required',
    headers: idempotencyHeaders,
    body: newCommentSchema,
    responses: {
      429: err('Commenting too often; see Retry-After'),
      201: {
        description: 'The comment; with an Idempotency-Key used before, the comment that request made',
        schema: z.object({ comment: commentSchema }),
      },
      422: err('The Idempotency-Key was used for a different request'),
      503: err('The database is busy; try again after Retry-After, with the same Idempotency-Key'),
      400: err('A field is invalid'),
      401: err('Not signed in'),
      404: err('No such post'),
      409: err('The post was merged'),
      413: err('Body over 64 KiB'),
    },
    handle: async ({ runtime, actor, params, body, headers }) => ({
      status: 201,
      body: {
        comment: await runtime.services.comments.create(actor, params.id ?? '', body ?? {}, {
          idempotencyKey: headers['idempotency-key'],
        }),
      },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/posts/{id}/comments/{commentId}',
    summary: 'Edit your comment (within 30 minutes)',
    tag: 'comments',
    auth: 'required',
    body: editCommentSchema,
    responses: {
      200: { description: 'The comment', schema: z.object({ comment: commentSchema }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not yours, or the 30 minutes are over'),
      404: err('No such comment'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        comment: await runtime.services.comments.edit(
          actor,
          params.id ?? '',
          params.commentId ?? '',
          body ?? {},
        ),
      },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/posts/{id}/comments/{commentId}',
    summary: 'Delete your comment',
    tag: 'comments',
    auth: 'required',
    responses: {
      204: { description: 'Deleted' },
      401: err('Not signed in'),
      403: err('Not yours'),
      404: err('No such comment'),
    },
    handle: async ({ runtime, actor, params }) => {
      await runtime.services.comments.delete(actor, params.id ?? '', params.commentId ?? '');
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    path: '/api/posts/{id}/comments/{commentId}/hidden',
    summary: 'Hide or unhide a comment (staff)',
    tag: 'moderation',
    auth: 'required',
    body: z.object({ hidden: z.boolean({ error: 'hidden must be true or false.' }) }),
    responses: {
      204: { description: 'Done' },
      400: err('hidden must be true or false'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such comment'),
    },
    handle: async ({ runtime, actor, params, body }) => {
      const hidden = (body as { hidden?: unknown } | undefined)?.hidden;
      if (typeof hidden !== 'boolean') throw new ValidationError({ hidden: 'hidden must be true or false.' });
      await runtime.services.comments.setHidden(actor, params.id ?? '', params.commentId ?? '', hidden);
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: '/api/users/{id}',
    summary: 'A person’s profile: their posts, votes, comments, or (for themself) what they follow',
    tag: 'people',
    auth: 'optional',
    query: profileQuerySchema,
    responses: {
      200: { description: 'A page of the chosen tab', schema: profileSchema },
      400: err('Bad tab, limit or cursor'),
      404: err('No such user'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.profiles.get(actor, params.id ?? '', query),
    }),
  },
  {
    method: 'PUT',
    path: '/api/users/{id}/role',
    summary: 'Make someone a customer, staff member or admin (admins; not their own role)',
    tag: 'people',
    auth: 'required',
    body: roleSchema,
    responses: {
      200: { description: 'The person', schema: z.object({ user: profileSchema.shape.user }) },
      400: err('Unknown role'),
      401: err('Not signed in'),
      403: err('Not an admin, or your own role'),
      404: err('No such user'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { user: await runtime.services.profiles.setRole(actor, params.id ?? '', body ?? {}) },
    }),
  },
  {
    method: 'POST',
    path: '/api/unsubscribe',
    summary:
      'One-click unsubscribe (RFC 8058) from the emails about one post; the signed token is the authority',
    tag: 'people',
    auth: 'none',
    ignoreBody: true,
    query: z.object({ token: z.string({ error: 'The token is missing.' }).max(1000) }),
    responses: {
      200: { description: 'Unsubscribed', schema: z.object({ postId: z.string() }) },
      400: err('The token is missing or not valid'),
    },
    handle: async ({ runtime, query }) => ({
      body: await runtime.services.notifications.unsubscribe(query.token ?? ''),
    }),
  },
];
