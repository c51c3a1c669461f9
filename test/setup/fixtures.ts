/** Small builders for test data, written through the real stores. */
import { ulid } from 'ulid';
import { voteWeight } from '../../shared/domain/trend.ts';
import type { Actor, Board, Comment, Post, User } from '../../shared/domain/types.ts';
import type { TestTable } from './table.ts';

let n = 0;

export async function aBoard(t: TestTable, overrides: Partial<Board> = {}): Promise<Board> {
  const board: Board = {
    slug: `board-${++n}`,
    name: 'Feature requests',
    description: 'Ideas',
    kinds: ['idea'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  await t.stores.boards.create(board);
  return board;
}

export async function aUser(
  t: TestTable,
  overrides: Partial<{ name: string; role: User['role'] }> = {},
): Promise<User> {
  const i = ++n;
  return t.stores.users.upsertByIdentity(
    'sso',
    `user-${i}-${Math.random()}`,
    {
      email: `user${i}@example.com`,
      name: overrides.name ?? `User ${i}`,
      role: overrides.role ?? 'customer',
    },
    new Date().toISOString(),
  );
}

export const as = (user: User): Actor => ({ kind: 'user', user });

/** An open idea with its author's vote, written by the post store alone: no rate limit, no event. */
export async function aStoredPost(
  t: TestTable,
  boardSlug: string,
  author: User,
  overrides: Partial<Post> = {},
): Promise<Post> {
  const now = new Date().toISOString();
  const post: Post = {
    id: ulid(),
    boardSlug,
    kind: 'idea',
    title: 'Export to spreadsheets',
    body: 'So we can share the numbers.',
    status: 'open',
    authorId: author.id,
    authorName: author.name,
    voteCount: 1,
    trendScore: voteWeight(now),
    commentCount: 0,
    tags: [],
    rev: 0,
    voteSeq: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  await t.stores.posts.create(post, { postId: post.id, userId: author.id, votedAt: post.createdAt });
  return post;
}

/** A visible comment, written by the comment store alone: no rate limit, no follow, no event. */
export async function aStoredComment(
  t: TestTable,
  post: Post,
  author: User,
  overrides: Partial<Comment> = {},
): Promise<Comment> {
  const comment: Comment = {
    id: ulid(),
    postId: post.id,
    authorId: author.id,
    authorName: author.name,
    authorIsStaff: author.role !== 'customer',
    body: 'Same here.',
    createdAt: new Date().toISOString(),
    deleted: false,
    hidden: false,
    ...overrides,
  };
  await t.stores.comments.create(comment, { question: post.kind === 'question' });
  return comment;
}
