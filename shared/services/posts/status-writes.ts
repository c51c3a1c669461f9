/** The writes that move a post between lists (status, tags, merge), and the event a status change makes. */
import type { PostStatusChanged } from '../../domain/events.ts';
import type { Post, StatusChange } from '../../domain/types.ts';
import { ConflictError } from '../../domain/errors.ts';
import type { PostStore } from '../../ports/index.ts';
import { requirePost } from './access.ts';
import type { PostServiceDeps } from './types.ts';

/** A membership change that keeps losing to concurrent votes gives up after this many reads. */
const CHANGE_ATTEMPTS = 8;

/**
 * Reads the post, asks `decide` for its new state, and writes it with its list entries. A vote that
 * lands in between makes the write fail (the entries would carry a stale count): read and try again.
 */
export async function changeLists(
  deps: Pick<PostServiceDeps, 'boards' | 'posts' | 'clock'>,
  postId: string,
  decide: (
    post: Post,
    now: string,
  ) => { after: Post; extra?: Parameters<PostStore['changeLists']>[2] } | null,
): Promise<Post> {
  for (let attempt = 1; ; attempt++) {
    const post = await requirePost(deps, postId);
    const decision = decide(post, deps.clock.now().toISOString());
    if (!decision) return post;
    if (await deps.posts.changeLists(post, decision.after, decision.extra)) {
      return { ...decision.after, rev: post.rev + 1 };
    }
    if (attempt >= CHANGE_ATTEMPTS)
      throw new ConflictError('The post is changing too fast right now; try again.');
  }
}

/**
 * The event announcing a status change, built once: the same object is written to the outbox with the
 * change and published after it.
 */
export function statusChangedEvent(
  post: Post,
  change: StatusChange,
  mergedInto?: Pick<Post, 'id' | 'boardSlug'>,
): PostStatusChanged {
  return {
    type: 'PostStatusChanged',
    id: change.id,
    at: change.at,
    detail: {
      postId: post.id,
      boardSlug: post.boardSlug,
      title: post.title,
      from: change.from,
      to: change.to,
      ...(change.note ? { note: change.note } : {}),
      byId: change.byId,
      byName: change.byName,
      ...(mergedInto ? { mergedInto: { postId: mergedInto.id, boardSlug: mergedInto.boardSlug } } : {}),
    },
  };
}
