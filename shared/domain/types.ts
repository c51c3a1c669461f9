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

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  company?: string;
  createdAt: string;
}

/** Who is acting. Every service call takes one explicitly; there is no ambient "current user". */
/** `ip` is where the request came from: rate limits count per address as well as per person. */
export type Actor = { kind: 'anonymous'; ip?: string } | { kind: 'user'; user: User; ip?: string };
export const ANONYMOUS: Actor = { kind: 'anonymous' };
export const actorFor = (user: User | null | undefined, ip?: string): Actor => {
  const base: Actor = user ? { kind: 'user', user } : { kind: 'anonymous' };
  return ip ? { ...base, ip } : base;
};

export interface Board {
  slug: string;
  name: string;
  description: string;
  kinds: PostKind[];
  /** Archived boards stay readable but take no new posts, and leave the board list for customers. */
  archived: boolean;
  /** Private boards are seen by staff, and by customers whose email domain is in allowedDomains. */
  private: boolean;
  allowedDomains: string[];
  createdAt: string;
}

export interface Tag {
  slug: string;
  name: string;
  /** A CSS hex colour, for the tag's chip. */
  color: string;
}

/** The official response that goes with the current status. */
export interface StatusNote {
  body: string;
  byId: string;
  byName: string;
  at: string;
}

export interface Post {
  id: string;
  boardSlug: string;
  kind: PostKind;
  title: string;
  body: string;
  status: PostStatus;
  authorId: string;
  authorName: string;
  voteCount: number;
  /** Sum of the votes' time weights (see domain/trend.ts); orders the trending lists. */
  trendScore: number;
  commentCount: number;
  tags: string[];
  statusNote?: StatusNote;
  statusChangedAt?: string;
  shippedAt?: string;
  /** Questions: the comment the author or staff accepted as the answer. */
  acceptedCommentId?: string;
  /** Set when the post was merged into another; the post then has status 'merged'. */
  mergedInto?: string;
  /** Bumped by each change of the lists the post belongs to (status, tags, merge). */
  rev: number;
  /** Bumped by each vote and unvote: a membership change copies counts only if no vote raced it. */
  voteSeq: number;
  createdAt: string;
  updatedAt: string;
}

export interface StatusChange {
  id: string;
  postId: string;
  from: PostStatus;
  to: PostStatus;
  note?: string;
  byId: string;
  byName: string;
  at: string;
}

export interface Vote {
  postId: string;
  userId: string;
  votedAt: string;
  /** Set when staff added the vote on the customer's behalf. */
  onBehalf?: { byId: string; byName: string; source: string; ip?: string };
}

export type SubscriptionReason = 'author' | 'voter' | 'commenter' | 'follower' | 'merge';

export interface Subscription {
  postId: string;
  userId: string;
  following: boolean;
  reason: SubscriptionReason;
  since: string;
}

export interface Comment {
  id: string;
  postId: string;
  /** Replies go one level deep: a reply's parent is always a top-level comment. */
  parentId?: string;
  authorId: string;
  authorName: string;
  authorIsStaff: boolean;
  body: string;
  createdAt: string;
  editedAt?: string;
  deleted: boolean;
  /** Hidden by staff: the text is kept for staff and withheld from everyone else. */
  hidden: boolean;
}

export interface Session {
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export const staffRoles: ReadonlySet<Role> = new Set(['staff', 'admin']);

export const isAdmin = (actor: Actor): boolean => actor.kind === 'user' && actor.user.role === 'admin';

export const isStaff = (actor: Actor): boolean =>
  actor.kind === 'user' && (actor.user.role === 'staff' || actor.user.role === 'admin');
