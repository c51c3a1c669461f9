/**
 * The page a digest's "Unsubscribe" link opens: a button turns the weekly digest off
 * (DigestService.unsubscribe, the same call as the one-click API). Nothing changes on GET, so link
 * scanners in mail systems cannot unsubscribe anyone.
 */
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { verifyDigestUnsubscribe } from '$shared/notify/unsubscribe-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = ({ params, url }) => {
  // Only to tell a broken link from a good one; the action leaves the checking to the service.
  const valid = verifyDigestUnsubscribe(runtime().config.ssoSecret, params.token) !== null;
  return { valid, done: valid && url.searchParams.has('done') };
};

export const actions: Actions = {
  unsubscribe: async ({ params }) => {
    const result = await actionOrFail(() => runtime().services.digests.unsubscribe(params.token));
    if (failed(result)) return result;
    redirect(303, `/unsubscribe/digest/${encodeURIComponent(params.token)}?done`);
  },
};
