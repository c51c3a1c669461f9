/**
 * The new-post form's analytics (issue 18), told apart per form by the form's token (its idempotency
 * key, which each rendered form gets and keeps across a failed attempt). The visit remembers the forms,
 * hashed like everything else it remembers (visit-once.ts).
 */
import type { Cookies } from '@sveltejs/kit';
import { firstThisVisit, seenThisVisit } from './visit-once.ts';
import { runtime } from './runtime.ts';

/**
 * True the first time this form's suggestions are shown in the visit: the page's script and the form's
 * similar-check action both ask, and a page come back to (the browser's back button) asks again.
 * A form without a token cannot be told apart: it is believed.
 */
export function shownFirst(cookies: Cookies, token: string | undefined): boolean {
  return !token || firstThisVisit(cookies, `w:${token}`, runtime().config.secureCookies);
}

/** A form's token as the new-post page makes them (a UUID); anything else names no form. */
const FORM_TOKEN = /^[0-9A-Za-z-]{8,64}$/;

/** True the first time a suggestion is opened from this form in the visit (/go/): the form is left. */
export function leftFirst(cookies: Cookies, token: string | null): boolean {
  return (
    !!token && FORM_TOKEN.test(token) && firstThisVisit(cookies, `f:${token}`, runtime().config.secureCookies)
  );
}

/** This form was left for a suggestion in this visit (a post sent from it came back after all). */
export function wasLeft(cookies: Cookies, token: string | undefined): boolean {
  return !!token && seenThisVisit(cookies, `f:${token}`);
}
