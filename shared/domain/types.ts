// Types only: the records' schemas live in records.ts, so importing a constant from here loads no zod.
import type * as z from 'zod';
import type {
  boardRecord,
  commentRecord,
  companyRecord,
  postRecord,
  statusChangeRecord,
  storyAuditRecord,
  storyRecord,
  statusNoteRecord,
  subscriptionRecord,
  tagRecord,
  userRecord,
  voteRecord,
} from './records.ts';

export const ROLES = ['customer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const POST_STATUSES = [
  'open',
  'under_review',
  'planned',
  'in_progress',
  'shipped',
  'declined',
  'merged',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** Statuses in which a post no longer takes votes. */
export const CLOSED_STATUSES: ReadonlySet<PostStatus> = new Set(['shipped', 'declined', 'merged']);

export const POST_KINDS = ['idea', 'question', 'story', 'bug'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export type User = z.infer<typeof userRecord>;

/** A profile's tabs: votes are for the person themself and staff, following for them alone. */
export const PROFILE_TABS = ['posts', 'votes', 'comments', 'following'] as const;
export type ProfileTab = (typeof PROFILE_TABS)[number];

/** Who is acting. Every service call takes one explicitly; there is no ambient "current user". */
/** `ip` is where the request came from: rate limits count per address as well as per person. */
/**
 * Who is asking. `bot` is set by the adapters from the user agent (domain/analytics.ts isBotAgent): a bot
 * reads like anyone else but is never counted in analytics.
 */
export type Actor =
  { kind: 'anonymous'; ip?: string; bot?: true } | { kind: 'user'; user: User; ip?: string; bot?: true };
export const ANONYMOUS: Actor = { kind: 'anonymous' };
export const actorFor = (user: User | null | undefined, ip?: string): Actor => {
  const base: Actor = user ? { kind: 'user', user } : { kind: 'anonymous' };
  return ip ? { ...base, ip } : base;
};

export type Board = z.infer<typeof boardRecord>;

export type Company = z.infer<typeof companyRecord>;
export type CompanySource = Company['source'];

export type Tag = z.infer<typeof tagRecord>;

/** The official response that goes with the current status. */
export type StatusNote = z.infer<typeof statusNoteRecord>;

export type Post = z.infer<typeof postRecord>;

export type Story = z.infer<typeof storyRecord>;
export type StoryAuditEntry = z.infer<typeof storyAuditRecord>;

export type StatusChange = z.infer<typeof statusChangeRecord>;

export type Vote = z.infer<typeof voteRecord>;

export type SubscriptionReason = Subscription['reason'];
export type Subscription = z.infer<typeof subscriptionRecord>;

export type Comment = z.infer<typeof commentRecord>;

export interface Session {
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export const staffRoles: ReadonlySet<Role> = new Set(['staff', 'admin']);

export const isAdmin = (actor: Actor): boolean => actor.kind === 'user' && actor.user.role === 'admin';

export const isStaff = (actor: Actor): boolean =>
  actor.kind === 'user' && (actor.user.role === 'staff' || actor.user.role === 'admin');
