import type { Actor, Comment, Post, User } from '../domain/types.ts';
import { isStaff } from '../domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.ts';
import {
  COMMENT_PAGE_SIZE,
  commentIdSchema,
  commentPageQuerySchema,
  editCommentSchema,
  newCommentSchema,
  parseInput,
  postIdSchema,
} from '../domain/schemas.ts';
import type {
  BoardStore,
  Clock,
  CommentStore,
  IdempotencyStore,
  IdGenerator,
  PostStore,
  SubscriptionStore,
  CommentVoteStore,
  ReputationStore,
  Outbox,
  EventBus,
  GuidelinesStore,
  ModerationStore,
} from '../ports/index.ts';
import type { CommentPosted } from '../domain/events.ts';
import { publishFromOutbox } from './outbox.ts';
import {
  canDeleteComment,
  canEditComment,
  canSeeBoard,
  requireParticipant,
  requireStaff,
  requireUser,
} from './policy.ts';
import type { RateLimits } from './rate-limits.ts';
import { idempotencyClaim, type IdempotencyClaim } from './idempotency.ts';
import { settledValue } from './settled.ts';
import { canSeeWithheldPost, requireNotWithheld } from './moderation/withheld.ts';
import { contentFingerprint } from './moderation/repeats.ts';
import { requireGuidelinesAccepted } from './moderation/guidelines-service.ts';
import { withPermissions, type CommentView } from './comment-view.ts';
import { holdReasonFor, holdWrites } from './moderation/holds.ts';
import { commentPage, type CommentPage } from './comment-pages.ts';
import type { AnalyticsRecorder } from './analytics/types.ts';

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
      idempotency: IdempotencyStore;
      /** The comment page's votes and authors' reputation (comment-pages.ts), when wired. */
      commentVotes?: CommentVoteStore;
      reputation?: ReputationStore;
      /** With it, new members' comments with links wait for review (moderation/holds.ts). */
      moderation?: Pick<ModerationStore, 'settings' | 'dropReview' | 'flagsOf' | 'setComment'>;
      /** With both, a new comment announces itself (CommentPosted) for the notifications. */
      outbox?: Outbox;
      events?: EventBus;
      /** With it, a member accepts the community guidelines before their first comment. */
      guidelines?: Pick<GuidelinesStore, 'get'>;
      /** With it, customers' comments and staff's first responses are counted (issue 18). */
      analytics?: AnalyticsRecorder;
    },
  ) {}

  /** A page of the post's threads (`query`: limit and cursor), as the post's detail gives the first. */
  async list(actor: Actor, postId: string, query: unknown): Promise<CommentPage> {
    const id = parseInput(postIdSchema, postId);
    const post = await this.deps.posts.get(id);
    const board = post ? await this.deps.boards.get(post.boardSlug) : undefined;
    if (!post || !board || !canSeeBoard(actor, board)) throw new NotFoundError('Post');
    if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Post');
    return commentPage(this.deps, actor, post, parseInput(commentPageQuerySchema, query));
  }

  /**
   * The `cursor` of the page of threads that shows the comment, or null when the first page shows it:
   * where to send someone back to after they wrote, edited or hid a comment.
   */
  async pageOf(actor: Actor, postId: string, commentId: string): Promise<string | null> {
    const { comment, post } = await this.requireComment(actor, postId, commentId);
    const threadId = comment.parentId ?? comment.id;
    // A question's accepted answer leads the first page, its thread with it.
    const acceptedId = post.kind === 'question' ? post.acceptedCommentId : undefined;
    const accepted = acceptedId ? await this.deps.comments.get(post.id, acceptedId) : null;
    if (accepted && (accepted.parentId ?? accepted.id) === threadId) return null;
    // A question's answers are paged by votes; other posts' threads in thread order.
    const at = await (post.kind === 'question'
      ? this.deps.comments.cursorAtAnswer(post.id, threadId, COMMENT_PAGE_SIZE)
      : this.deps.comments.cursorAtThread(post.id, threadId, COMMENT_PAGE_SIZE));
    return at.threadsBefore < COMMENT_PAGE_SIZE ? null : at.cursor;
  }

  /**
   * `idempotencyKey`: the same key with the same request answers with the comment the first request
   * made (even if its answer was lost), before any rate limit counts it again.
   */
  async create(
    actor: Actor,
    postId: string,
    input: unknown,
    opts: { idempotencyKey?: string } = {},
  ): Promise<CommentView> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to comment.');
    await requireGuidelinesAccepted(this.deps.guidelines, actor);
    const id = parseInput(postIdSchema, postId);
    const { body, parentId } = parseInput(newCommentSchema, input);
    const claim = idempotencyClaim(opts.idempotencyKey, ['createComment', id, body, parentId ?? null]);
    // Independent steps go together; their errors answer in the order the steps are written.
    const [replayed, found] = await Promise.allSettled([
      claim ? this.replayCreate(user.id, id, claim) : null,
      this.deps.posts.get(id),
    ]);
    const earlier = settledValue(replayed);
    const post = settledValue(found);
    if (!post) throw new NotFoundError('Post');
    const view = (c: Comment) => withPermissions(actor, post, c, this.deps.clock.now());
    if (earlier) return view(earlier);
    // The limit is counted while the board is read, so a comment on a post the commenter may not see
    // counts too (it still answers 404); one round trip less for every comment.
    const [boardRead, limit, parentRead] = await Promise.allSettled([
      this.deps.boards.get(post.boardSlug),
      this.deps.limits.check('comment', { userId: user.id, ip: actor.ip, user }),
      parentId ? this.deps.comments.get(id, parentId) : null,
    ]);
    const board = settledValue(boardRead);
    if (!board || !canSeeBoard(actor, board)) throw new NotFoundError('Post');
    if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Post');
    settledValue(limit);
    requireNotWithheld(post);
    if (post.status === 'merged') {
      throw new ConflictError('This post was merged into another; comment on that one.');
    }
    if (parentId) {
      const parent = settledValue(parentRead);
      if (!parent) throw new ValidationError({ parentId: 'The comment you reply to is not on this post.' });
      // One level of replies: answering a reply joins its thread rather than nesting deeper.
      if (parent.parentId) throw new ValidationError({ parentId: 'Reply to the thread’s first comment.' });
      // Everyone sees that a hidden or deleted comment is there (as a placeholder), so refusing says so;
      // a reply would otherwise answer text most readers cannot see, and staff can unhide it first.
      if (parent.deleted) throw new ConflictError('You cannot reply to a deleted comment.');
      if (parent.hidden) throw new ConflictError('You cannot reply to a hidden comment.');
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
    // A new member's links wait for review, hidden meanwhile (moderation/holds.ts, issue 17).
    const holdReason = await holdReasonFor(this.deps, actor, user, { text: body }, this.deps.clock.now());
    const hold = holdReason
      ? holdWrites(this.deps, user, holdReason, { postId: id, commentId: comment.id }, now)
      : undefined;
    if (hold) Object.assign(comment, { hidden: true, moderation: hold.moderation });
    const event: CommentPosted = {
      type: 'CommentPosted',
      id: comment.id,
      at: now,
      detail: {
        postId: id,
        commentId: comment.id,
        ...(parentId ? { parentId } : {}),
        authorId: user.id,
      },
    };
    // A held comment announces nothing: nobody but its author and staff sees it yet.
    const announce = this.deps.outbox && this.deps.events && !hold;
    const outcome = await this.deps.comments.create(comment, {
      ...(claim
        ? { idempotency: { userId: user.id, ...claim, resourceId: comment.id, createdAt: now } }
        : {}),
      ...(announce ? { event } : {}),
      // A question's answers are ranked by votes (comment-pages.ts).
      question: post.kind === 'question',
      ...(hold ? { held: hold.held } : {}),
      // The same comment again within the repeat window is refused (spam basics); staff are trusted.
      ...(isStaff(actor)
        ? {}
        : { repeat: contentFingerprint(user.id, { kind: 'comment', postId: id, body }, now) }),
    });
    if (outcome === 'keyTaken' && claim) {
      // A concurrent request with the same key got there first: answer as it did.
      const winner = await this.replayCreate(user.id, id, claim);
      if (winner) return view(winner);
    }
    await this.subscribeCommenter(user.id, id, now);
    // Written with the comment: published now, or by the outbox drainer should this fail.
    if (outcome === 'created' && this.deps.outbox && this.deps.events && !hold) {
      await publishFromOutbox({ outbox: this.deps.outbox, events: this.deps.events }, event);
    }
    if (outcome === 'created') await this.deps.analytics?.commentAdded(actor, post);
    return view(comment);
  }

  /** Commenters follow the post, unless they unfollowed it before (ensure() keeps an unfollow). */
  private subscribeCommenter(userId: string, postId: string, since: string): Promise<void> {
    return this.deps.subscriptions.ensure({ postId, userId, following: true, reason: 'commenter', since });
  }

  private async replayCreate(
    userId: string,
    postId: string,
    claim: IdempotencyClaim,
  ): Promise<Comment | null> {
    const record = await this.deps.idempotency.get(userId, claim.keyHash, this.deps.clock.now());
    if (!record) return null;
    if (record.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
    const comment = await this.deps.comments.get(postId, record.resourceId);
    if (!comment) throw new NotFoundError('Comment');
    // The subscription is written after the comment: the request that lost its answer may have
    // stopped before it.
    await this.subscribeCommenter(userId, postId, record.createdAt);
    return comment;
  }

  async edit(actor: Actor, postId: string, commentId: string, input: unknown): Promise<CommentView> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to edit.');
    const { comment, post } = await this.requireComment(actor, postId, commentId);
    const { body } = parseInput(editCommentSchema, input);
    // The moderators decide what becomes of a withheld comment (issue 17).
    if (comment.moderation && comment.authorId === user.id && !comment.deletedByAuthor) {
      throw new ConflictError('This comment is withheld by moderators.');
    }
    if (!canEditComment(actor, comment, this.deps.clock.now())) {
      throw new ForbiddenError('You can edit your own comment for 30 minutes after posting it.');
    }
    const now = this.deps.clock.now();
    const editedAt = now.toISOString();
    // A new member's link added by an edit waits for review like one in a new comment: held first.
    const moderation = await this.holdOnEdit(actor, user, comment, body, editedAt);
    await this.deps.comments.updateBody(comment.postId, comment.id, body, editedAt);
    const held = moderation ? { hidden: true, moderation } : {};
    return withPermissions(actor, post, { ...comment, ...held, body, editedAt }, now);
  }

  /** Holds the comment for review when the edit brings a new member's link; the hold's record, if held. */
  private async holdOnEdit(
    actor: Actor,
    user: User,
    comment: Comment,
    body: string,
    at: string,
  ): Promise<Comment['moderation']> {
    const store = this.deps.moderation;
    if (!store) return undefined;
    const reason = await holdReasonFor(this.deps, actor, user, { text: body }, this.deps.clock.now());
    if (!reason) return undefined;
    const target = { postId: comment.postId, commentId: comment.id };
    const { moderation, held } = holdWrites(this.deps, user, reason, target, at);
    // Already queued by flags: the item waits there, now held as well.
    const { reviewId } = await store.flagsOf(target, 0);
    const write = reviewId ? { audit: held.audit } : held;
    const after = { moderation, ...(comment.flagWeight ? { flagWeight: comment.flagWeight } : {}) };
    if (!(await store.setComment(comment, after, write))) {
      throw new ConflictError('The comment changed meanwhile; try again.');
    }
    return moderation;
  }

  async delete(actor: Actor, postId: string, commentId: string): Promise<void> {
    const user = requireUser(actor, 'Sign in to delete.');
    const { comment } = await this.requireComment(actor, postId, commentId);
    if (!canDeleteComment(actor, comment)) throw new ForbiddenError('You can delete only your own comments.');
    // Marked as the author's own delete, so that a moderators' restore never brings it back (issue 17).
    await this.deps.comments.setFlag(
      comment.postId,
      comment.id,
      'deleted',
      true,
      this.deps.clock.now().toISOString(),
      comment.authorId === user.id ? { set: { deletedByAuthor: true } } : undefined,
    );
    // Held or flagged, it waits in the review queue: nothing is left there to review.
    if (this.deps.moderation && (comment.moderation || comment.flagWeight)) {
      await this.deps.moderation.dropReview({ postId: comment.postId, commentId: comment.id });
    }
  }

  async setHidden(actor: Actor, postId: string, commentId: string, hidden: boolean): Promise<void> {
    requireStaff(actor, 'hide comments');
    const { comment } = await this.requireComment(actor, postId, commentId);
    await this.deps.comments.setFlag(
      comment.postId,
      comment.id,
      'hidden',
      hidden,
      this.deps.clock.now().toISOString(),
    );
  }

  /** A comment on a post the actor can see: on a board hidden from them, the comment does not exist. */
  private async requireComment(
    actor: Actor,
    postId: string,
    commentId: string,
  ): Promise<{ comment: Comment; post: Post }> {
    const id = parseInput(postIdSchema, postId);
    const [comment, post] = await Promise.all([
      this.deps.comments.get(id, parseInput(commentIdSchema, commentId)),
      this.deps.posts.get(id),
    ]);
    const board = post ? await this.deps.boards.get(post.boardSlug) : undefined;
    if (!comment || !post || !board || !canSeeBoard(actor, board)) throw new NotFoundError('Comment');
    if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Comment');
    return { comment, post };
  }
}
