/**
 * Puts one event's notifications in their recipients' inboxes, and queues their email by preference:
 * `email` joins the person's next batch (due a few minutes after its first line), `daily` their daily
 * summary, `off` nothing. The inbox always gets the item. Exactly once per (event, recipient): the inbox
 * put is conditional, and the email line is written in the same transaction.
 */
import type {
  InboxItem,
  NotificationKind,
  NotificationPrefs,
  PendingMail,
} from '../../domain/notifications.ts';
import type { User } from '../../domain/types.ts';
import type { Clock, InboxStore, NotificationPrefsStore, QueuedMail } from '../../ports/index.ts';

/** How long a batch waits for more before it goes: a busy thread sends one email, not twenty. */
export const BATCH_DELAY_MS = 5 * 60 * 1000;

/** When the daily summaries go out (UTC); the flush drains them a few hundred a minute from then. */
export const DAILY_SUMMARY_HOUR_UTC = 7;

/** The next daily summary time after `now`: a line queued at 06:59 goes at 07:00, one at 07:01 tomorrow. */
export function nextDailyAt(now: Date, hourUtc = DAILY_SUMMARY_HOUR_UTC): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hourUtc));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

export interface Notice {
  user: User;
  kind: NotificationKind;
  /** For a customer whose answer was accepted: the story form, prefilled from the post. */
  storyInviteUrl?: string;
}

export type NoticeBase = Omit<InboxItem, 'read' | 'kind' | 'id'>;

export interface DeliveryDeps {
  inbox: InboxStore;
  notificationPrefs: NotificationPrefsStore;
  clock: Clock;
}

export interface DeliveryResult {
  /** New inbox items. */
  delivered: number;
  /** Already delivered: a replayed event. */
  repeated: number;
  /** The recipients' preferences, for a caller that emails some kinds itself (status changes). */
  prefs: Map<string, NotificationPrefs>;
  /** Who got a new item this time. */
  newly: Set<string>;
}

/**
 * `sendsOwnEmail`: the caller emails the `email` preference at once itself (the status email), so
 * only `daily` is queued here.
 */
export async function deliverNotices(
  deps: DeliveryDeps,
  base: NoticeBase,
  notices: readonly Notice[],
  opts: { sendsOwnEmail?: boolean } = {},
): Promise<DeliveryResult> {
  const ids = notices.map((n) => n.user.id);
  const prefs = ids.length > 0 ? await deps.notificationPrefs.getMany(ids) : new Map();
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const result: DeliveryResult = { delivered: 0, repeated: 0, prefs, newly: new Set() };
  await Promise.all(
    notices.map(async (notice) => {
      const delivery = prefs.get(notice.user.id)?.[notice.kind] ?? 'email';
      const line: PendingMail = {
        ...base,
        id: `${base.at}#${base.eventId}`,
        kind: notice.kind,
        ...(notice.storyInviteUrl ? { storyInviteUrl: notice.storyInviteUrl } : {}),
      };
      const mail: QueuedMail | undefined =
        delivery === 'daily'
          ? { queue: 'daily', dueAt: nextDailyAt(now).toISOString(), line }
          : delivery === 'email' && !opts.sendsOwnEmail
            ? { queue: 'now', dueAt: new Date(now.getTime() + BATCH_DELAY_MS).toISOString(), line }
            : undefined;
      const { storyInviteUrl: _invite, ...item } = line;
      const fresh = await deps.inbox.deliver(notice.user.id, item, {
        deliveredAt: nowIso,
        ...(mail ? { mail } : {}),
      });
      if (fresh) {
        result.delivered++;
        result.newly.add(notice.user.id);
      } else result.repeated++;
    }),
  );
  return result;
}
