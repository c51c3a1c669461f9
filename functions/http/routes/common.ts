/** What several resources' routes declare alike. */
import * as z from 'zod';
import { errorView } from '../../../shared/domain/views.ts';
import {
  boardSlugSchema,
  commentIdSchema,
  postIdSchema,
  userIdSchema,
} from '../../../shared/domain/schemas.ts';
import { idempotencyKeySchema } from '../../../shared/services/idempotency.ts';

export const err = (description: string) => ({ description, schema: errorView });

/** Creations take an Idempotency-Key, so that a client may retry one whose answer it never got. */
export const idempotencyHeaders = z.object({
  'idempotency-key': idempotencyKeySchema.describe(
    'Any unique string (a UUID): sending the same request again with the same key within 24 hours ' +
      'answers with what the first one created instead of creating it twice',
  ),
});

export const postParams = z.object({ id: postIdSchema });
export const commentParams = z.object({ id: postIdSchema, commentId: commentIdSchema });
export const boardParams = z.object({ slug: boardSlugSchema });
export const userParams = z.object({ id: userIdSchema });
