/**
 * Idempotency keys for creations (RFC draft "The Idempotency-Key HTTP Header Field"): a client that
 * did not get an answer sends the same request with the same key, and gets the answer the first one
 * would have had, not a second post or comment. The API takes the key from the Idempotency-Key header;
 * the web forms carry one generated per render.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { parseInput } from '../domain/schemas.ts';

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,255}$/, 'Idempotency-Key must be 8 to 255 visible ASCII characters.')
  .optional();

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

export interface IdempotencyClaim {
  keyHash: string;
  fingerprint: string;
}

/** The key's hash and the request's fingerprint, or undefined when no key was sent. */
export function idempotencyClaim(key: unknown, request: unknown): IdempotencyClaim | undefined {
  const parsed = parseInput(z.object({ idempotencyKey: idempotencyKeySchema }), { idempotencyKey: key });
  if (parsed.idempotencyKey === undefined) return undefined;
  return { keyHash: sha256(parsed.idempotencyKey), fingerprint: sha256(JSON.stringify(request)) };
}
