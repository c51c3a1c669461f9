/**
 * The signed-in person's inbox: the newest first, a page at a time (`?cursor=`), each linking to its
 * post or comment. Marking read is a form action, so it works without JavaScript.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user) redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname)}`);
  const cursor = url.searchParams.get('cursor') || undefined;
  const page = await loadOrError(() =>
    runtime().services.inbox.list(locals.actor, { limit: 20, ...(cursor ? { cursor } : {}) }),
  );
  return { ...page, firstPage: cursor === undefined };
};

export const actions: Actions = {
  markRead: async ({ request, locals }) => {
    if (!locals.user) error(401, 'Sign in to see your notifications.');
    const id = String((await request.formData()).get('id') ?? '');
    const result = await actionOrFail(
      () => runtime().services.inbox.markRead(locals.actor, { ids: [id] }),
      undefined,
      'markRead',
    );
    if (failed(result)) return result;
    redirect(303, '/notifications');
  },
  markAllRead: async ({ locals, cookies }) => {
    if (!locals.user) error(401, 'Sign in to see your notifications.');
    const result = await actionOrFail(
      () => runtime().services.inbox.markRead(locals.actor, { all: true }),
      undefined,
      'markAllRead',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'All notifications are marked read.');
    redirect(303, '/notifications');
  },
};
