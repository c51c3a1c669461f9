import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE } from '$shared/auth/session-token.ts';
import { DIGEST_TEAM_LABELS } from '$shared/domain/digest.ts';
import { isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = ({ locals, url }) => {
  if (!locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  const { id, email, name, team, digestOptOut } = locals.user;
  return {
    me: { id, email, name },
    // Staff with a team get the weekly digest; only they have anything to switch.
    digest: isStaff(locals.actor) && team ? { team: DIGEST_TEAM_LABELS[team], on: !digestOptOut } : null,
    staff: isStaff(locals.actor),
  };
};

export const actions: Actions = {
  name: async ({ request, locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to change your name.');
    const values = formValues(await request.formData(), ['name']);
    const result = await actionOrFail(
      () => runtime().services.account.rename(locals.actor, values),
      values,
      'name',
    );
    if (failed(result)) return result;
    setFlash(cookies, `Your name is now ${result.name}.`);
    redirect(303, '/account');
  },
  digest: async ({ request, locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to change your digest settings.');
    // An unticked checkbox sends nothing: no value is "off".
    const digest = (await request.formData()).get('digest') === 'on' ? 'on' : 'off';
    const result = await actionOrFail(
      () => runtime().services.digests.setMySettings(locals.actor, { digest }),
      undefined,
      'digest',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      result.digestOptOut
        ? 'The weekly digest is off: no more Monday emails.'
        : 'The weekly digest is on: it comes on Mondays.',
    );
    redirect(303, '/account#digest');
  },
  delete: async ({ request, locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to delete your account.');
    const values = formValues(await request.formData(), ['confirmEmail']);
    const result = await actionOrFail(
      () => runtime().services.account.delete(locals.actor, values),
      values,
      'delete',
    );
    if (failed(result)) return result;
    cookies.delete(SESSION_COOKIE, { path: '/', secure: runtime().config.secureCookies });
    setFlash(cookies, 'Your account is deleted. Your posts and comments stay, shown as from a deleted user.');
    redirect(303, '/');
  },
};
