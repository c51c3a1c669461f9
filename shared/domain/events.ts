/**
 * Domain events. On AWS they go to an EventBridge bus (source "hearth", detail-type = type); locally an
 * in-process bus applies the same rules (events/rules.ts) to the same targets.
 */
import type { PostStatus } from './types.ts';
import type { DigestTeam } from './digest.ts';
import type { ModerationState, SanctionLevel } from './moderation.ts';

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

/**
 * One recipient's weekly digest is due: the digest's fan-out, so that one slow or failing address is
 * retried (and dead-lettered) on its own while the rest go out.
 */
export interface DigestDeliveryDue {
  type: 'DigestDeliveryDue';
  /** `digest-<week>-<recipient>`: the same for every run of the week, so replays find the claim. */
  id: string;
  at: string;
  detail: {
    week: string;
    /** `user:<id>` or `email:<address>` (a configured address that is nobody's account). */
    recipient: string;
    /** The sections they were due when the week started (a person's team now wins). */
    team: DigestTeam;
  };
}

/**
 * A comment or answer was written: written to the outbox with the comment. The notifier reads the
 * comment itself (a hidden or deleted one notifies nobody) and finds its recipients from the post.
 */
export interface CommentPosted {
  type: 'CommentPosted';
  /** The comment's id: one event per comment. */
  id: string;
  at: string;
  detail: {
    postId: string;
    commentId: string;
    parentId?: string;
    authorId: string;
  };
}

/** A question's answer was accepted (not un-accepted): written with the acceptance. */
export interface AnswerAccepted {
  type: 'AnswerAccepted';
  id: string;
  at: string;
  detail: {
    postId: string;
    commentId: string;
    answerAuthorId: string;
    byId: string;
    byName: string;
  };
}

/**
 * Moderators acted on someone's post or comment, or on the person: written with the action (in its
 * transaction, through the outbox), so the person is told privately and exactly once
 * (services/moderation/notice.ts builds it; the notify target turns it into one `moderation` notice).
 */
export interface ContentModerated {
  type: 'ContentModerated';
  id: string;
  at: string;
  detail: {
    recipientId: string;
    subject: 'content' | 'sanction';
    /** The post or comment acted on (subject `content`). */
    target?: { postId: string; commentId?: string };
    /** Where the content stands now: withheld in some state, or published again. */
    state?: ModerationState | 'published';
    /** The sanction (subject `sanction`); absent when one was lifted. */
    level?: SanctionLevel;
    until?: string;
    reason: string;
    postTitle?: string;
  };
}

/** Only the fields that are set: what the bus delivers back equals what was written. */
export function contentModeratedDetail(input: ContentModerated['detail']): ContentModerated['detail'] {
  const { recipientId, subject, target, state, level, until, reason, postTitle } = input;
  return {
    recipientId,
    subject,
    ...(target
      ? { target: { postId: target.postId, ...(target.commentId ? { commentId: target.commentId } : {}) } }
      : {}),
    ...(state ? { state } : {}),
    ...(level ? { level } : {}),
    ...(until ? { until } : {}),
    reason,
    ...(postTitle !== undefined ? { postTitle } : {}),
  };
}

export type DomainEvent =
  PostStatusChanged | DigestDeliveryDue | CommentPosted | AnswerAccepted | ContentModerated;
export type DomainEventType = DomainEvent['type'];

/**
 * Put on the bus by the weekly schedule (infra), not by a service. The digest function takes the week
 * that ended before its scheduled time (in the stage's zone), so a retried or late delivery names the
 * same week, and each recipient's send is keyed by that week.
 */
export const WEEKLY_DIGEST_DUE = 'WeeklyDigestDue';
export interface WeeklyDigestDueDetail {
  scheduledAt: string;
  recipients: string[];
}
