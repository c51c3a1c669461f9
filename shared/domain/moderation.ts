/**
 * Moderation's rules, kept pure so that the services, the stores' transactions and the pages read the
 * same ones: how much a flag weighs, when flags hide an item, what a sanction forbids, and which new
 * posts wait for review. After Discourse's flagging (REFERENCES.md): a flag weighs more from a trusted
 * member whose past flags staff agreed with, and the flaggers' records learn from each decision.
 */
import type { TrustLevel } from './reputation.ts';

export const FLAG_REASONS = ['spam', 'abusive', 'off_topic', 'other'] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

export const FLAG_REASON_LABELS: Record<FlagReason, string> = {
  spam: 'Spam',
  abusive: 'Abusive or harassing',
  off_topic: 'Off-topic',
  other: 'Something else',
};

/**
 * Where a post or comment stands with the moderators. Absent: published. `held`: waiting for review
 * before anyone but its author and staff sees it. `flagged`: hidden because flags passed the threshold,
 * pending review. `hidden`: staff hid it (a decision). `removed`: staff removed it for good (kept for the
 * audit log and the author's own view, restorable by staff).
 */
export const MODERATION_STATES = ['held', 'flagged', 'hidden', 'removed'] as const;
export type ModerationState = (typeof MODERATION_STATES)[number];

export const MODERATION_STATE_LABELS: Record<ModerationState, string> = {
  held: 'Waiting for review',
  flagged: 'Hidden pending review',
  hidden: 'Hidden by moderators',
  removed: 'Removed by moderators',
};

/** Why a post is held before publishing. */
export const HOLD_REASONS = ['firstPost', 'links'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export const HOLD_REASON_TEXT: Record<HoldReason, string> = {
  firstPost: "New members' first posts are reviewed before they are published.",
  links: 'Posts with links from new members are reviewed before they are published.',
};

/** The reason a staff hide gives its author when staff gave none (the older hide switch). */
export const STAFF_HIDE_REASON = 'Hidden by staff.';

/** Content a moderation state withholds from everyone but its author and staff. */
export const isWithheld = (item: { moderation?: { state: ModerationState } | undefined }): boolean =>
  item.moderation !== undefined;

/** The trust a flag starts from, before the flagger's record scales it. */
export const FLAG_BASE_WEIGHT: Record<TrustLevel, number> = { new: 1, member: 2, trusted: 3 };

/**
 * A flagger's record: flags staff agreed with and disagreed with. The factor is the Laplace-smoothed
 * share agreed with, doubled: 1 for someone with no record, towards 2 for a reliable flagger, towards 0
 * for one whose flags staff keep rejecting (a troll's flags come to weigh nothing).
 */
export function flagWeight(level: TrustLevel, record: { agreed: number; disagreed: number }): number {
  const accuracy = (record.agreed + 1) / (record.agreed + record.disagreed + 2);
  return Math.round(FLAG_BASE_WEIGHT[level] * accuracy * 2 * 100) / 100;
}

export interface ModerationSettings {
  /** Flags' summed weight at which an item is hidden pending review. */
  flagThreshold: number;
  /** Whether links in a new member's post hold it for review. */
  holdLinksFromNewMembers: boolean;
}

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  // Two members, or one trusted member with a good record, or four new accounts with no record.
  flagThreshold: 4,
  holdLinksFromNewMembers: true,
};

/** Whether the flags' weight hides the item pending review. */
export const passesThreshold = (weight: number, settings: ModerationSettings): boolean =>
  weight >= settings.flagThreshold;

/**
 * A bare domain, TLD-shaped ("cheap-pills.com"): common generic TLDs and any two letters (a country).
 * Spammers drop the scheme to slip past link checks; a file name like "notes.md" counts too, which
 * only means a new member's post waits for a moderator.
 */
const BARE_DOMAIN = /\b[a-z0-9-]+\.(com|net|org|io|co|biz|info|ru|xyz|shop|online|site|app|dev|[a-z]{2})\b/i;

/** A post or comment whose text links somewhere: a markdown link, an autolink or a bare URL or domain. */
export function containsLink(text: string): boolean {
  return (
    /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.[a-z]{2,}|\]\([^)]+\)|<[a-z]+:\/\//i.test(text) ||
    BARE_DOMAIN.test(text)
  );
}

/** A new member: their posts with links, and on boards that say so their first post, wait for review. */
export const isNewMember = (level: TrustLevel): boolean => level === 'new';

/**
 * What makes two posts "the same" for the repeat check: case, whitespace and punctuation do not count.
 * The services hash this per author; a repeat within REPEAT_WINDOW_HOURS is refused.
 */
export function contentFingerprintText(title: string, body: string): string {
  return `${title}\n${body}`
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
export const REPEAT_WINDOW_HOURS = 24;

/** New members' rate limits are this share of everyone's (rounded down, at least 1). */
export const NEW_MEMBER_RATE_SHARE = 0.3;

// Sanctions ------------------------------------------------------------------------------------------

/** In rising order: each forbids what the ones before it forbid, and more. */
export const SANCTION_LEVELS = ['warn', 'silence', 'suspend', 'ban'] as const;
export type SanctionLevel = (typeof SANCTION_LEVELS)[number];

export const SANCTION_LABELS: Record<SanctionLevel, string> = {
  warn: 'Warned',
  silence: 'Silenced',
  suspend: 'Suspended',
  ban: 'Banned',
};

/** Silence and suspension need an end; a warning and a ban have none. */
export const SANCTION_NEEDS_END: Record<SanctionLevel, boolean> = {
  warn: false,
  silence: true,
  suspend: true,
  ban: false,
};

export interface Sanction {
  level: SanctionLevel;
  reason: string;
  at: string;
  byId: string;
  byName: string;
  /** When a silence or suspension ends; absent for a warning or a ban. */
  until?: string;
}

/** The sanction in force at `now`: an ended silence or suspension is none. */
export function sanctionInForce(sanction: Sanction | undefined, now: Date): Sanction | undefined {
  if (!sanction) return undefined;
  if (sanction.until && Date.parse(sanction.until) <= now.getTime()) return undefined;
  return sanction;
}

/** May they post, comment, vote or flag? (Warned people may; silenced, suspended or banned may not.) */
export function mayParticipate(sanction: Sanction | undefined, now: Date): boolean {
  const s = sanctionInForce(sanction, now);
  return !s || s.level === 'warn';
}

/** May they sign in and keep their sessions? */
export function maySignIn(sanction: Sanction | undefined, now: Date): boolean {
  const s = sanctionInForce(sanction, now);
  return !s || s.level === 'warn' || s.level === 'silence';
}

// The audit log ----------------------------------------------------------------------------------------

export const AUDIT_ACTIONS = [
  'flag',
  'hide',
  'remove',
  'restore',
  'hold',
  'approve',
  'edit',
  'agree',
  'disagree',
  /** A review item dropped because its post or comment is gone (its author deleted it). */
  'dismiss',
  'sanction',
  'liftSanction',
  'guidelines',
  'settings',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line of the moderation audit log: append-only, read newest first by admins. */
export interface AuditEntry {
  id: string;
  at: string;
  action: AuditAction;
  actorId: string;
  actorName: string;
  /** What was acted on: a post, a comment (postId + commentId), a person, or the site's settings. */
  target: {
    kind: 'post' | 'comment' | 'user' | 'settings';
    postId?: string;
    commentId?: string;
    userId?: string;
  };
  reason?: string;
  /** The state before and after, as small JSON-able objects (moderation state, sanction, settings). */
  before?: unknown;
  after?: unknown;
}
