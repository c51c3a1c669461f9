import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { DEMO_SIGN_IN_PEOPLE } from '$shared/demo/identities.ts';
import { runtime } from '$lib/server/runtime.ts';
import { safeNext } from '$lib/server/safe-next.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = ({ url, locals }) => {
  const next = safeNext(url.searchParams.get('next'), url.origin);
  if (locals.user) redirect(303, next);
  const localMode = runtime().config.localMode;
  return {
    next,
    // Locally, the demo people are one click away (the buttons post to /dev/sign-in).
    demoPeople: localMode
      ? Object.entries(DEMO_SIGN_IN_PEOPLE).map(([key, p]) => ({ key, name: p.name }))
      : [],
  };
};

export const actions: Actions = {
  default: async ({ request, getClientAddress }) => {
    const values = formValues(await request.formData(), ['email']);
    const result = await actionOrFail(
      () => runtime().services.auth.requestMagicLink(values, { ip: getClientAddress() }),
      values,
    );
    if (failed(result)) return result;
    // The same answer for every address: whether it has an account is nobody's business here.
    return { sent: true, email: values.email };
  },
};
