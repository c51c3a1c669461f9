import { RateLimitedError } from '../domain/errors.ts';
import { RATE_LIMITS, type RateLimitedAction } from '../domain/rate-limits.ts';
import type { Clock, RateLimiter } from '../ports/index.ts';

/** Who is acting, as far as limits care: the signed-in user, the client address, or both. */
export interface RateSubject {
  userId?: string;
  ip?: string;
}

export class RateLimits {
  constructor(private readonly deps: { limiter: RateLimiter; clock: Clock }) {}

  /**
   * Counts the action for each of its limits, all at once (one round trip); throws RateLimitedError (429)
   * once one is used up, with the longest wait of those used up.
   */
  async check(action: RateLimitedAction, who: RateSubject): Promise<void> {
    const now = this.deps.clock.now();
    const hits = RATE_LIMITS[action].flatMap((rule) => {
      const subject = rule.scope === 'user' ? who.userId : who.ip;
      if (!subject) return [];
      return [
        this.deps.limiter.hit(`${action}#${rule.scope}#${subject}`, rule.limit, rule.windowSeconds, now),
      ];
    });
    const refused = (await Promise.all(hits)).filter((v) => !v.allowed);
    if (refused.length > 0) {
      throw new RateLimitedError(Math.max(...refused.map((v) => v.retryAfterSeconds)));
    }
  }
}
