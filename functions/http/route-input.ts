/**
 * Parses a request's path parameters, query, headers and body with the schemas its route declares, so
 * that what the OpenAPI document promises is exactly what is accepted. Every failure is one 400 with a
 * message per field, whichever part of the request it was in.
 */
import type * as z from 'zod';
import { ValidationError, type FieldErrors } from '../../shared/domain/errors.ts';
import { fieldErrors } from '../../shared/domain/schemas.ts';
import type { Route } from './router.ts';

export interface RawInput {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  headers: Record<string, string>;
  body: unknown;
}

export interface ParsedInput {
  params: unknown;
  query: unknown;
  headers: unknown;
  body: unknown;
}

export function parseRouteInput(route: Route, raw: RawInput): ParsedInput {
  const fields: FieldErrors = {};
  const part = (schema: z.ZodType | undefined, value: unknown): unknown => {
    if (!schema) return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const [field, message] of Object.entries(fieldErrors(result.error))) fields[field] ??= message;
    return undefined;
  };
  const parsed: ParsedInput = {
    params: part(route.params, raw.params),
    query: part(route.query, raw.query),
    headers: part(route.headers, raw.headers),
    // A missing body is an empty object, so that each required field gets its own message.
    body: part(route.body, raw.body ?? {}),
  };
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return parsed;
}
