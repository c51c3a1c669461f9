import type { Actor, Comment } from '../domain/types.ts';
import { isStaff } from '../domain/types.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.ts';
import {
  commentIdSchema,
  editCommentSchema,
  newCommentSchema,
  parseInput,
  postIdSchema,
} from '../domain/schemas.ts';
import type {
  BoardStore,
  Clock,
  CommentStore,
  IdGenerator,
  PostStore,
  SubscriptionStore,
} from '../ports/index.ts';
import { canDeleteComment, canEditComment, canSeeBoard, requireStaff, requireUser } from './policy.ts';
import type { RateLimits } from './rate-limits.ts';

/**
 * What a viewer may see of a comment: deleted text is gone for everyone, hidden text is kept for staff
 * (they may unhide it) and withheld from everyone else.
 */
export function maskComment(actor: Actor, comment: Comment): Comment {
  if (comment.deleted || (comment.hidden && !isStaff(actor))) return { ...comment, body: '' };
  return comment;
}

export class CommentService {
  constructor(
    private readonly deps: {
      posts: PostStore;
      boards: BoardStore;
      comments: CommentStore;
      subscriptions: SubscriptionStore;
      limits: RateLimits;
      clock: Clock;
      ids: IdGenerator;
    },
  ) {}

  async create(actor: Actor, postId: string, input: unknown): Promise<Comment> {
    const user = requireUser(actor, 'Sign in to comment.');
    const id = parseInput(postIdSchema, postId);
    const { body, parentId } = parseInput(newCommentSchema, input);
    const post = await this.deps.posts.get(id);
    if (!post) throw new NotFoundError('Post');
    const board = await this.deps.boards.get(post.boardSlug);
    if (!board || !canSeeBoard(actor, board)) throw new NotFoundError('Post');
    await this.deps.limits.check('comment', { userId: user.id, ip: actor.ip });
    if (post.status === 'merged') {
      throw new ConflictError('This post was merged into another; comment on that one.');
    }
    if (parentId) {
      const parent = await this.deps.comments.get(id, parentId);
      if (!parent) throw new ValidationError({ parentId: 'The comment you reply to is not on this post.' });
      // One level of replies: answering a reply joins its thread rather than nesting deeper.
      if (parent.parentId) throw new ValidationError({ parentId: 'Reply to the thread’s first comment.' });
    }
    const now = this.deps.clock.now().toISOString();
    const comment: Comment = {
      id: this.deps.ids.next(),
      postId: id,
      ...(parentId ? { parentId } : {}),
      authorId: user.id,
      authorName: user.name,
      authorIsStaff: isStaff(actor),
      body,
      createdAt: now,
      deleted: false,
      hidden: false,
    };
    await this.deps.comments.create(comment);
    await this.deps.subscriptions.ensure({
      postId: id,
      userId: user.id,
      following: true,
      reason: 'commenter',
      since: now,
    });
    return comment;
  }

  async edit(actor: Actor, postId: string, commentId: string, input: unknown): Promise<Comment> {
    requireUser(actor, 'Sign in to edit.');
    const comment = await this.requireComment(postId, commentId);
    const { body } = parseInput(editCommentSchema, input);
    if (!canEditComment(actor, comment, this.deps.clock.now())) {
      throw new ForbiddenError('You can edit your own comment for 30 minutes after posting it.');
    }
    const editedAt = this.deps.clock.now().toISOString();
    await this.deps.comments.updateBody(comment.postId, comment.id, body, editedAt);
    return { ...comment, body, editedAt };
  }

  async delete(actor: Actor, postId: string, commentId: string): Promise<void> {
    requireUser(actor, 'Sign in to delete.');
    const comment = await this.requireComment(postId, commentId);
    if (!canDeleteComment(actor, comment)) throw new ForbiddenError('You can delete only your own comments.');
    await this.deps.comments.setFlag(comment.postId, comment.id, 'deleted', true);
  }

  async setHidden(actor: Actor, postId: string, commentId: string, hidden: boolean): Promise<void> {
    requireStaff(actor, 'hide comments');
    const comment = await this.requireComment(postId, commentId);
    await this.deps.comments.setFlag(comment.postId, comment.id, 'hidden', hidden);
  }

  private async requireComment(postId: string, commentId: string): Promise<Comment> {
    const comment = await this.deps.comments.get(
      parseInput(postIdSchema, postId),
      parseInput(commentIdSchema, commentId),
    );
    if (!comment) throw new NotFoundError('Comment');
    return comment;
  }
}
