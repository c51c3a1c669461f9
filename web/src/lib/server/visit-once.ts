/**
 * "Once per visit" for the analytics signals (issue 18): a search or an answered question counts the
 * first time a visitor meets it in a visit, not on every reload. The visit lives in the visitor's own
 * cookie, as short hashes of what they met, so that nothing about it is stored on the server and the
 * cookie names no query or post. A visit ends after 30 minutes without a page (the cookie slides).
 */
import { createHash } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';

export const SEEN_COOKIE = 'hearth_seen';
/** The most keys a visit remembers; the oldest go first (a visit that long has long forgotten them). */
export const SEEN_MAX = 40;
const VISIT_SECONDS = 30 * 60;
const KEY = /^[0-9a-f]{10}$/;

/** The first 10 hex characters of sha256: short, and says nothing of the key it stands for. */
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex').slice(0, 10);

/** What the visit remembers; whatever a tampered cookie holds that could not be ours is dropped. */
const seenKeys = (cookies: Cookies) => (cookies.get(SEEN_COOKIE) ?? '').split('.').filter((k) => KEY.test(k));

/**
 * True the first time `key` (e.g. `v:<postId>`, `s:<board>:<query>`) is met in this visit; false after.
 * Either way the visit is renewed for another 30 minutes.
 */
export function firstThisVisit(cookies: Cookies, key: string, secure: boolean): boolean {
  const seen = seenKeys(cookies);
  const hash = hashOf(key);
  const first = !seen.includes(hash);
  const kept = first ? [...seen, hash].slice(-SEEN_MAX) : seen.slice(-SEEN_MAX);
  cookies.set(SEEN_COOKIE, kept.join('.'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: VISIT_SECONDS,
  });
  return first;
}

/**
 * Whether `key` was met in this visit already, without meeting it (nor renewing the visit): e.g. the
 * new-post form asks whether it was left for a suggestion (`f:<form token>`, marked by /go/).
 */
export function seenThisVisit(cookies: Cookies, key: string): boolean {
  return seenKeys(cookies).includes(hashOf(key));
}
