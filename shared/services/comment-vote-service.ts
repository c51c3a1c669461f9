/**
 * Upvotes on comments and answers: one per person, never on one's own, not on hidden or deleted ones,
 * and idempotent both ways. The store records the vote and its reputation in one transaction.
 */
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors.ts';
import type { CommentVoteResult } from '../domain/reputation-schemas.ts';
import { commentIdSchema, parseInput, postIdSchema } from '../domain/schemas.ts';
import type { Actor, Comment, Post } from '../domain/types.ts';
import type { BoardStore, Clock, CommentStore, CommentVoteStore, PostStore } from '../ports/index.ts';
import { canSeeBoard, requireParticipant } from './policy.ts';
import type { RateLimits } from './rate-limits.ts';
import { canSeeWithheldPost, requireNotWithheld } from './moderation/withheld.ts';
import { settledValue } from './settled.ts';

export class CommentVoteService {
  constructor(
    private readonly deps: {
      posts: PostStore;
      boards: BoardStore;
      comments: CommentStore;
      commentVotes: CommentVoteStore;
      limits: RateLimits;
      clock: Clock;
    },
  ) {}

  async vote(actor: Actor, postId: string, commentId: string): Promise<CommentVoteResult> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to vote.');
    const { post, comment } = await this.visible(actor, user.id, postId, commentId);
    if (comment.authorId === user.id) throw new ForbiddenError('You cannot vote for your own comment.');
    requireNotWithheld(post);
    if (comment.deleted || comment.hidden) {
      throw new ConflictError('You cannot vote on a hidden or deleted comment.');
    }
    const { voteCount } = await this.deps.commentVotes.add(
      {
        postId: post.id,
        commentId: comment.id,
        userId: user.id,
        votedAt: this.deps.clock.now().toISOString(),
      },
      post,
    );
    return { postId: post.id, commentId: comment.id, voted: true, voteCount };
  }

  async unvote(actor: Actor, postId: string, commentId: string): Promise<CommentVoteResult> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to vote.');
    const { post, comment } = await this.visible(actor, user.id, postId, commentId);
    const { voteCount } = await this.deps.commentVotes.remove(
      post.id,
      comment.id,
      user.id,
      post,
      this.deps.clock.now().toISOString(),
    );
    return { postId: post.id, commentId: comment.id, voted: false, voteCount };
  }

  /** Counted against the vote limit while the comment is read, as post votes are. */
  private async visible(
    actor: Actor,
    userId: string,
    postId: string,
    commentId: string,
  ): Promise<{ post: Post; comment: Comment }> {
    const pid = parseInput(postIdSchema, postId);
    const cid = parseInput(commentIdSchema, commentId);
    const [limit, postRead, commentRead] = await Promise.allSettled([
      this.deps.limits.check('vote', {
        userId,
        ip: actor.ip,
        ...(actor.kind === 'user' ? { user: actor.user } : {}),
      }),
      this.deps.posts.get(pid),
      this.deps.comments.get(pid, cid),
    ]);
    settledValue(limit);
    const post = settledValue(postRead);
    const board = post ? await this.deps.boards.get(post.boardSlug) : undefined;
    if (!post || !board || !canSeeBoard(actor, board)) throw new NotFoundError('Comment');
    if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Comment');
    const comment = settledValue(commentRead);
    if (!comment) throw new NotFoundError('Comment');
    return { post, comment };
  }
}
