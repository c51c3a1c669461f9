/** Comments and replies, hiding them, and accepting an answer. */
import * as z from 'zod';
import { commentPageView, commentView, writtenPostView } from '../../../shared/domain/views.ts';
import {
  acceptAnswerSchema,
  commentPageQuerySchema,
  hiddenSchema,
  editCommentSchema,
  newCommentSchema,
} from '../../../shared/domain/schemas.ts';
import { STAFF_HIDE_REASON } from '../../../shared/domain/moderation.ts';
import { err, idempotencyHeaders, postParams, commentParams } from './common.ts';
import { writtenPost } from '../../../shared/services/post-service.ts';
import { defineRoute, type Route } from '../router.ts';
export const commentsRoutes: Route[] = [
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/accepted-answer',
    summary: 'Accept a comment as a question’s answer, or clear it with null (the asker or staff)',
    tag: 'comments',
    params: postParams,
    auth: 'required',
    body: acceptAnswerSchema,
    responses: {
      200: { description: 'The post', schema: z.object({ post: writtenPostView }) },
      400: err('Not a comment of this post'),
      401: err('Not signed in'),
      403: err('Not the asker or staff'),
      404: err('No such post'),
      409: err('Not a question'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: { post: writtenPost(await runtime.services.posts.acceptAnswer(actor, params.id, body)) },
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/api/posts/{id}/comments',
    summary:
      "A page of a post's threads, oldest first: each top-level comment, then its replies (a question's " +
      'accepted answer leads the first page and no later one)',
    tag: 'comments',
    params: postParams,
    auth: 'optional',
    query: commentPageQuerySchema,
    responses: {
      200: { description: 'A page of comments', schema: commentPageView },
      400: err('Bad limit or cursor'),
      404: err('No such post'),
    },
    handle: async ({ runtime, actor, params, query }) => ({
      body: await runtime.services.comments.list(actor, params.id, query),
    }),
  }),
  defineRoute({
    method: 'POST',
    path: '/api/posts/{id}/comments',
    summary: 'Comment on a post, or reply to a top-level comment',
    tag: 'comments',
    params: postParams,
    auth: 'required',
    headers: idempotencyHeaders,
    body: newCommentSchema,
    responses: {
      429: err('Commenting too often; see Retry-After'),
      201: {
        description: 'The comment; with an Idempotency-Key used before, the comment that request made',
        schema: z.object({ comment: commentView }),
      },
      422: err('The Idempotency-Key was used for a different request'),
      503: err('The database is busy; try again after Retry-After, with the same Idempotency-Key'),
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Silenced, suspended or banned (the message says until when, and why)'),
      404: err('No such post'),
      409: err('The post was merged, or the community guidelines are not accepted yet'),
      413: err('Body over 64 KiB'),
    },
    handle: async ({ runtime, actor, params, body, headers }) => ({
      status: 201,
      body: {
        comment: await runtime.services.comments.create(actor, params.id, body, {
          idempotencyKey: headers['idempotency-key'],
        }),
      },
    }),
  }),
  defineRoute({
    method: 'PATCH',
    path: '/api/posts/{id}/comments/{commentId}',
    summary: 'Edit your comment (within 30 minutes)',
    tag: 'comments',
    params: commentParams,
    auth: 'required',
    body: editCommentSchema,
    responses: {
      200: { description: 'The comment', schema: z.object({ comment: commentView }) },
      400: err('A field is invalid'),
      401: err('Not signed in'),
      403: err('Not yours, or the 30 minutes are over'),
      404: err('No such comment'),
    },
    handle: async ({ runtime, actor, params, body }) => ({
      body: {
        comment: await runtime.services.comments.edit(actor, params.id, params.commentId, body),
      },
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/posts/{id}/comments/{commentId}',
    summary: 'Delete your comment',
    tag: 'comments',
    params: commentParams,
    auth: 'required',
    responses: {
      204: { description: 'Deleted' },
      401: err('Not signed in'),
      403: err('Not yours'),
      404: err('No such comment'),
    },
    handle: async ({ runtime, actor, params }) => {
      await runtime.services.comments.delete(actor, params.id, params.commentId);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/posts/{id}/comments/{commentId}/hidden',
    summary: 'Hide or unhide a comment (staff)',
    tag: 'moderation',
    params: commentParams,
    auth: 'required',
    body: hiddenSchema,
    responses: {
      204: { description: 'Done' },
      400: err('hidden must be true or false'),
      401: err('Not signed in'),
      403: err('Not staff'),
      404: err('No such comment'),
      409: err('Its author deleted the comment'),
    },
    handle: async ({ runtime, actor, params, body }) => {
      // A moderators' hide like any other (issue 17): its audit line, the author's notice, the queue.
      const target = { postId: params.id, commentId: params.commentId };
      const moderation = runtime.services.moderation;
      await (body.hidden
        ? moderation.hide(actor, target, { reason: STAFF_HIDE_REASON })
        : moderation.restore(actor, target, {}));
      return { status: 204 };
    },
  }),
];
