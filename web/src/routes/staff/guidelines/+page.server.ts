/**
 * Admins write the community guidelines (markdown). Each save is a new version, kept with each
 * member's acceptance; "Preview" renders the text without saving it.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { isAdmin } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals }) => {
  if (!isAdmin(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only admins can edit the guidelines.' : 'Sign in as an admin to edit the guidelines.',
    );
  }
  return { guidelines: await loadOrError(() => runtime().services.guidelines.get()) };
};

export const actions: Actions = {
  save: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), ['markdown', 'baseVersion']);
    const result = await actionOrFail(
      () =>
        runtime().services.guidelines.update(locals.actor, {
          markdown: values.markdown ?? '',
          baseVersion: values.baseVersion ?? '',
        }),
      values,
    );
    if (failed(result)) return result;
    setFlash(cookies, `Guidelines saved: version ${result.version}.`);
    redirect(303, '/staff/guidelines');
  },
  /** Without JavaScript too: the text as it would read, and the form as it was, nothing saved. */
  preview: async ({ request, locals }) => {
    if (!isAdmin(locals.actor)) error(403, 'Only admins can edit the guidelines.');
    const values = formValues(await request.formData(), ['markdown', 'baseVersion']);
    return { preview: renderMarkdown(values.markdown ?? ''), values };
  },
};
