/**
 * The questions this browser said "this answered my question" (yes or no) about, so that the question
 * is not asked again (issue 18). The visitor's own cookie, not a record: the count is all the server
 * keeps. The last 50 answered, for a year.
 */
import type { Cookies } from '@sveltejs/kit';
import { isUlid } from '$lib/post-id.ts';

export const HELPFUL_COOKIE = 'hearth_helpful';
export const HELPFUL_MAX = 50;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/** The question ids answered already (whatever else a tampered cookie holds is dropped). */
export function answeredHelpful(cookies: Cookies): string[] {
  return (cookies.get(HELPFUL_COOKIE) ?? '').split('.').filter(isUlid);
}

export function rememberHelpful(cookies: Cookies, postId: string, secure: boolean): void {
  const ids = [...answeredHelpful(cookies).filter((id) => id !== postId), postId].slice(-HELPFUL_MAX);
  cookies.set(HELPFUL_COOKIE, ids.join('.'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: YEAR_SECONDS,
  });
}
