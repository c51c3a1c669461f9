/**
 * Ports: what the services need from the outside world. DynamoDB adapters implement the stores;
 * unit tests may implement them in memory.
 */
import type { Board, Comment, Post, Session, User } from '../domain/types.ts';

export interface Page<T> {
  items: T[];
  /** Opaque: hand it back to get the next page; null on the last page. */
  nextCursor: string | null;
}

export type PostSort = 'top' | 'new';

export interface BoardStore {
  list(): Promise<Board[]>;
  get(slug: string): Promise<Board | null>;
  /** Creates the board; false when a board with this slug already exists. */
  create(board: Board): Promise<boolean>;
}

export interface PostStore {
  create(post: Post): Promise<void>;
  get(id: string): Promise<Post | null>;
  listByBoard(boardSlug: string, sort: PostSort, limit: number, cursor?: string): Promise<Page<Post>>;
}

export interface VoteChange {
  /** False when the vote was already there (vote) or already gone (unvote): a retry changes nothing. */
  changed: boolean;
}

export interface VoteStore {
  /** Adds the vote and one to the post's count in one transaction, if the post still takes votes. */
  add(postId: string, userId: string, votedAt: string): Promise<VoteChange>;
  /** Removes the vote and one from the post's count in one transaction. */
  remove(postId: string, userId: string): Promise<VoteChange>;
  /** Which of these posts the user has voted on. */
  votedPostIds(userId: string, postIds: readonly string[]): Promise<Set<string>>;
}

export interface CommentStore {
  /** Stores the comment and adds one to the post's comment count in one transaction. */
  create(comment: Comment): Promise<void>;
  listByPost(postId: string): Promise<Comment[]>;
}

export interface IdentityProfile {
  email: string;
  name: string;
  role: User['role'];
  company?: string;
}

export interface UserStore {
  get(id: string): Promise<User | null>;
  /** The user bound to this external identity, created on first sight and refreshed on each sign-in. */
  upsertByIdentity(provider: string, subject: string, profile: IdentityProfile, now: string): Promise<User>;
}

export interface SessionStore {
  create(tokenHash: string, session: Session): Promise<void>;
  /** The session, or null when absent or expired (expired items may linger until TTL removes them). */
  get(tokenHash: string, now: Date): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable by creation time. */
  next(): string;
}

export interface Stores {
  boards: BoardStore;
  posts: PostStore;
  votes: VoteStore;
  comments: CommentStore;
  users: UserStore;
  sessions: SessionStore;
}
