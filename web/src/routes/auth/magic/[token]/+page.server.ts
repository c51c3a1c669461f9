/**
 * The link from the sign-in email. Opening it (GET) changes nothing, because mail scanners open links
 * too and would spend the single-use token; the button (POST) signs in.
 */
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE, sessionCookieOptions } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = () => ({});

export const actions: Actions = {
  default: async ({ params, cookies }) => {
    const { config, services } = runtime();
    const result = await actionOrFail(() => services.auth.signInWithMagicLink({ token: params.token }));
    if (failed(result)) return result;
    cookies.set(SESSION_COOKIE, result.sessionToken, sessionCookieOptions(config.secureCookies));
    setFlash(cookies, `Signed in as ${result.user.name}.`);
    redirect(303, '/');
  },
};
