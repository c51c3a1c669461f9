import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../domain/errors.ts';
import { newMemberLimits, RATE_LIMITS } from '../domain/rate-limits.ts';
import type { RateLimiter } from '../ports/index.ts';
import { RateLimits } from './rate-limits.ts';

const NOW = new Date('2026-12-03T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

/** Counts hits per key in memory: one window, for as long as the test runs. */
function fakeLimiter(): RateLimiter & { keys: string[] } {
  const counts = new Map<string, number>();
  return {
    keys: [],
    async hit(key, limit) {
      this.keys.push(key);
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return n <= limit ? { allowed: true } : { allowed: false, retryAfterSeconds: 60 };
    },
  } as RateLimiter & { keys: string[] };
}

describe('new members’ rate limits', () => {
  it('are 30 % of the per-person limits, at least 1, for posts, comments and votes only', () => {
    expect(newMemberLimits('post')).toEqual([{ scope: 'user', limit: 3, windowSeconds: 3600 }]);
    expect(newMemberLimits('comment')).toEqual([{ scope: 'user', limit: 9, windowSeconds: 600 }]);
    expect(newMemberLimits('vote')).toEqual([{ scope: 'user', limit: 18, windowSeconds: 60 }]);
    expect(newMemberLimits('flag')).toEqual([]);
    expect(newMemberLimits('signIn')).toEqual([]);
    for (const rule of newMemberLimits('post')) expect(rule.limit).toBeGreaterThanOrEqual(1);
  });

  it('GIVEN a new account THEN its own count refuses past the share; a member and staff are not held to it', async () => {
    const limiter = fakeLimiter();
    const limits = new RateLimits({ limiter, clock: { now: () => NOW } });
    const newcomer = { id: 'u-new', role: 'customer' as const, createdAt: daysAgo(1) };
    for (let i = 0; i < 3; i++) await limits.check('post', { userId: newcomer.id, user: newcomer });
    await expect(limits.check('post', { userId: newcomer.id, user: newcomer })).rejects.toThrow(
      RateLimitedError,
    );
    expect(limiter.keys).toContain('post#new#u-new');

    const staff = { id: 'u-staff', role: 'staff' as const, createdAt: daysAgo(0) };
    for (let i = 0; i < 4; i++) await limits.check('post', { userId: staff.id, user: staff });
    expect(limiter.keys).not.toContain('post#new#u-staff');
  });

  it('GIVEN an older account THEN its reputation says whether it is new', async () => {
    const limiter = fakeLimiter();
    const points = new Map([['u-member', 50]]);
    const limits = new RateLimits({
      limiter,
      clock: { now: () => NOW },
      reputation: {
        countersOf: async (ids) =>
          new Map(ids.map((id) => [id, { reputation: points.get(id) ?? 0 }])) as never,
      },
    });
    const member = { id: 'u-member', role: 'customer' as const, createdAt: daysAgo(10) };
    const idle = { id: 'u-idle', role: 'customer' as const, createdAt: daysAgo(10) };
    for (let i = 0; i < 4; i++) await limits.check('post', { userId: member.id, user: member });
    for (let i = 0; i < 3; i++) await limits.check('post', { userId: idle.id, user: idle });
    await expect(limits.check('post', { userId: idle.id, user: idle })).rejects.toThrow(RateLimitedError);
    expect(RATE_LIMITS.post[0]?.limit).toBe(10);
  });
});
