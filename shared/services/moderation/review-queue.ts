/**
 * The review queue as staff read it: a page of review items, oldest first, with what each is about, its
 * first flags and its author's history. A page costs one Query, two BatchGets and one small Query per
 * item (its flags, capped), whatever the length of the queue.
 */
import { renderMarkdown } from '../../domain/markdown.ts';
import { QUEUE_FLAGS_SHOWN, type ReviewItemView } from '../../domain/moderation-schemas.ts';
import { trustLevel } from '../../domain/reputation.ts';
import type { Clock, ModerationStore } from '../../ports/index.ts';

export async function reviewQueuePage(
  deps: { moderation: ModerationStore; clock: Clock },
  page: { limit: number; cursor?: string },
): Promise<{ items: ReviewItemView[]; cursor?: string }> {
  const { items, nextCursor } = await deps.moderation.queue(page.limit, page.cursor);
  const [contents, flagLists, histories] = await Promise.all([
    deps.moderation.contents(items),
    Promise.all(items.map((item) => deps.moderation.flagsOf(item, QUEUE_FLAGS_SHOWN))),
    deps.moderation.histories(items.map((item) => item.authorId)),
  ]);
  const now = deps.clock.now();
  const views = items.flatMap((item, i): ReviewItemView[] => {
    const post = contents.posts.get(item.postId);
    const comment = item.commentId ? contents.comments.get(item.commentId) : undefined;
    const content = item.commentId ? comment : post;
    // Taken back by its author since it was queued: nothing left to review.
    if (!post || !content) return [];
    const history = histories.get(item.authorId);
    return [
      {
        id: item.id,
        since: item.since,
        state: item.state,
        ...(item.holdReason ? { holdReason: item.holdReason } : {}),
        target: { postId: item.postId, ...(item.commentId ? { commentId: item.commentId } : {}) },
        boardSlug: post.boardSlug,
        postTitle: post.title,
        body: content.body,
        bodyHtml: renderMarkdown(content.body),
        authorId: content.authorId,
        authorName: content.authorName,
        author: {
          trustLevel: history
            ? trustLevel(
                { role: history.role, createdAt: history.createdAt, reputation: history.reputation },
                now,
              )
            : 'new',
          reputation: history?.reputation ?? 0,
          joinedAt: history?.createdAt ?? '',
          ...(history?.sanction ? { sanction: history.sanction } : {}),
          withheldCount: history?.withheldCount ?? 0,
        },
        flags: (flagLists[i]?.flags ?? []).map((f) => ({
          userId: f.userId,
          userName: f.userName,
          reason: f.reason,
          ...(f.note ? { note: f.note } : {}),
          weight: f.weight,
          at: f.at,
        })),
        flagWeight: content.flagWeight ?? 0,
      },
    ];
  });
  return { items: views, ...(nextCursor ? { cursor: nextCursor } : {}) };
}
