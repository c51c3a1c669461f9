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

export const POST_KINDS = ['idea', 'question', 'story'] as const;
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
export type Actor = { kind: 'anonymous' } | { kind: 'user'; user: User };
export const ANONYMOUS: Actor = { kind: 'anonymous' };
export const actorFor = (user: User | null | undefined): Actor => (user ? { kind: 'user', user } : ANONYMOUS);

export interface Board {
  slug: string;
  name: string;
  description: string;
  kinds: PostKind[];
  createdAt: string;
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
  commentCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface Comment {
  id: string;
  postId: string;
  authorId: string;
  authorName: string;
  authorIsStaff: boolean;
  body: string;
  createdAt: string;
}

export interface Session {
  userId: string;
  createdAt: string;
  expiresAt: string;
}

export const isStaff = (actor: Actor): boolean =>
  actor.kind === 'user' && (actor.user.role === 'staff' || actor.user.role === 'admin');
