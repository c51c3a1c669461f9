/**
 * A post's page: the post with a page of its comments, its history and votes, and what the viewer may
 * do there.
 */
import type { Actor, Comment, Post } from '../../domain/types.ts';
import { isStaff } from '../../domain/types.ts';
import {
  canAcceptAnswer,
  canDeletePost,
  canEditPost,
  MERGED_ELSEWHERE_NOTE,
  othersInvolved,
} from '../policy.ts';
import { commentPageQuerySchema, parseInput } from '../../domain/schemas.ts';
import { commentPage } from '../comment-pages.ts';
import { boardView } from '../board-service.ts';
import { requireVisiblePost, visibleTo } from './access.ts';
import { present, votedIds } from './present.ts';
import type { PostDetail, PostRef, PostServiceDeps } from './types.ts';

/** `commentsCursor`: the page of comments to show, from an earlier page's `commentsNextCursor`. */
export async function get(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  opts: { commentsCursor?: string } = {},
): Promise<PostDetail> {
  const { post, board } = await requireVisiblePost(deps, actor, postId);
  const userId = actor.kind === 'user' ? actor.user.id : null;
  const [comments, history, voteDays, related, subscription, voted] = await Promise.all([
    commentPage(deps, actor, post, parseInput(commentPageQuerySchema, { cursor: opts.commentsCursor })),
    deps.posts.statusHistory(post.id),
    deps.posts.voteDays(post.id),
    // Posts merged into or from this one are shown only to those who may see their boards.
    deps.posts
      .mergedIn(post.id)
      .then((ids) => deps.posts.getMany([...(post.mergedInto ? [post.mergedInto] : []), ...ids]))
      .then((posts) => visibleTo(deps, actor, posts)),
    userId ? deps.subscriptions.get(post.id, userId) : null,
    votedIds(deps, actor, [post]),
  ]);
  const ref = (p: Post): PostRef => ({ id: p.id, title: p.title, boardSlug: p.boardSlug });
  const target = related.find((p) => p.id === post.mergedInto);
  const targetHidden = post.mergedInto !== undefined && !target;
  const summary = present(post, voted, targetHidden, actor);
  const now = deps.clock.now();
  // Only the author can delete, so only for them is it worth reads to know whether others took part.
  const involved =
    userId === post.authorId ? await othersTookPart(deps, post, comments, !opts.commentsCursor) : true;
  return {
    board: boardView(actor, board),
    post: summary,
    comments: comments.comments,
    commentsNextCursor: comments.nextCursor,
    // The merge's note names the post it went to; a viewer who may not see that post reads neither.
    history: targetHidden
      ? history.map((h) => (h.to === 'merged' && h.note ? { ...h, note: MERGED_ELSEWHERE_NOTE } : h))
      : history,
    voteDays,
    mergedInto: target ? ref(target) : null,
    mergedFrom: related.filter((p) => p.id !== post.mergedInto).map(ref),
    following: subscription?.following ?? false,
    permissions: {
      edit: canEditPost(actor, post, now),
      delete: canDeletePost(actor, post, involved),
      moderate: isStaff(actor),
      acceptAnswer: canAcceptAnswer(actor, post),
    },
  };
}

/**
 * Whether anyone but the author voted or commented. The page of comments at hand usually settles it;
 * only an author alone on a first page of many, or reading a later page, has every comment read.
 */
async function othersTookPart(
  deps: PostServiceDeps,
  post: Post,
  page: { comments: readonly Comment[]; nextCursor: string | null },
  firstPage: boolean,
): Promise<boolean> {
  const authorVoted = (await deps.votes.get(post.id, post.authorId)) !== null;
  if (othersInvolved(post, page.comments, authorVoted)) return true;
  const complete = firstPage && page.nextCursor === null;
  return othersInvolved(
    post,
    complete ? page.comments : await deps.comments.listByPost(post.id),
    authorVoted,
  );
}
