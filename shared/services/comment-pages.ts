/**
 * A post's comments a page of threads at a time, as the viewer reads them: each top-level comment
 * followed by its replies. A question's answers come by votes, the most first (ties the oldest first),
 * after its accepted answer, which leads the first page, its whole thread with it, and no later page
 * repeats it; other posts' threads come in the order they began. The two orders have cursors of their
 * own: one of them never starts a page of the other.
 */
import { COMMENT_PAGE_SIZE } from '../domain/schemas.ts';
import type { Actor, Comment, Post } from '../domain/types.ts';
import type {
  Clock,
  CommentStore,
  CommentThread,
  CommentVoteStore,
  ReputationStore,
} from '../ports/index.ts';
import type { ReputationCounters } from '../domain/reputation.ts';
import { commentView, type CommentView } from './comment-view.ts';
import { pendingUnseen } from './moderation/withheld.ts';

export interface CommentPage {
  /** In reading order: each thread's first comment, then its replies. */
  comments: CommentView[];
  nextCursor: string | null;
}

export async function commentPage(
  deps: {
    comments: CommentStore;
    clock: Clock;
    /** With these, each comment says whether the viewer upvoted it, and its author's reputation. */
    commentVotes?: CommentVoteStore;
    reputation?: ReputationStore;
  },
  actor: Actor,
  post: Post,
  page: { cursor?: string; limit?: number } = {},
): Promise<CommentPage> {
  const limit = page.limit ?? COMMENT_PAGE_SIZE;
  const { items, nextCursor } =
    post.kind === 'question'
      ? await deps.comments.listAnswers(post.id, limit, page.cursor)
      : await deps.comments.listThreads(post.id, limit, page.cursor);
  const accepted = post.kind === 'question' ? post.acceptedCommentId : undefined;
  let threads = items;
  if (accepted) {
    const holdsAnswer = (t: CommentThread) =>
      t.comment.id === accepted || t.replies.some((r) => r.id === accepted);
    threads = items.filter((t) => !holdsAnswer(t));
    if (!page.cursor) {
      const answer = items.find(holdsAnswer) ?? (await deps.comments.getThread(post.id, accepted));
      if (answer) threads.unshift(answer);
    }
  }
  const now = deps.clock.now();
  // A comment awaiting review is not there for others; one with replies stays, as a placeholder
  // naming nobody (comment-view.ts), so that the replies keep their place.
  const comments = threads.flatMap((t) => {
    const replies = t.replies.filter((r) => !pendingUnseen(actor, r));
    return pendingUnseen(actor, t.comment) && replies.length === 0 ? [] : [t.comment, ...replies];
  });
  const { voted, reputation } = await pageExtras(deps, actor, post.id, comments);
  return {
    comments: comments.map((c) => {
      const view = commentView(actor, post, c, now);
      return {
        ...view,
        ...(voted ? { viewerVoted: voted.has(c.id) } : {}),
        // As masked: a placeholder naming nobody shows nobody's reputation either.
        ...(reputation ? { authorReputation: reputation.get(view.authorId)?.reputation ?? 0 } : {}),
      };
    }),
    nextCursor,
  };
}

/**
 * The viewer's upvotes on the page and its authors' reputation: one BatchGetItem each, whatever the
 * page holds (reputation-service, comment-vote-store).
 */
async function pageExtras(
  deps: { commentVotes?: CommentVoteStore; reputation?: ReputationStore },
  actor: Actor,
  postId: string,
  comments: readonly Comment[],
): Promise<{ voted?: Set<string>; reputation?: Map<string, ReputationCounters> }> {
  const ids = comments.map((c) => c.id);
  const [voted, reputation] = await Promise.all([
    deps.commentVotes && actor.kind === 'user' && ids.length > 0
      ? deps.commentVotes.votedCommentIds(actor.user.id, postId, ids)
      : undefined,
    deps.reputation && comments.length > 0
      ? deps.reputation.countersOf(comments.map((c) => c.authorId))
      : undefined,
  ]);
  return { ...(voted ? { voted } : {}), ...(reputation ? { reputation } : {}) };
}
