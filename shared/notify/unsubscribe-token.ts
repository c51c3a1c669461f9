/**
 * Signed unsubscribe links: the token names a post and a user, so a click unsubscribes without signing in.
 * Tokens never expire, because an unsubscribe link in a years-old email must still work.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeClaims {
  postId: string;
  userId: string;
}

// Mixed into every signature, so a secret shared with another purpose (SSO) cannot yield tokens here.
const PURPOSE = 'hearth/unsubscribe/v1\n';
const MAX_TOKEN_LENGTH = 1024;

export function signUnsubscribe(secret: string, claims: UnsubscribeClaims): string {
  requireSecret(secret);
  const payload = Buffer.from(JSON.stringify({ p: claims.postId, u: claims.userId }), 'utf8').toString(
    'base64url',
  );
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The claims, or null for any token this secret did not sign. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeClaims | null {
  requireSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload = '', sig = ''] = parts;
  const given = Buffer.from(sig, 'base64url');
  const expected = signature(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null) return null;
    const { p, u } = claims as Record<string, unknown>;
    if (typeof p !== 'string' || !p || typeof u !== 'string' || !u) return null;
    return { postId: p, userId: u };
  } catch {
    return null;
  }
}

function signature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).update(payload).digest();
}

function requireSecret(secret: string): void {
  // An empty or short secret would make every unsubscribe link forgeable.
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error('The unsubscribe secret must be at least 32 characters.');
  }
}

// The digest's tokens are signed for another purpose: a post's token can never stop the digest, nor
// the other way round.
const DIGEST_PURPOSE = 'hearth/digest-unsubscribe/v1\n';

/** A link that stops the weekly digest for one recipient (`user:<id>` or `email:<address>`). */
export function signDigestUnsubscribe(secret: string, recipient: string): string {
  requireSecret(secret);
  const payload = Buffer.from(JSON.stringify({ r: recipient }), 'utf8').toString('base64url');
  return `${payload}.${digestSignature(secret, payload).toString('base64url')}`;
}

/** The recipient, or null for any token this secret did not sign for the digest. */
export function verifyDigestUnsubscribe(secret: string, token: string): string | null {
  requireSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const [payload = '', sig = '', ...rest] = token.split('.');
  if (rest.length > 0) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = digestSignature(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { r?: unknown } | null;
    return typeof claims?.r === 'string' && claims.r ? claims.r : null;
  } catch {
    return null;
  }
}

function digestSignature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(DIGEST_PURPOSE).update(payload).digest();
}

// Notification emails' tokens name a person and the kinds the email carried; signed for their own
// purpose, so neither a post's token nor the digest's can turn a kind off, nor the other way round.
const KINDS_PURPOSE = 'hearth/notify-unsubscribe/v1\n';

export interface KindUnsubscribeClaims {
  userId: string;
  kinds: string[];
}

/** A one-click link that turns these notification kinds' email off for one person. */
export function signKindUnsubscribe(secret: string, claims: KindUnsubscribeClaims): string {
  requireSecret(secret);
  const payload = Buffer.from(JSON.stringify({ u: claims.userId, k: claims.kinds }), 'utf8').toString(
    'base64url',
  );
  return `${payload}.${kindsSignature(secret, payload).toString('base64url')}`;
}

/** The claims, or null for any token this secret did not sign for notification kinds. */
export function verifyKindUnsubscribe(secret: string, token: string): KindUnsubscribeClaims | null {
  requireSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const [payload = '', sig = '', ...rest] = token.split('.');
  if (rest.length > 0) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = kindsSignature(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      u?: unknown;
      k?: unknown;
    } | null;
    if (typeof claims?.u !== 'string' || !claims.u || !Array.isArray(claims.k)) return null;
    const kinds = claims.k.filter((k): k is string => typeof k === 'string');
    return kinds.length > 0 ? { userId: claims.u, kinds } : null;
  } catch {
    return null;
  }
}

function kindsSignature(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(KINDS_PURPOSE).update(payload).digest();
}
