/**
 * Domain events. On AWS they go to an EventBridge bus (source "hearth", detail-type = type); locally an
 * in-process bus applies the same rules (events/rules.ts) to the same targets.
 */
import type { PostStatus } from './types.ts';

export const EVENT_SOURCE = 'hearth';

export interface PostStatusChanged {
  type: 'PostStatusChanged';
  /** Unique per change; notification idempotency hangs on it. */
  id: string;
  at: string;
  detail: {
    postId: string;
    boardSlug: string;
    title: string;
    from: PostStatus;
    to: PostStatus;
    note?: string;
    byId: string;
    byName: string;
    /** A merge: where the post went. The note names it; followers who may not see its board get a note that does not. */
    mergedInto?: { postId: string; boardSlug: string };
  };
}

export type DomainEvent = PostStatusChanged;
export type DomainEventType = DomainEvent['type'];

/**
 * Put on the bus by the weekly schedule (infra), not by a service. No rule consumes it yet: the digest
 * itself is its own issue, and will add a rule for it in events/rules.ts. The scheduled time it carries
 * is meant as that digest's idempotency key: a retried delivery names the same week.
 */
export const WEEKLY_DIGEST_DUE = 'WeeklyDigestDue';
export interface WeeklyDigestDueDetail {
  scheduledAt: string;
  recipients: string[];
}
