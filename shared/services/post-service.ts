/**
 * Posts, as one service over the modules of `posts/`, one a use case: reading (lists, search), a post's
 * detail, the author's writing, staff's triage and merge, and following.
 */
import type { Actor, Post } from '../domain/types.ts';
import type { BoardView } from './board-service.ts';
import { visibleTo } from './posts/access.ts';
import { get } from './posts/detail.ts';
import { follow } from './posts/following.ts';
import { merge } from './posts/merge.ts';
import { summarize } from './posts/present.ts';

/** A written post as its writer is answered: the fields any viewer sees. */
export { publicFields as writtenPost } from './posts/present.ts';
import { changelog, list, roadmap, search } from './posts/reading.ts';
import { acceptAnswer, changeStatus, setTags } from './posts/triage.ts';
import { create, edit, remove } from './posts/writing.ts';
import type { PostDetail, PostList, PostServiceDeps, PostSummary, Roadmap } from './posts/types.ts';

export type * from './posts/types.ts';

export class PostService {
  constructor(private readonly deps: PostServiceDeps) {}

  list(actor: Actor, boardSlug: string, query: unknown, known?: { board?: BoardView }): Promise<PostList> {
    return list(this.deps, actor, boardSlug, query, known);
  }

  roadmap(actor: Actor): Promise<Roadmap> {
    return roadmap(this.deps, actor);
  }

  changelog(actor: Actor, query: unknown): Promise<{ posts: PostSummary[]; nextCursor: string | null }> {
    return changelog(this.deps, actor, query);
  }

  search(actor: Actor, query: unknown): Promise<PostSummary[]> {
    return search(this.deps, actor, query);
  }

  get(actor: Actor, postId: string, opts?: { commentsCursor?: string }): Promise<PostDetail> {
    return get(this.deps, actor, postId, opts);
  }

  create(actor: Actor, boardSlug: string, input: unknown, opts?: { idempotencyKey?: string }): Promise<Post> {
    return create(this.deps, actor, boardSlug, input, opts);
  }

  edit(actor: Actor, postId: string, input: unknown): Promise<Post> {
    return edit(this.deps, actor, postId, input);
  }

  delete(actor: Actor, postId: string): Promise<void> {
    return remove(this.deps, actor, postId);
  }

  changeStatus(actor: Actor, postId: string, input: unknown): Promise<Post> {
    return changeStatus(this.deps, actor, postId, input);
  }

  setTags(actor: Actor, postId: string, input: unknown): Promise<Post> {
    return setTags(this.deps, actor, postId, input);
  }

  merge(actor: Actor, postId: string, input: unknown): Promise<{ from: Post; into: Post }> {
    return merge(this.deps, actor, postId, input);
  }

  acceptAnswer(actor: Actor, postId: string, input: unknown): Promise<Post> {
    return acceptAnswer(this.deps, actor, postId, input);
  }

  follow(actor: Actor, postId: string, input: unknown): Promise<{ following: boolean }> {
    return follow(this.deps, actor, postId, input);
  }

  /** Drops posts on boards the actor may not see: for other services' cross-board lists (profiles). */
  visibleTo(actor: Actor, posts: readonly Post[]): Promise<Post[]> {
    return visibleTo(this.deps, actor, posts);
  }

  /** The posts as the actor may see them: public fields only, merge targets on hidden boards unnamed. */
  summarize(actor: Actor, posts: readonly Post[]): Promise<PostSummary[]> {
    return summarize(this.deps, actor, posts);
  }
}
