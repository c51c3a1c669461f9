/**
 * GET /b/<slug>/similar?q=…: posts like the title being typed on the new-post form, from every board
 * (an answered question elsewhere helps as much as a duplicate here). JSON: { q, posts: SimilarPost[] }.
 *
 * POST /b/<slug>/similar with `{ "shown": true, "form": "<the form's token>" }`: the form's script says
 * its suggestions showed at least one post, once per form (analytics, issue 18; without JavaScript the
 * form's similar-check action counts it); the visit remembers the form, so that the page come back to
 * does not count it again. Same-origin only: another site's page must not count for us. Answers 204
 * whether or not this visitor counts (staff and bots do not): there is nothing for the page to show.
 */
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findSimilar } from '$lib/server/similar.ts';
import { runtime } from '$lib/server/runtime.ts';
import { shownFirst } from '$lib/server/form-signals.ts';

const NO_STORE = { 'cache-control': 'private, no-store' };

export const GET: RequestHandler = async ({ url, locals }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const posts = await findSimilar(locals.actor, q);
  return json({ q, posts }, { headers: NO_STORE });
};

export const POST: RequestHandler = async ({ request, url, locals, cookies }) => {
  // SvelteKit checks the origin of form posts only; a JSON post is ours to check.
  if (request.headers.get('origin') !== url.origin) error(403, 'Cross-site requests are not counted.');
  const body = (await request.json().catch(() => null)) as { shown?: unknown; form?: unknown } | null;
  if (!body || typeof body !== 'object' || body.shown !== true) error(400, 'Send { "shown": true }.');
  const form = typeof body.form === 'string' ? body.form.slice(0, 64) : undefined;
  if (shownFirst(cookies, form)) await runtime().services.analytics.suggestionsShown(locals.actor);
  return new Response(null, { status: 204, headers: NO_STORE });
};
