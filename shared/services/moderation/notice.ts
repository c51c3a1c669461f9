/**
 * The private notice moderators' actions send: to the person whose post, comment or standing it was,
 * never to anyone else (no public shaming). The action writes a ContentModerated event in its own
 * transaction (through the outbox); the notify target turns it into ONE inbox item of kind `moderation`,
 * always emailed at once, exactly once per (event, recipient) like every notification (delivery.ts).
 */
import { contentModeratedDetail, type ContentModerated } from '../../domain/events.ts';
import type { ModerationState, SanctionLevel } from '../../domain/moderation.ts';
import { excerptOf } from '../../domain/notifications.ts';
import type { UserStore } from '../../ports/index.ts';
import { deliverNotices, type DeliveryDeps, type DeliveryResult } from '../notifications/delivery.ts';

export interface ModerationNoticeInput {
  /** Unique per action (the audit line's id serves); the notice's idempotency hangs on it. */
  eventId: string;
  at: string;
  recipientId: string;
  subject: 'content' | 'sanction';
  target?: { postId: string; commentId?: string };
  state?: ModerationState | 'published';
  level?: SanctionLevel;
  until?: string;
  reason: string;
  postTitle?: string;
}

/** The event to put in the outbox with the action: `outboxPut(table, moderationNoticeEvent(...))`. */
export function moderationNoticeEvent(input: ModerationNoticeInput): ContentModerated {
  const { eventId, at } = input;
  return { type: 'ContentModerated', id: eventId, at, detail: contentModeratedDetail(input) };
}

/** Who the notice says it is from: the moderators as a body, never one of them by name. */
export const MODERATORS = 'The moderators';

const CONTENT_OUTCOME: Record<ModerationState | 'published', string> = {
  held: 'is waiting for review before it is published',
  flagged: 'was hidden pending review after members flagged it',
  hidden: 'was hidden by the moderators',
  removed: 'was removed by the moderators',
  published: 'is published: everyone can see it again',
};

const day = (iso: string) => iso.slice(0, 10);

/** What happened, in a sentence or two the person reads in their inbox and email. */
export function moderationNoticeText(detail: ContentModerated['detail']): string {
  const reason = detail.reason.trim();
  const why = reason ? ` Reason: ${reason}` : '';
  if (detail.subject === 'sanction') {
    const until = detail.until ? ` until ${day(detail.until)}` : '';
    switch (detail.level) {
      case 'warn':
        return `The moderators warned you.${why}`;
      case 'silence':
        return `You are silenced${until}: you can read, but not post, comment, vote or flag.${why}`;
      case 'suspend':
        return `Your account is suspended${until}: you cannot sign in.${why}`;
      case 'ban':
        return `Your account is banned.${why}`;
      default:
        return `The moderators lifted your sanction.${why}`;
    }
  }
  const what = detail.target?.commentId ? 'Your comment' : 'Your post';
  const title = detail.postTitle ? ` “${detail.postTitle.replace(/\s+/g, ' ').trim()}”` : '';
  const where = detail.target?.commentId ? `${what} on${title}` : `${what}${title}`;
  return `${where} ${CONTENT_OUTCOME[detail.state ?? 'hidden']}.${why}`;
}

export interface ModerationNoticeDeps extends DeliveryDeps {
  users: Pick<UserStore, 'getMany'>;
}

/**
 * Delivers the event's one notice. A sanction has no post: its item's postId and postTitle are empty,
 * and the inbox and the email point to the person's account instead.
 */
export async function deliverModerationNotice(
  deps: ModerationNoticeDeps,
  event: ContentModerated,
): Promise<DeliveryResult> {
  const { detail } = event;
  const [user] = await deps.users.getMany([detail.recipientId]);
  return deliverNotices(
    deps,
    {
      eventId: event.id,
      at: event.at,
      postId: detail.target?.postId ?? '',
      postTitle: detail.postTitle ?? '',
      ...(detail.target?.commentId ? { commentId: detail.target.commentId } : {}),
      actorName: MODERATORS,
      excerpt: excerptOf(moderationNoticeText(detail), 700),
    },
    user ? [{ user, kind: 'moderation' }] : [],
  );
}
