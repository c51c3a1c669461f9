/**
 * POST /p/<postId>/viewed: the post page, shown after a client-side navigation, says it was read
 * (analytics, issue 18). Its load cannot count that view itself: the same load runs when a link to the
 * post is merely hovered (the links preload). A page requested in full counts in its load instead, so
 * the page sends this only after a client-side navigation. Counted once per visit (answered-view.ts);
 * same-origin only, as another site's page must not count for us. Answers 204 whether or not anything
 * was counted: there is nothing for the page to show.
 */
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { countAnsweredView } from '$lib/server/answered-view.ts';
import { isUlid } from '$lib/post-id.ts';

export const POST: RequestHandler = async ({ params, request, url, locals, cookies }) => {
  // SvelteKit checks the origin of form posts only; this one is ours to check.
  if (request.headers.get('origin') !== url.origin) error(403, 'Cross-site requests are not counted.');
  if (!isUlid(params.id)) error(404, 'Not found');
  // As the visitor may see it: a post they may not see is not found, and not counted.
  const detail = await loadOrError(() => runtime().services.posts.get(locals.actor, params.id));
  await countAnsweredView(locals.actor, cookies, detail);
  return new Response(null, { status: 204, headers: { 'cache-control': 'private, no-store' } });
};
