import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isAdmin } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals }) => {
  if (!isAdmin(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user
        ? 'Only admins can change the moderation settings.'
        : 'Sign in as an admin to change the moderation settings.',
    );
  }
  return { settings: await loadOrError(() => runtime().services.moderation.settings(locals.actor)) };
};

export const actions: Actions = {
  save: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), ['flagThreshold', 'holdLinksFromNewMembers']);
    const result = await actionOrFail(
      () =>
        runtime().services.moderation.updateSettings(locals.actor, {
          // As typed: the schema reads the number and words its own message under the field.
          flagThreshold: values.flagThreshold,
          holdLinksFromNewMembers: values.holdLinksFromNewMembers === 'on',
        }),
      values,
      'save',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      `Moderation settings saved: flags weighing ${result.flagThreshold} or more hide an item.`,
    );
    redirect(303, '/staff/moderation/settings');
  },
};
