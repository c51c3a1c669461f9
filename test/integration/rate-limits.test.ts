import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../shared/domain/errors.ts';
import { DynamoRateLimiter } from '../../shared/adapters/dynamodb/rate-limiter.ts';
import { RateLimits } from '../../shared/services/rate-limits.ts';
import { RATE_LIMITS } from '../../shared/domain/rate-limits.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

describe('rate limits in DynamoDB', () => {
  it('allows up to the limit in a window, refuses the next with the seconds to wait, and resets', async () => {
    const limiter = new DynamoRateLimiter(t.db);
    const at = new Date('2026-11-23T10:00:10Z');
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.hit('test#a', 3, 60, at));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts[3]?.retryAfterSeconds).toBe(50);
    // Another key has its own count; the next window starts afresh.
    expect((await limiter.hit('test#b', 3, 60, at)).allowed).toBe(true);
    expect((await limiter.hit('test#a', 3, 60, new Date('2026-11-23T10:01:00Z'))).allowed).toBe(true);
  });

  it('holds under concurrency: 30 parallel hits against a limit of 10 let exactly 10 through', async () => {
    const limiter = new DynamoRateLimiter(t.db);
    const at = new Date();
    const verdicts = await Promise.all(
      Array.from({ length: 30 }, () => limiter.hit('test#burst', 10, 600, at)),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
  });

  it('checks the user and the address limits of an action, and throws a 429 error', async () => {
    const limits = new RateLimits({ limiter: new DynamoRateLimiter(t.db), clock: { now: () => new Date() } });
    const perUser = RATE_LIMITS.post.find((r) => r.scope === 'user')?.limit ?? 0;
    for (let i = 0; i < perUser; i++) await limits.check('post', { userId: 'u1', ip: '203.0.113.9' });
    const error = await limits.check('post', { userId: 'u1', ip: '203.0.113.9' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    // Another user on the same address is still under both limits.
    await expect(limits.check('post', { userId: 'u2', ip: '203.0.113.9' })).resolves.toBeUndefined();
  });
});
