import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { findSimilar } from '$lib/server/similar.ts';

const FIELDS = ['title', 'body', 'kind', 'idempotencyKey'] as const;

export const load: PageServerLoad = async ({ params, locals }) => ({
  board: await loadOrError(() => runtime().services.boards.get(locals.actor, params.slug)),
  // One key per rendered form: sending the same form again (a double click, a retry after an error
  // whose post was in fact stored) answers with the post it made instead of posting it twice.
  formToken: randomUUID(),
});

export const actions: Actions = {
  /** Without JavaScript, the "Check for similar posts" button: the suggestions, and the form as it was. */
  similar: async ({ request, locals }) => {
    const values = formValues(await request.formData(), FIELDS);
    return { similar: await findSimilar(locals.actor, values.title ?? ''), values };
  },
  post: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), FIELDS);
    const result = await actionOrFail(
      () =>
        runtime().services.posts.create(locals.actor, params.slug, values, {
          idempotencyKey: values.idempotencyKey || undefined,
        }),
      values,
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Your post is up. You follow it: we will email you when its status changes.');
    redirect(303, `/p/${result.id}`);
  },
};
