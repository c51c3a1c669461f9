import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = () => redirect(303, '/');

// Named actions only: SvelteKit refuses a page that has both a `default` action and named ones, and
// answers 500 at run time, so every form posts to `?/out` or `?/everywhere`.
export const actions: Actions = {
  out: async ({ locals, cookies }) => {
    await runtime().services.auth.signOut(locals.sessionToken);
    cookies.delete(SESSION_COOKIE, { path: '/', secure: runtime().config.secureCookies });
    setFlash(cookies, 'You are signed out.');
    redirect(303, '/');
  },
  everywhere: async ({ locals, cookies }) => {
    await runtime().services.auth.signOutEverywhere(locals.actor);
    cookies.delete(SESSION_COOKIE, { path: '/', secure: runtime().config.secureCookies });
    setFlash(cookies, 'You are signed out on every device.');
    redirect(303, '/');
  },
};
