import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { SESSION_COOKIE } from '$shared/auth/session-token.ts';
import { DIGEST_TEAM_LABELS } from '$shared/domain/digest.ts';
import { isStaff } from '$shared/domain/types.ts';
import { NOTIFICATION_KIND_LABELS, PREFERENCE_KINDS } from '$shared/domain/notifications.ts';
import type { Actor } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

/** Each choosable kind with its label and delivery, in the form's order (most specific first). */
async function notificationSettings(actor: Actor) {
  const prefs = await runtime().services.inbox.preferences(actor);
  return PREFERENCE_KINDS.map((kind) => ({
    kind,
    label: NOTIFICATION_KIND_LABELS[kind],
    value: prefs[kind],
  }));
}

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  const { id, email, name, team, digestOptOut } = locals.user;
  return {
    notifications: await notificationSettings(locals.actor),
    // Their own standing with the moderators: any sanction, why, until when, and the history.
    standing: await runtime().services.sanctions.standing(locals.actor, id),
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
  notifications: async ({ request, locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to change your notifications.');
    const values = formValues(await request.formData(), [...PREFERENCE_KINDS]);
    const result = await actionOrFail(
      // A kind left unanswered keeps its setting.
      () =>
        runtime().services.inbox.setPreferences(
          locals.actor,
          Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
        ),
      values,
      'notifications',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Your notification settings are saved.');
    redirect(303, '/account#notifications');
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
