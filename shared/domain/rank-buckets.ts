/**
 * Rank buckets: the coarse vote counts and trend scores that the secondary lists sort by (lists.ts).
 * A vote rewrites a secondary entry only when the post's bucket changes, so the buckets are spaced to
 * be crossed rarely yet keep neighbours in a sensible order:
 * - votes: 0–6 exactly, then 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, … (the same ten steps in
 *   every decade): from 1 to 101 votes a post crosses 17 buckets, and counts in one bucket differ by at
 *   most a third;
 * - trend score: 2^k and 1.5·2^k, the largest not above the score (0 for a score <= 0). Both are exact
 *   doubles, so every writer computes and stores the very same number, whatever the score's size
 *   (domain/trend.ts); a post's score crosses one bucket each time it grows by a third or a half.
 * Both functions never decrease as their argument grows: a larger count never ranks in a lower bucket.
 */

/** The steps of one decade, as multiples of a tenth of it (10 → 1×, 12 → 1.2×, …). */
const DECADE_STEPS = [10, 12, 15, 20, 25, 30, 40, 50, 60, 80] as const;
const EXACT_UP_TO = 6;

export function rankVotes(count: number): number {
  const n = Math.floor(count);
  if (n <= 0) return 0;
  if (n <= EXACT_UP_TO) return n;
  if (n < 10) return n < 8 ? EXACT_UP_TO : 8;
  const tenth = 10 ** (String(n).length - 2);
  let bucket = 0;
  for (const step of DECADE_STEPS) if (step * tenth <= n) bucket = step * tenth;
  return bucket;
}

export function rankTrend(score: number): number {
  if (!(score > 0)) return 0;
  if (!Number.isFinite(score)) return score;
  let power = 2 ** Math.floor(Math.log2(score));
  // log2 may round across a power of two; the bucket must never exceed the score.
  if (power > score) power /= 2;
  else if (power * 2 <= score) power *= 2;
  return score >= power * 1.5 ? power * 1.5 : power;
}
