/** A post's page: the post with its comments, history and votes, and what the viewer may do there. */
import type { Actor, Post } from '../../domain/types.ts';
import { isStaff } from '../../domain/types.ts';
import {
  canAcceptAnswer,
  canDeletePost,
  canEditPost,
  MERGED_ELSEWHERE_NOTE,
  othersInvolved,
} from '../policy.ts';
import { commentView } from '../comment-view.ts';
import { boardView } from '../board-service.ts';
import { requireVisiblePost, visibleTo } from './access.ts';
import { present, votedIds } from './present.ts';
import type { PostDetail, PostRef, PostServiceDeps } from './types.ts';

export async function get(deps: PostServiceDeps, actor: Actor, postId: string): Promise<PostDetail> {
  const { post, board } = await requireVisiblePost(deps, actor, postId);
  const userId = actor.kind === 'user' ? actor.user.id : null;
  const [comments, history, voteDays, related, subscription, voted] = await Promise.all([
    deps.comments.listByPost(post.id),
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
  const summary = present(post, voted, targetHidden);
  const now = deps.clock.now();
  // Only the author can delete, so only for them is it worth a read to know whose the one vote is.
  const authorVoted = userId === post.authorId && (await deps.votes.get(post.id, post.authorId)) !== null;
  return {
    board: boardView(actor, board),
    post: summary,
    comments: comments.map((c) => commentView(actor, post, c, now)),
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
      delete: canDeletePost(actor, post, othersInvolved(post, comments, authorVoted)),
      moderate: isStaff(actor),
      acceptAnswer: canAcceptAnswer(actor, post),
    },
  };
}
