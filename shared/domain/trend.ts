/**
 * Trending: each vote weighs 2^((votedAt - EPOCH) / HALF_LIFE). A post's trend score is the sum of its
 * votes' weights. Because every weight grows at the same rate, comparing sums today is the same as
 * comparing time-decayed sums (a vote loses half its pull every HALF_LIFE), yet no stored score ever
 * needs rewriting as time passes: a vote is one atomic ADD, an unvote subtracts the same weight.
 *
 * Limit: DynamoDB numbers stop at 1e125, i.e. 2^415. With a 3-day half-life that is about 1,200 days
 * after EPOCH (early 2029, with margin for many votes). Before then, raise TREND_SHIFT by k, deploy, and
 * run `npm run trend:rescale` (shared/maintenance/rescale-trend.ts): it divides each post's score by 2^k
 * and records the shift on the post. Each post's votes are weighed in its own recorded shift, so a post
 * not yet rescaled stays right, and ordering is unchanged once all are done.
 */
export const TREND_EPOCH = Date.UTC(2026, 0, 1);
export const TREND_HALF_LIFE_MS = 3 * 24 * 60 * 60 * 1000;

/** The half-lives new posts' scores are divided by: the shift the latest rescale moved scores to. */
export const TREND_SHIFT = 0;

/** A vote's weight on a post whose score is kept `shift` half-lives down (Post.trendShift). */
export function voteWeight(votedAt: string | Date, shift = 0): number {
  const t = typeof votedAt === 'string' ? Date.parse(votedAt) : votedAt.getTime();
  return 2 ** ((t - TREND_EPOCH) / TREND_HALF_LIFE_MS - shift);
}

/** The score as it would be if decayed to `now`: for display and tests, not for sorting. */
export function decayedScore(trendScore: number, now: Date, shift = 0): number {
  return trendScore / voteWeight(now, shift);
}
