/**
 * The order search results (and the new-post form's similar posts) are shown in: an answered question
 * saves someone a post, so it comes before the others that match the query as well. "As well" is how
 * many of the query's words a post matched (the whole part of its index score, search-index.ts): an
 * answered question never passes a post that matched more of the words, and among the posts of one such
 * tier the answered questions lead, each group keeping the index's relevance order.
 */

/** How many more hits than asked for are read, so that an answered question just past the cut counts. */
const CANDIDATES_PER_RESULT = 3;
/** One BatchGetItem reads at most 100 posts; half of that bounds what ranking may read. */
const MAX_CANDIDATES = 50;

/** How many of the index's best hits to rank, for a page of `limit` results. */
export const candidatesFor = (limit: number) =>
  Math.max(limit, Math.min(limit * CANDIDATES_PER_RESULT, MAX_CANDIDATES));

export const isAnswered = (post: { kind: string; acceptedCommentId?: string }) =>
  post.kind === 'question' && post.acceptedCommentId !== undefined;

/**
 * `posts` in result order: by the tier of their hit, answered questions first within a tier, otherwise
 * in the order of `hits` (best first). Posts without a hit are left out.
 */
export function rankAnsweredFirst<P extends { id: string; kind: string; acceptedCommentId?: string }>(
  hits: readonly { postId: string; score: number }[],
  posts: readonly P[],
): P[] {
  const byId = new Map(posts.map((p) => [p.id, p]));
  return hits
    .flatMap((hit, position) => {
      const post = byId.get(hit.postId);
      return post ? [{ post, position, tier: Math.floor(hit.score), answered: isAnswered(post) }] : [];
    })
    .sort((a, b) => b.tier - a.tier || Number(b.answered) - Number(a.answered) || a.position - b.position)
    .map((r) => r.post);
}
