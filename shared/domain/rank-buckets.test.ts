import { describe, expect, it } from 'vitest';
import { rankTrend, rankVotes } from './rank-buckets.ts';

describe('rank buckets', () => {
  it('round vote counts down to 0–6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, …', () => {
    const buckets = [...new Set(Array.from({ length: 1_300 }, (_, n) => rankVotes(n)))];
    expect(buckets).toEqual([
      0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 250, 300, 400, 500,
      600, 800, 1000, 1200,
    ]);
    expect([7, 9, 11, 99, 101, 149, 999, 1_000, 1_499, 12_345].map(rankVotes)).toEqual([
      6, 8, 10, 80, 100, 120, 800, 1_000, 1_200, 12_000,
    ]);
    expect(rankVotes(-1)).toBe(0);
  });

  it('round trend scores down to 2^k or 1.5·2^k, never above the score, never decreasing', () => {
    expect([0, -3, 1, 1.4, 1.5, 1.99, 2, 2.9, 3, 5, 6, 7.9].map(rankTrend)).toEqual([
      0, 0, 1, 1, 1.5, 1.5, 2, 2, 3, 4, 6, 6,
    ]);
    let previous = 0;
    for (let x = 1e-3; x < 1e40; x *= 1.07) {
      const bucket = rankTrend(x);
      expect(bucket).toBeLessThanOrEqual(x);
      expect(bucket).toBeGreaterThan(x / 1.5 - 1e-9 * x);
      expect(bucket).toBeGreaterThanOrEqual(previous);
      previous = bucket;
    }
    // Exactly representable: the same on every writer, and a power of two times 1 or 1.5.
    expect(rankTrend(2 ** 111 * 10)).toBe(2 ** 114);
    expect(rankTrend(2 ** 111 * 13)).toBe(2 ** 114 * 1.5);
  });
});
