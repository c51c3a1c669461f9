/**
 * GET /b/<slug>/similar?q=…: posts like the title being typed on the new-post form, from every board
 * (an answered question elsewhere helps as much as a duplicate here). JSON: { q, posts: SimilarPost[] }.
 */
import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { findSimilar } from '$lib/server/similar.ts';

export const GET: RequestHandler = async ({ url, locals }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 200);
  const posts = await findSimilar(locals.actor, q);
  return json({ q, posts }, { headers: { 'cache-control': 'private, no-store' } });
};
