/**
 * The page an email's "Unsubscribe" link opens: it says which post's emails stop, and a button does it
 * (NotificationService.unsubscribe, the same call as the one-click API). Nothing changes on GET, so link
 * scanners in mail systems cannot unsubscribe anyone.
 */
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { NotFoundError } from '$shared/domain/errors.ts';
import { ANONYMOUS } from '$shared/domain/types.ts';
import { verifyUnsubscribe } from '$shared/notify/unsubscribe-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ params, url }) => {
  const { config, services } = runtime();
  // Only to say which post the link is about; the action leaves the checking to the service.
  const claims = verifyUnsubscribe(config.ssoSecret, params.token);
  if (!claims) return { valid: false as const };
  let post: { id: string; title: string } | null = null;
  try {
    const detail = await services.posts.get(ANONYMOUS, claims.postId);
    post = { id: detail.post.id, title: detail.post.title };
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  return { valid: true as const, post, done: url.searchParams.has('done') };
};

export const actions: Actions = {
  default: async ({ params }) => {
    const result = await actionOrFail(() => runtime().services.notifications.unsubscribe(params.token));
    if (failed(result)) return result;
    redirect(303, `/unsubscribe/${encodeURIComponent(params.token)}?done`);
  },
};
