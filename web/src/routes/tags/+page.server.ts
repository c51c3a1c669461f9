import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff manage tags.' : 'Sign in as staff to manage tags.',
    );
  }
  return { tags: await runtime().services.boards.tags(locals.actor) };
};

export const actions: Actions = {
  // Creating and renaming are one action: a tag is keyed by its slug.
  save: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), ['slug', 'name', 'color']);
    const result = await actionOrFail(
      () => runtime().services.boards.putTag(locals.actor, values),
      values,
      'save',
    );
    if (failed(result)) return result;
    setFlash(cookies, `Tag “${result.name}” saved.`);
    redirect(303, '/tags');
  },
};
