/**
 * Finding a post or board the actor may see. Whatever they may not see answers exactly as what does not
 * exist (same error, same message), so that nobody can probe for private posts or boards.
 */
import type { Actor, Board, Post } from '../../domain/types.ts';
import { isStaff } from '../../domain/types.ts';
import { isPublic } from '../../domain/consent.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { parseInput, postIdSchema } from '../../domain/schemas.ts';
import { canSeeBoard } from '../policy.ts';
import { canSeeWithheldPost } from '../moderation/withheld.ts';
import type { PostServiceDeps } from './types.ts';

type Deps = Pick<PostServiceDeps, 'boards' | 'posts'>;

/** With an actor, a board they may not see is as absent as one that does not exist. */
export async function requireBoard(deps: Deps, slug: string, actor?: Actor): Promise<Board> {
  const board = await deps.boards.get(slug);
  if (!board || (actor && !canSeeBoard(actor, board))) throw new NotFoundError('Board');
  return board;
}

export async function requirePost(deps: Deps, postId: string): Promise<Post> {
  const id = parseInput(postIdSchema, postId);
  const post = await deps.posts.get(id);
  if (!post) throw new NotFoundError('Post');
  return post;
}

export async function requireVisiblePost(
  deps: Deps,
  actor: Actor,
  postId: string,
): Promise<{ post: Post; board: Board }> {
  const post = await requirePost(deps, postId);
  const board = await deps.boards.get(post.boardSlug);
  if (!board || !canSeeBoard(actor, board) || !canSeeStory(actor, post)) throw new NotFoundError('Post');
  // Withheld by moderators: staff and its author read it; to anyone else it does not exist.
  if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Post');
  return { post, board };
}

/**
 * A story its author keeps inside the company (or withdrew) is read by them and by staff only; to
 * anyone else it does not exist.
 */
export function canSeeStory(actor: Actor, post: Pick<Post, 'kind' | 'story' | 'authorId'>): boolean {
  if (post.kind !== 'story' || !post.story || isPublic(post.story.consent.level)) return true;
  return isStaff(actor) || (actor.kind === 'user' && actor.user.id === post.authorId);
}

/**
 * Drops posts on boards the actor may not see, and withheld posts but for staff and their author:
 * cross-board lists (roadmap, search, profiles).
 */
export async function visibleTo(deps: Deps, actor: Actor, posts: readonly Post[]): Promise<Post[]> {
  if (posts.length === 0) return [];
  return visibleAmong(actor, await deps.boards.list(), posts);
}

/** visibleTo, given the boards already read. */
export function visibleAmong(actor: Actor, boards: readonly Board[], posts: readonly Post[]): Post[] {
  const hidden = new Set(boards.filter((b) => !canSeeBoard(actor, b)).map((b) => b.slug));
  return posts.filter(
    (p) => !hidden.has(p.boardSlug) && canSeeStory(actor, p) && canSeeWithheldPost(actor, p),
  );
}
