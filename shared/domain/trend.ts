/**
 * Trending: each vote weighs 2^((votedAt - EPOCH) / HALF_LIFE). A post's trend score is the sum of its
 * votes' weights. Because every weight grows at the same rate, comparing sums today is the same as
 * comparing time-decayed sums (a vote loses half its pull every HALF_LIFE), yet no stored score ever
 * needs rewriting as time passes: a vote is one atomic ADD, an unvote subtracts the same weight.
 *
 * Limit: DynamoDB numbers stop at 1e125, i.e. 2^415. With a 3-day half-life that is about 1,200 days
 * after EPOCH (early 2029, with margin for many votes). Before then a one-off job divides every score
 * by 2^k and moves EPOCH by k half-lives; ordering is unchanged by that rescale.
 */
export const TREND_EPOCH = Date.UTC(2026, 0, 1);
export const TREND_HALF_LIFE_MS = 3 * 24 * 60 * 60 * 1000;

export function voteWeight(votedAt: string | Date): number {
  const t = typeof votedAt === 'string' ? Date.parse(votedAt) : votedAt.getTime();
  return 2 ** ((t - TREND_EPOCH) / TREND_HALF_LIFE_MS);
}

/** The score as it would be if decayed to `now`: for display and tests, not for sorting. */
export function decayedScore(trendScore: number, now: Date): number {
  return trendScore / voteWeight(now);
}
