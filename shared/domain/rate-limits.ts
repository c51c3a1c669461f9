/**
 * How often each action may happen, per signed-in user and per client address. Generous for people,
 * tight enough that a script cannot flood a board, the mailer or the sign-in form. Windows are fixed
 * (counted per window start), which lets a burst straddle two windows: at most twice the limit briefly,
 * an accepted trade for one conditional write per action.
 */
import { NEW_MEMBER_RATE_SHARE } from './moderation.ts';
export const RATE_LIMITED_ACTIONS = [
  'post',
  'comment',
  'vote',
  'signIn',
  'signInEmail',
  'flag',
  'helpful',
] as const;
export type RateLimitedAction = (typeof RATE_LIMITED_ACTIONS)[number];

export interface RateLimit {
  scope: 'user' | 'ip';
  limit: number;
  windowSeconds: number;
}

export const RATE_LIMITS: Record<RateLimitedAction, readonly RateLimit[]> = {
  post: [
    { scope: 'user', limit: 10, windowSeconds: 3600 },
    { scope: 'ip', limit: 30, windowSeconds: 3600 },
  ],
  comment: [
    { scope: 'user', limit: 30, windowSeconds: 600 },
    { scope: 'ip', limit: 100, windowSeconds: 600 },
  ],
  vote: [
    { scope: 'user', limit: 60, windowSeconds: 60 },
    { scope: 'ip', limit: 300, windowSeconds: 60 },
  ],
  signIn: [{ scope: 'ip', limit: 20, windowSeconds: 900 }],
  // Flags hide content at a threshold: enough for anyone honest, too few for one person to sweep a board.
  flag: [{ scope: 'user', limit: 20, windowSeconds: 3600 }],
  // Per address asked for, so nobody can flood one inbox with sign-in links ('user' is the email here).
  signInEmail: [{ scope: 'user', limit: 5, windowSeconds: 900 }],
  // "This answered my question" (issue 18): a count, so a script must not be able to inflate it.
  helpful: [
    { scope: 'user', limit: 30, windowSeconds: 3600 },
    { scope: 'ip', limit: 60, windowSeconds: 3600 },
  ],
};

/**
 * The inbox an address delivers to, for the per-inbox limit: `Victim+1@Example.com` and
 * `victim@example.com` reach one mailbox at most providers, so they share one count. Only the limit's key;
 * the mail still goes to the address as typed.
 */
export function inboxKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf('@');
  if (at <= 0) return address;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${address.slice(at)}`;
}

/**
 * The tighter limits a new member (trust level `new`, domain/reputation.ts) meets on top of everyone's:
 * each per-person limit of posting, commenting and voting at NEW_MEMBER_RATE_SHARE of its size (at
 * least 1), counted under a key of their own so that earning trust leaves the ordinary count as it was.
 */
export const NEW_MEMBER_LIMITED: readonly RateLimitedAction[] = ['post', 'comment', 'vote'];

export function newMemberLimits(action: RateLimitedAction): RateLimit[] {
  if (!NEW_MEMBER_LIMITED.includes(action)) return [];
  return RATE_LIMITS[action]
    .filter((rule) => rule.scope === 'user')
    .map((rule) => ({ ...rule, limit: Math.max(1, Math.floor(rule.limit * NEW_MEMBER_RATE_SHARE)) }));
}
