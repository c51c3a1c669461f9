/**
 * The invariant between a post and its list entries (domain/lists.ts): the board's own entry holds the
 * post's exact count; every other entry holds the rank buckets of the post's count and score, for the
 * orders its list is read in.
 */
import { expect } from 'vitest';
import { entryRanks, memberships } from '../../shared/domain/lists.ts';
import type { Post } from '../../shared/domain/types.ts';

type Listed = Parameters<typeof memberships>[0] & Pick<Post, 'voteCount' | 'trendScore'>;

export function expectEntryRanks(post: Listed, entries: Record<string, unknown>[]): void {
  const lists = memberships(post);
  const figures = { voteCount: Number(post.voteCount), trendScore: Number(post.trendScore) };
  for (const entry of entries) {
    const m = lists.find((l) => l.listId === entry.listId);
    expect(m, `entry ${String(entry.listId)} of a list the post is not in`).toBeDefined();
    if (!m) continue;
    const want = entryRanks(m, figures);
    expect(entry.voteCount, `voteCount of ${m.listId}`).toBe(want.voteCount);
    if (m.ranking === 'bucketed') {
      const trend = entry.trendScore === undefined ? undefined : Number(entry.trendScore);
      expect(trend, `trendScore of ${m.listId}`).toBe(want.trendScore);
    }
  }
}
