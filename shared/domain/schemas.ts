/**
 * Input schemas, one per input, shared by the JSON API and the SvelteKit form actions.
 */
import { z } from 'zod';
import { POST_KINDS } from './types.ts';
import { ValidationError, type FieldErrors } from './errors.ts';

export const newPostSchema = z.object({
  title: z
    .string({ error: 'Title is required.' })
    .trim()
    .min(4, 'Title must be at least 4 characters.')
    .max(140, 'Title must be at most 140 characters.'),
  body: z.string().trim().max(10_000, 'Details must be at most 10,000 characters.').default(''),
  kind: z.enum(POST_KINDS, { error: 'Kind must be idea, question or story.' }).default('idea'),
});
export type NewPostInput = z.infer<typeof newPostSchema>;

export const listPostsQuerySchema = z.object({
  sort: z.enum(['top', 'new'], { error: 'Sort must be top or new.' }).default('top'),
  limit: z.coerce
    .number({ error: 'Limit must be a number.' })
    .int('Limit must be a whole number.')
    .min(1, 'Limit must be at least 1.')
    .max(100, 'Limit must be at most 100.')
    .default(20),
  cursor: z.string().max(512, 'Cursor is too long.').optional(),
});
export type ListPostsQuery = z.infer<typeof listPostsQuerySchema>;

export const ssoSignInSchema = z.object({
  token: z
    .string({ error: 'Token is required.' })
    .min(1, 'Token is required.')
    .max(4096, 'Token is too long.'),
});

export const postIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Post id is not valid.');
export const boardSlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'Board slug is not valid.');

/** Parses input or throws a ValidationError with one message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(fieldErrors(result.error));
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}
