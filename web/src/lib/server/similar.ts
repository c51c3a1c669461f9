/**
 * "Similar posts" for the new-post form, for the JSON endpoint (as the title is typed) and the form
 * action (without JavaScript) alike. It searches every board, so that an answered question elsewhere
 * can save someone a post; the search ranks answered questions first (shared/search/rank.ts).
 */
import type { Actor } from '$shared/domain/types.ts';
import { isAnswered } from '$shared/search/rank.ts';
import { MIN_SIMILAR_QUERY, type SimilarPost } from '$lib/similar.ts';
import { runtime } from './runtime.ts';

export const SIMILAR_LIMIT = 5;

export async function findSimilar(actor: Actor, q: string): Promise<SimilarPost[]> {
  const query = q.trim().slice(0, 200);
  if (query.length < MIN_SIMILAR_QUERY) return [];
  const { services } = runtime();
  const [posts, boards] = await Promise.all([
    services.posts.search(actor, { q: query, limit: SIMILAR_LIMIT }),
    services.boards.list(actor),
  ]);
  const names = new Map(boards.map((b) => [b.slug, b.name]));
  return posts.map((p) => ({
    id: p.id,
    title: p.title,
    boardSlug: p.boardSlug,
    boardName: names.get(p.boardSlug) ?? p.boardSlug,
    kind: p.kind,
    status: p.status,
    voteCount: p.voteCount,
    commentCount: p.commentCount,
    answered: isAnswered(p),
  }));
}
