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

  /** Counts the action for each of its limits; throws RateLimitedError (429) once one is used up. */
  async check(action: RateLimitedAction, who: RateSubject): Promise<void> {
    const now = this.deps.clock.now();
    for (const rule of RATE_LIMITS[action]) {
      const subject = rule.scope === 'user' ? who.userId : who.ip;
      if (!subject) continue;
      const verdict = await this.deps.limiter.hit(
        `${action}#${rule.scope}#${subject}`,
        rule.limit,
        rule.windowSeconds,
        now,
      );
      if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds);
    }
  }
}
