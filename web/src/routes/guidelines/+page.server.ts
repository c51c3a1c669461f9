/**
 * The community guidelines, for everyone; a signed-in person who has not accepted the current version
 * accepts them here (their first post or comment asks for it too).
 */
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals }) => {
  const { guidelines } = runtime().services;
  const [current, pending] = await Promise.all([
    loadOrError(() => guidelines.get()),
    locals.user ? loadOrError(() => guidelines.needsAcceptance(locals.actor)) : null,
  ]);
  return {
    guidelines: current,
    mustAccept: !!pending,
    accepted: locals.user?.guidelinesAccepted ?? null,
  };
};

export const actions: Actions = {
  accept: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), ['version']);
    const result = await actionOrFail(
      () => runtime().services.guidelines.accept(locals.actor, { version: Number(values.version) }),
      values,
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Thank you: you accepted the community guidelines.');
    redirect(303, '/guidelines');
  },
};
