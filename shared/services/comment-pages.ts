/**
 * A post's comments a page of threads at a time, as the viewer reads them: each top-level comment
 * followed by its replies. A question's accepted answer leads the first page, its whole thread with it,
 * and no later page repeats it.
 */
import { COMMENT_PAGE_SIZE } from '../domain/schemas.ts';
import type { Actor, Post } from '../domain/types.ts';
import type { Clock, CommentStore, CommentThread } from '../ports/index.ts';
import { commentView, type CommentView } from './comment-view.ts';

export interface CommentPage {
  /** In reading order: each thread's first comment, then its replies. */
  comments: CommentView[];
  nextCursor: string | null;
}

export async function commentPage(
  deps: { comments: CommentStore; clock: Clock },
  actor: Actor,
  post: Post,
  page: { cursor?: string; limit?: number } = {},
): Promise<CommentPage> {
  const { items, nextCursor } = await deps.comments.listThreads(
    post.id,
    page.limit ?? COMMENT_PAGE_SIZE,
    page.cursor,
  );
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
  return {
    comments: threads.flatMap((t) => [t.comment, ...t.replies]).map((c) => commentView(actor, post, c, now)),
    nextCursor,
  };
}
