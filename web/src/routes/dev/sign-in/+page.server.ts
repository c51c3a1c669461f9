/**
 * Local mode only: sign in as a demo person in one click. It signs an SSO token with the local dev
 * secret and goes through the real SSO sign-in, so the session is made exactly as in production.
 * Outside local mode this page does not exist (404).
 */
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { DEMO_SIGN_IN_PEOPLE } from '$shared/demo/identities.ts';
import { signSsoToken } from '$shared/auth/sign-sso-token.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

const PEOPLE = DEMO_SIGN_IN_PEOPLE;

function requireLocalMode() {
  if (!runtime().config.localMode) error(404, 'Not found');
}

export const load: PageServerLoad = ({ url }) => {
  requireLocalMode();
  return {
    next: safeNext(url.searchParams.get('next'), url.origin),
    people: Object.entries(PEOPLE).map(([key, p]) => ({
      key,
      name: p.name,
      email: p.email,
      role: p.role ?? 'customer',
    })),
  };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    requireLocalMode();
    const data = await request.formData();
    const who = String(data.get('as') ?? '');
    // hasOwn, so that `as=constructor` is a 400 and not Object's own constructor (a 500).
    const person = Object.hasOwn(PEOPLE, who) ? PEOPLE[who as keyof typeof PEOPLE] : undefined;
    if (!person) error(400, 'Choose one of the demo people.');
    const { config, services } = runtime();
    const token = await signSsoToken(person, config.ssoSecret);
    // A suspended or banned demo person is refused with the reason (403), as SSO refuses them.
    const { sessionToken } = await loadOrError(() => services.auth.signInWithSso({ token }));
    cookies.set(SESSION_COOKIE, sessionToken, sessionCookieOptions(config.secureCookies));
    redirect(303, safeNext(String(data.get('next') ?? url.searchParams.get('next') ?? '/'), url.origin));
  },
};
