import { RateLimitedError } from '../domain/errors.ts';
import { RATE_LIMITS, newMemberLimits, type RateLimitedAction } from '../domain/rate-limits.ts';
import { isNewMember } from '../domain/moderation.ts';
import { TRUST_RULES, trustLevel } from '../domain/reputation.ts';
import type { User } from '../domain/types.ts';
import type { Clock, RateLimiter, ReputationStore } from '../ports/index.ts';

/** Who is acting, as far as limits care: the signed-in user, the client address, or both. */
export interface RateSubject {
  userId?: string;
  ip?: string;
  /** The signed-in person: a new member (domain/rate-limits.ts newMemberLimits) meets tighter limits. */
  user?: Pick<User, 'id' | 'role' | 'createdAt'>;
}

export class RateLimits {
  constructor(
    private readonly deps: {
      limiter: RateLimiter;
      clock: Clock;
      /** With it, a person's trust level is read to know whether they are new; without, age alone says. */
      reputation?: Pick<ReputationStore, 'countersOf'>;
      /** New members' tighter limits; on unless false. */
      newMembers?: boolean;
    },
  ) {}

  /**
   * Counts the action for each of its limits, all at once (one round trip); throws RateLimitedError (429)
   * once one is used up, with the longest wait of those used up. A new member's tighter limits are
   * counted once their trust level is known (read alongside the first counts).
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
    const tighter = this.deps.newMembers === false ? [] : newMemberLimits(action);
    const newcomer = who.user && tighter.length > 0 ? this.isNew(who.user, now) : Promise.resolve(false);
    const [counted, isNew] = await Promise.all([Promise.all(hits), newcomer]);
    const extra =
      isNew && who.user
        ? await Promise.all(
            tighter.map((rule) =>
              this.deps.limiter.hit(
                `${action}#new#${who.user?.id ?? ''}`,
                rule.limit,
                rule.windowSeconds,
                now,
              ),
            ),
          )
        : [];
    const refused = [...counted, ...extra].filter((v) => !v.allowed);
    if (refused.length > 0) {
      throw new RateLimitedError(Math.max(...refused.map((v) => v.retryAfterSeconds)));
    }
  }

  /** Whether the person is a new member: young accounts are, without a read; others by reputation. */
  private async isNew(user: Pick<User, 'id' | 'role' | 'createdAt'>, now: Date): Promise<boolean> {
    const young = now.getTime() - Date.parse(user.createdAt) < TRUST_RULES.member.days * 86_400_000;
    if (user.role === 'staff' || user.role === 'admin') return false;
    if (young || !this.deps.reputation) return isNewMember(trustLevel({ ...user, reputation: 0 }, now));
    const reputation = (await this.deps.reputation.countersOf([user.id])).get(user.id)?.reputation ?? 0;
    return isNewMember(trustLevel({ ...user, reputation }, now));
  }
}
