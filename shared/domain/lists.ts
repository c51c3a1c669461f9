/**
 * The lists a post appears in. Every list a page can show (a board by status, kind or tag, the roadmap
 * columns, the changelog) is a set of small entry items in the table, so that each list is one Query on
 * an index, in any of the three orders, whatever the size of the board. A post belongs to at most
 * 4 + MAX_TAGS lists; its entries change with its status and tags, and each vote updates them in the
 * same transaction as the post's own count.
 */
import type { Post, PostKind, PostStatus } from './types.ts';

export const MAX_TAGS = 5;

export interface ListFilter {
  status?: PostStatus;
  kind?: PostKind;
  tag?: string;
}

export type ListId = string;

export const listIds = {
  board: (board: string): ListId => `B#${board}`,
  boardStatus: (board: string, status: PostStatus): ListId => `B#${board}#S#${status}`,
  boardKind: (board: string, kind: PostKind): ListId => `B#${board}#K#${kind}`,
  boardTag: (board: string, tag: string): ListId => `B#${board}#T#${tag}`,
  /** Across boards: the roadmap's columns. */
  status: (status: PostStatus): ListId => `S#${status}`,
  /** Shipped posts across boards, ordered by when they shipped. */
  changelog: (): ListId => 'CHANGELOG',
};

export interface Membership {
  listId: ListId;
  /** The "new" order of this list: the post id (a ULID, so by creation), or the shipping time. */
  newKey: string;
}

export function memberships(
  post: Pick<Post, 'id' | 'boardSlug' | 'status' | 'kind' | 'tags' | 'shippedAt' | 'createdAt'>,
): Membership[] {
  if (post.status === 'merged') return [];
  const byId = (listId: ListId): Membership => ({ listId, newKey: post.id });
  const lists = [
    byId(listIds.board(post.boardSlug)),
    byId(listIds.boardStatus(post.boardSlug, post.status)),
    byId(listIds.boardKind(post.boardSlug, post.kind)),
    ...post.tags.map((tag) => byId(listIds.boardTag(post.boardSlug, tag))),
    byId(listIds.status(post.status)),
  ];
  if (post.status === 'shipped') {
    lists.push({ listId: listIds.changelog(), newKey: `${post.shippedAt ?? post.createdAt}#${post.id}` });
  }
  return lists;
}

/**
 * The list a filtered board page reads: the narrowest one its filters name. Any further filters are
 * applied to that list's entries (which carry status, kind and tags).
 */
export function listFor(board: string, filter: ListFilter): { listId: ListId; residual: ListFilter } {
  if (filter.tag) {
    const { tag, ...residual } = filter;
    return { listId: listIds.boardTag(board, tag), residual };
  }
  if (filter.status) {
    const { status, ...residual } = filter;
    return { listId: listIds.boardStatus(board, status), residual };
  }
  if (filter.kind) return { listId: listIds.boardKind(board, filter.kind), residual: {} };
  return { listId: listIds.board(board), residual: {} };
}
