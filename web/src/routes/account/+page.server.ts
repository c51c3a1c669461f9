import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  return { me: { id: locals.user.id, email: locals.user.email, name: locals.user.name } };
};

export const actions: Actions = {
  delete: async ({ request, locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to delete your account.');
    const values = formValues(await request.formData(), ['confirmEmail']);
    const result = await actionOrFail(() => runtime().services.account.delete(locals.actor, values), values);
    if (failed(result)) return result;
    cookies.delete(SESSION_COOKIE, { path: '/' });
    setFlash(cookies, 'Your account is deleted. Your posts and comments stay, shown as from a deleted user.');
    redirect(303, '/');
  },
};
