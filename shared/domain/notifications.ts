/**
 * Notifications: what people are told about, how each kind reaches them (inbox always; email now, in the
 * daily summary, or not at all), and the @mention rule.
 */
import * as z from 'zod';

/**
 * Most specific first: when several kinds apply to one person for one event, they get one notification,
 * of the first kind in this list that applies. `status` and `moderation` never compete (each has an
 * event of its own).
 */
export const NOTIFICATION_KINDS = [
  'mention',
  'reply',
  'accepted',
  'comment',
  'followed',
  'status',
  'moderation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What moderators tell a person about their own content or standing is not news they may opt out of:
 * always in the inbox and emailed at once, so these kinds are not on the preferences form.
 */
export const FIXED_KINDS = ['moderation'] as const satisfies readonly NotificationKind[];
/** The kinds a person chooses the delivery of. */
export const PREFERENCE_KINDS = NOTIFICATION_KINDS.filter(
  (k): k is Exclude<NotificationKind, (typeof FIXED_KINDS)[number]> =>
    !(FIXED_KINDS as readonly string[]).includes(k),
);
export type PreferenceKind = (typeof PREFERENCE_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  mention: 'Someone mentions me',
  reply: 'A reply to my comment',
  accepted: 'My answer is accepted',
  comment: 'A new comment or answer on my post',
  followed: 'A post I follow is merged or answered',
  status: 'A post I follow changes status',
  moderation: 'Moderators act on my content or account',
};

export const DELIVERIES = ['email', 'daily', 'off'] as const;
/** `email`: soon, batched with whatever else is pending; `daily`: in the daily summary; `off`: inbox only. */
export type Delivery = (typeof DELIVERIES)[number];
export type NotificationPrefs = Record<NotificationKind, Delivery>;

/**
 * Everything emails by default: `status` and `followed` (merges) were emailed before preferences
 * existed, and a person who never visited the form should not silently lose them.
 */
export const DEFAULT_NOTIFICATION_PREFS: NotificationPrefs = {
  mention: 'email',
  reply: 'email',
  accepted: 'email',
  comment: 'email',
  followed: 'email',
  status: 'email',
  moderation: 'email',
};

export function withDefaults(stored: Partial<Record<string, unknown>> | undefined): NotificationPrefs {
  const prefs = { ...DEFAULT_NOTIFICATION_PREFS };
  // A fixed kind keeps its default whatever is stored (say, from an old unsubscribe link).
  for (const kind of PREFERENCE_KINDS) {
    const value = stored?.[kind];
    if ((DELIVERIES as readonly unknown[]).includes(value)) prefs[kind] = value as Delivery;
  }
  return prefs;
}

/** A `PUT` may name some kinds only; the rest keep what they were. Fixed kinds are not choosable. */
export const notificationPrefsSchema = z
  .object(
    Object.fromEntries(PREFERENCE_KINDS.map((k) => [k, z.enum(DELIVERIES).optional()])) as Record<
      PreferenceKind,
      z.ZodOptional<z.ZodEnum<{ email: 'email'; daily: 'daily'; off: 'off' }>>
    >,
  )
  .strict();

/** `{ ids }`: those items; `{ all: true }`: everything so far. */
export const markReadSchema = z
  .object({
    ids: z.array(z.string().min(1).max(120)).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((v) => (v.ids ? 1 : 0) + (v.all ? 1 : 0) === 1, {
    message: 'Give either the ids to mark read or all: true.',
    path: ['ids'],
  });

const deliveryView = z.enum(DELIVERIES);
export const notificationPrefsView = z
  .object(
    Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, deliveryView])) as Record<
      NotificationKind,
      typeof deliveryView
    >,
  )
  .meta({ id: 'NotificationPreferences' });

export const inboxItemView = z
  .object({
    id: z.string().describe('`<at>#<eventId>`: what POST /api/notifications/read takes'),
    eventId: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    at: z.string(),
    postId: z.string(),
    postTitle: z.string(),
    commentId: z.string().optional(),
    actorName: z.string(),
    excerpt: z.string().optional(),
    read: z.boolean(),
  })
  .meta({ id: 'Notification' });

export const inboxPageView = z.object({
  items: z.array(inboxItemView),
  nextCursor: z.string().nullable(),
  unread: z.number().int(),
});

export const notificationPageQuerySchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** `now`: the batch that goes out a few minutes after its first line; `daily`: the daily summary. */
export type MailQueue = 'now' | 'daily';

/** One inbox item. `id` is `<at>#<eventId>`: newest first by its sort, and unique per event. */
export interface InboxItem {
  id: string;
  eventId: string;
  kind: NotificationKind;
  at: string;
  postId: string;
  postTitle: string;
  commentId?: string;
  actorName: string;
  /** A line of context: the start of the comment, the new status. */
  excerpt?: string;
  read: boolean;
}

/** What a queued email line holds: the inbox item plus where the story invite goes, if any. */
export interface PendingMail extends Omit<InboxItem, 'read'> {
  storyInviteUrl?: string;
}

/**
 * Who an @mention names: `@Name` is matched, case-insensitively, against the names of the post's
 * followers (its author, voters and commenters: the subscription partition, bounded by the post, never
 * the board). Names may contain spaces, so at each `@` the longest follower name that follows it wins
 * ("@Ann Lee" names Ann Lee, not Ann, when both follow), and it must end at a word boundary.
 */
export function resolveMentions(body: string, people: readonly { id: string; name: string }[]): Set<string> {
  const byLength = [...people]
    .filter((p) => p.name.trim().length > 0)
    .sort((a, b) => b.name.length - a.name.length);
  const found = new Set<string>();
  const lower = body.toLowerCase();
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    // An email address (x@y) is not a mention.
    if (at > 0 && /[\p{L}\p{N}_.]/u.test(lower[at - 1] ?? '')) continue;
    const rest = lower.slice(at + 1);
    const hit = byLength.find((p) => {
      const name = p.name.trim().toLowerCase();
      return rest.startsWith(name) && !/[\p{L}\p{N}_]/u.test(rest[name.length] ?? '');
    });
    if (hit) found.add(hit.id);
  }
  return found;
}

/** The first line of a comment, cut short for an inbox line or an email. */
export function excerptOf(body: string, max = 140): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
