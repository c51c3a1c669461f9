/**
 * GET /go/<source>/<postId>: a post opened from the board's search results (`search`) or the new-post
 * form's suggestions (`similar?form=<the form's token>`). Counts the opening (analytics, issue 18) and
 * sends the visitor on to the post with a 303. The links say `rel="nofollow"` and robots.txt keeps
 * crawlers out, so crawlers' visits mostly never get here; the service drops bots and staff anyway.
 * Whether the visitor may see the post is the post page's to say: this route reads nothing.
 *
 * Counted once per visit, source and post, and only when a person followed the link: a prefetch, a
 * HEAD, a fetch from a script or another site's page is sent on uncounted. The first suggestion opened
 * from a form also counts that form as left for a suggestion; the visit remembers the form (`f:<token>`),
 * so that a post sent from it later counts as made after a suggestion after all (b/[slug]/new).
 */
import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { OPEN_SOURCES } from '$shared/domain/analytics.ts';
import { runtime } from '$lib/server/runtime.ts';
import { firstThisVisit } from '$lib/server/visit-once.ts';
import { leftFirst } from '$lib/server/form-signals.ts';
import { isUlid } from '$lib/post-id.ts';

/** The browser followed the link for a person to read: not a preload, a script's fetch or a probe. */
function isNavigation(request: Request): boolean {
  const h = request.headers;
  if (request.method !== 'GET') return false; // HEAD is answered by this handler too
  const dest = h.get('sec-fetch-dest');
  if (dest !== null && dest !== 'document') return false;
  // A link on another site's page is not one of ours, and not counted as ours.
  if (h.get('sec-fetch-site') === 'cross-site') return false;
  const purpose = `${h.get('sec-purpose') ?? ''} ${h.get('purpose') ?? ''}`;
  return !/prefetch/i.test(purpose);
}

export const GET: RequestHandler = async ({ params, url, request, locals, cookies }) => {
  const source = OPEN_SOURCES.find((s) => s === params.source);
  if (!source || !isUlid(params.id)) error(404, 'Not found');
  if (isNavigation(request)) {
    const { services, config } = runtime();
    if (firstThisVisit(cookies, `o:${source}:${params.id}`, config.secureCookies)) {
      // Only with a counted opening: a form left and later posted are counted in pairs, or not at all.
      const firstFromForm = source === 'similar' && leftFirst(cookies, url.searchParams.get('form'));
      await services.analytics.opened(locals.actor, source, firstFromForm ? { firstFromForm } : {});
    }
  }
  redirect(303, `/p/${params.id}`);
};
