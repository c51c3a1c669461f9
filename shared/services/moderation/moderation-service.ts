/**
 * Flags, the review queue's decisions, and staff's hide, remove and restore (issue 17). The rules are in
 * domain/moderation.ts; each change goes to the store with its audit line, its review item, its flag and
 * the author's private notice, so that none is ever written without the others (ports ModerationStore).
 */
import {
  FLAG_REASON_LABELS,
  flagWeight,
  passesThreshold,
  type AuditAction,
  type AuditEntry,
  type ModerationSettings,
  type ModerationState,
} from '../../domain/moderation.ts';
import {
  decisionInputSchema,
  flagInputSchema,
  moderationReasonSchema,
  moderationSettingsSchema,
  queueQuerySchema,
  type ReviewItemView,
} from '../../domain/moderation-schemas.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { commentIdSchema, parseInput, postIdSchema } from '../../domain/schemas.ts';
import { trustLevel } from '../../domain/reputation.ts';
import { isStaff, type Actor, type Comment, type Post, type User } from '../../domain/types.ts';
import type { CommentPosted, ContentModerated } from '../../domain/events.ts';
import type {
  BoardStore,
  Clock,
  CommentStore,
  EventBus,
  Flag,
  FlagOutcome,
  IdGenerator,
  ModerationRecord,
  ModerationStore,
  ModerationTarget,
  ModerationWrite,
  Outbox,
  PostStore,
  ReputationStore,
  SearchIndex,
  UserStore,
} from '../../ports/index.ts';
import { canSeeBoard, requireAdmin, requireParticipant, requireStaff } from '../policy.ts';
import { canSeeStory } from '../posts/access.ts';
import { publishFromOutbox } from '../outbox.ts';
import type { RateLimits } from '../rate-limits.ts';
import { moderationNoticeEvent } from './notice.ts';
import { mayReadWithheld } from './withheld.ts';
import { reviewQueuePage } from './review-queue.ts';

export interface ModerationDeps {
  posts: PostStore;
  comments: CommentStore;
  boards: BoardStore;
  users: UserStore;
  reputation: ReputationStore;
  moderation: ModerationStore;
  search: SearchIndex;
  limits: RateLimits;
  clock: Clock;
  ids: IdGenerator;
  /** With both, the author's notice is published at once (else the outbox drainer publishes it). */
  outbox?: Outbox;
  events?: EventBus;
}

/** Enough for a race or two; a change that keeps losing answers 409 rather than spinning. */
const ATTEMPTS = 5;
/** A decision settles every flag of its item; an item is flagged by a few people, never thousands. */
const FLAGS_SETTLED = 500;

type Target = ModerationTarget;
type Loaded = { post: Post; comment?: Comment };
type Published = ModerationState | 'published';

/** The staff action a decision or a direct call takes, for the audit line. */
interface Act {
  action: AuditAction;
  state: 'hidden' | 'removed' | null;
  reason: string;
  /** A decision names its review item; a direct action takes the target's, if any. */
  reviewId?: string;
  /** What the flags on the review item learn, settled by the action that takes the item. */
  settle: FlagOutcome;
}

export class ModerationService {
  constructor(private readonly deps: ModerationDeps) {}

  /** A member's flag: once each, weighed by their trust and record; staff flags withhold at once. */
  async flag(actor: Actor, target: Target, input: unknown): Promise<{ flagged: true; withheld: boolean }> {
    const now = this.deps.clock.now();
    const user = requireParticipant(actor, now, 'Sign in to flag.');
    const where = parseTarget(target);
    const { reason, note } = parseInput(flagInputSchema, input);
    const [loaded, fresh, counters, existing, settings] = await Promise.all([
      this.load(actor, where),
      this.deps.users.get(user.id),
      this.deps.reputation.countersOf([user.id]),
      this.deps.moderation.getFlag(where, user.id),
      this.deps.moderation.settings(),
    ]);
    let { post, comment } = loaded;
    const content = (): Post | Comment => comment ?? post;
    if (comment?.deleted && !comment.moderation) throw new NotFoundError('Comment');
    // A withheld comment is a placeholder to anyone but staff and its author: like a missing one.
    if ((comment?.hidden || comment?.deleted) && !isStaff(actor) && comment.authorId !== user.id) {
      throw new NotFoundError('Comment');
    }
    if (content().authorId === user.id) throw new ForbiddenError('You cannot flag your own post or comment.');
    if (post.moderation || comment?.hidden || comment?.deleted) {
      throw new ConflictError('The moderators already withheld it.');
    }
    if (existing) throw new ConflictError('You already flagged it.');
    await this.deps.limits.check('flag', { userId: user.id, ...(actor.ip ? { ip: actor.ip } : {}) });
    const me = fresh ?? user;
    const weight = flagWeight(
      trustLevel({ ...me, reputation: counters.get(user.id)?.reputation ?? 0 }, now),
      { agreed: me.flagsAgreed ?? 0, disagreed: me.flagsDisagreed ?? 0 },
    );
    const at = now.toISOString();
    const flag: Flag = {
      ...where,
      userId: user.id,
      userName: user.name,
      reason,
      ...(note ? { note } : {}),
      weight,
      at,
    };
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (attempt > 0) {
        ({ post, comment } = await this.load(actor, where));
        if (post.moderation || comment?.hidden || comment?.deleted) {
          throw new ConflictError('The moderators already withheld it.');
        }
        if (await this.deps.moderation.getFlag(where, user.id))
          throw new ConflictError('You already flagged it.');
      }
      const item = content();
      const before = item.flagWeight ?? 0;
      const total = Math.round((before + weight) * 100) / 100;
      const withhold = isStaff(actor) || passesThreshold(total, settings);
      const { reviewId } = await this.deps.moderation.flagsOf(where, 0);
      const audit = this.auditEntry(user, 'flag', where, at, {
        reason: `${FLAG_REASON_LABELS[reason]}${note ? `: ${note}` : ''}`,
        before: { flagWeight: before },
        after: { flagWeight: total, ...(withhold ? { state: 'flagged' } : {}) },
      });
      const write: ModerationWrite & { flag: Flag } = {
        audit,
        flag,
        ...(reviewId
          ? {}
          : { reviewPut: { since: at, state: 'flagged' as const, ...where, authorId: item.authorId } }),
      };
      if (!withhold) {
        const added = await this.deps.moderation.addFlag(where, item.flagWeight, write);
        if (added === 'exists') throw new ConflictError('You already flagged it.');
        if (added === 'added') return { flagged: true, withheld: false };
        continue;
      }
      const moderation: ModerationRecord = {
        state: 'flagged',
        reason: `Flagged as ${FLAG_REASON_LABELS[reason].toLowerCase()}; a moderator will review it.`,
        at,
        // The community's flags withheld it, not the last flagger (who stays in the flags, for staff);
        // a staff member's flag is their own decision.
        ...(isStaff(actor)
          ? { byId: user.id, byName: user.name }
          : { byId: 'flags', byName: 'Community flags' }),
      };
      const event = this.notice(audit, item.authorId, where, 'flagged', moderation.reason, post.title);
      const ok = await this.write(
        post,
        comment,
        { moderation, flagWeight: total, updatedAt: at },
        { ...write, event },
      );
      if (ok) {
        await this.publish(event);
        return { flagged: true, withheld: true };
      }
    }
    throw new ConflictError('The post or comment kept changing; try again.');
  }

  hide(actor: Actor, target: Target, input: unknown): Promise<{ state: Published }> {
    return this.direct(actor, target, input, 'hidden');
  }

  remove(actor: Actor, target: Target, input: unknown): Promise<{ state: Published }> {
    return this.direct(actor, target, input, 'removed');
  }

  restore(actor: Actor, target: Target, input: unknown = {}): Promise<{ state: Published }> {
    return this.direct(actor, target, input, null);
  }

  private async direct(
    actor: Actor,
    target: Target,
    input: unknown,
    state: 'hidden' | 'removed' | null,
  ): Promise<{ state: Published }> {
    requireStaff(actor, 'hide, remove or restore posts and comments');
    const where = parseTarget(target);
    const { reason } = parseInput(moderationReasonSchema, input ?? {});
    if (state && !reason) throw new ValidationError({ reason: 'Say why: the author reads it.' });
    const action: AuditAction = state === 'hidden' ? 'hide' : state === 'removed' ? 'remove' : 'restore';
    // Staff acting on flagged content decide its flags too: hiding or removing agrees with them.
    return this.act(actor, where, {
      action,
      state,
      reason: reason ?? '',
      settle: state ? 'agreed' : 'disagreed',
    });
  }

  /**
   * A decision on a review item: agree (hide or remove), disagree or approve (publish), or edit (then
   * publish). The item leaves the queue with the change (once: a concurrent decision loses); then the
   * winner settles each flag on it, once, with its flagger's record. An item whose post or comment is
   * gone (its author deleted it) is dismissed: nothing is left to decide.
   */
  async decide(actor: Actor, id: string, input: unknown): Promise<{ state: Published }> {
    requireStaff(actor, 'review flagged and held posts');
    const decision = parseInput(decisionInputSchema, input);
    if (typeof id !== 'string' || id.length > 200) throw new NotFoundError('Review item');
    const item = await this.deps.moderation.reviewItem(id).catch((error: unknown) => {
      if (error instanceof ValidationError) throw new NotFoundError('Review item');
      throw error;
    });
    if (!item) throw new NotFoundError('Review item');
    const where: Target = { postId: item.postId, ...(item.commentId ? { commentId: item.commentId } : {}) };
    const loaded = await this.load(actor, where).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (
      !loaded ||
      loaded.comment?.deletedByAuthor ||
      (loaded.comment?.deleted && !loaded.comment.moderation)
    ) {
      return this.dismiss(actor, where);
    }
    const { post, comment } = loaded;
    const agreed = decision.decision === 'agree' || decision.decision === 'edit';
    if (decision.decision === 'edit') await this.edit(post, comment, decision);
    const state =
      decision.decision === 'agree' ? (decision.action === 'remove' ? 'removed' : 'hidden') : null;
    const reason =
      decision.reason ??
      (state
        ? item.state === 'held'
          ? 'Not approved by the moderators.'
          : 'The moderators agreed with the flags.'
        : '');
    return this.act(actor, where, {
      action: decision.decision,
      state,
      reason,
      reviewId: id,
      settle: agreed ? 'agreed' : 'disagreed',
    });
  }

  /** The review item of content that is gone, out of the queue with its audit line; flags stay unsettled. */
  private async dismiss(actor: Actor, where: Target): Promise<{ state: Published }> {
    const staff = requireStaff(actor, 'review flagged and held posts');
    const at = this.deps.clock.now().toISOString();
    const audit = this.auditEntry(staff, 'dismiss', where, at, {
      reason: 'Its author deleted it before a decision.',
    });
    if (!(await this.deps.moderation.dropReview(where, audit))) throw new NotFoundError('Review item');
    return { state: 'removed' };
  }

  /** The queue, oldest first, with each item's flags and its author's history. */
  async queue(actor: Actor, input: unknown = {}): Promise<{ items: ReviewItemView[]; cursor?: string }> {
    requireStaff(actor, 'review flagged and held posts');
    const { limit, cursor } = parseInput(queueQuerySchema, input ?? {});
    return reviewQueuePage(this.deps, { limit, ...(cursor ? { cursor } : {}) });
  }

  async settings(actor: Actor): Promise<ModerationSettings> {
    requireStaff(actor, 'read the moderation settings');
    return this.deps.moderation.settings();
  }

  async updateSettings(actor: Actor, input: unknown): Promise<ModerationSettings> {
    const admin = requireAdmin(actor, 'change the moderation settings');
    const after = parseInput(moderationSettingsSchema, input);
    const before = await this.deps.moderation.settings();
    const at = this.deps.clock.now().toISOString();
    await this.deps.moderation.saveSettings(after, {
      id: this.deps.ids.next(),
      at,
      action: 'settings',
      actorId: admin.id,
      actorName: admin.name,
      target: { kind: 'settings' },
      before,
      after,
    });
    return after;
  }

  /** Sets the target's moderation (or clears it), out of the queue, with its audit line and notice. */
  private async act(actor: Actor, where: Target, act: Act): Promise<{ state: Published }> {
    const staff = requireStaff(actor, 'moderate');
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const { post, comment } = await this.load(actor, where);
      const item = comment ?? post;
      if (comment?.deleted && !comment.moderation) {
        throw new ConflictError('Its author deleted this comment.');
      }
      const was = item.moderation?.state ?? null;
      const reviewId = act.reviewId ?? (await this.deps.moderation.flagsOf(where, 0)).reviewId;
      // Nothing to restore (a comment hidden by the older hide switch is unhidden like any other).
      if (!act.state && !was && !reviewId && !comment?.hidden) return { state: 'published' };
      const at = this.deps.clock.now().toISOString();
      const moderation: ModerationRecord | undefined = act.state
        ? { state: act.state, reason: act.reason, at, byId: staff.id, byName: staff.name }
        : undefined;
      const decided = (s: ModerationState | null) => s === 'hidden' || s === 'removed';
      // Counted once per item, when a decision first withholds it: the author's record in the queue.
      const counts = act.state !== null && !decided(was);
      const audit = this.auditEntry(staff, act.action, where, at, {
        ...(act.reason ? { reason: act.reason } : {}),
        before: { state: was ?? 'published' },
        after: { state: act.state ?? 'published' },
      });
      // The author hears of a change they can see, never of a decision that leaves it as it was.
      const event =
        was !== act.state
          ? this.notice(audit, item.authorId, where, act.state ?? 'published', act.reason, post.title)
          : undefined;
      // A comment held from the start was never announced: its followers hear of it now.
      const announce =
        comment && was === 'held' && !act.state && comment.moderation?.at === comment.createdAt
          ? commentPosted(comment, at)
          : undefined;
      const ok = await this.write(
        post,
        comment,
        { ...(moderation ? { moderation } : {}), updatedAt: at },
        {
          audit,
          ...(event ? { event } : {}),
          ...(announce ? { announce } : {}),
          ...(reviewId ? { reviewDelete: reviewId } : {}),
          ...(counts ? { withheldOf: item.authorId } : {}),
        },
      );
      if (ok) {
        if (event) await this.publish(event);
        if (announce) await this.publish(announce);
        // Only the action that took the review item settles its flags: a concurrent loser never does.
        if (reviewId) await this.settleFlags(where, act.settle);
        return { state: act.state ?? 'published' };
      }
      // Decided meanwhile by someone else: the item is gone from the queue.
      if (act.reviewId && !(await this.deps.moderation.reviewItem(act.reviewId))) {
        throw new NotFoundError('Review item');
      }
    }
    throw new ConflictError('The post or comment kept changing; try again.');
  }

  /** Each flag of the decided item, once, with its flagger's record. */
  private async settleFlags(where: Target, outcome: FlagOutcome): Promise<void> {
    const { flags } = await this.deps.moderation.flagsOf(where, FLAGS_SETTLED);
    await Promise.all(
      flags.filter((f) => !f.outcome).map((f) => this.deps.moderation.settleFlag(f, outcome)),
    );
  }

  private write(
    post: Post,
    comment: Comment | undefined,
    after: { moderation?: ModerationRecord; flagWeight?: number; updatedAt: string },
    write: ModerationWrite,
  ): Promise<boolean> {
    return comment
      ? this.deps.moderation.setComment(comment, after, write)
      : this.deps.moderation.setPost(post, after, write);
  }

  /** A decision to edit: staff's text replaces the author's, then the item is published. */
  private async edit(
    post: Post,
    comment: Comment | undefined,
    input: { title?: string; body?: string },
  ): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    if (comment) {
      if (!input.body) throw new ValidationError({ body: 'Give the comment’s new text.' });
      await this.deps.comments.updateBody(post.id, comment.id, input.body, at);
      return;
    }
    if (!input.title && !input.body)
      throw new ValidationError({ body: 'Give the post’s new title or text.' });
    const fields = { title: input.title ?? post.title, body: input.body ?? post.body, updatedAt: at };
    await this.deps.posts.updateContent(post.id, fields);
    await this.deps.search.index({ ...post, ...fields }, post);
  }

  /** The post (and comment) as staff or the flagger may see it; what they may not see does not exist. */
  private async load(actor: Actor, where: Target): Promise<Loaded> {
    const [post, comment] = await Promise.all([
      this.deps.posts.get(where.postId),
      where.commentId ? this.deps.comments.get(where.postId, where.commentId) : undefined,
    ]);
    const board = post ? await this.deps.boards.get(post.boardSlug) : null;
    const missing = where.commentId ? 'Comment' : 'Post';
    if (!post || !board || !canSeeBoard(actor, board) || !canSeeStory(actor, post)) {
      throw new NotFoundError(missing);
    }
    if (post.moderation && !mayReadWithheld(actor, post)) throw new NotFoundError(missing);
    if (where.commentId && !comment) throw new NotFoundError('Comment');
    return { post, ...(comment ? { comment } : {}) };
  }

  private auditEntry(
    actor: User,
    action: AuditAction,
    where: Target,
    at: string,
    rest: Pick<AuditEntry, 'reason' | 'before' | 'after'>,
  ): AuditEntry {
    return {
      id: this.deps.ids.next(),
      at,
      action,
      actorId: actor.id,
      actorName: actor.name,
      target: { kind: where.commentId ? 'comment' : 'post', ...where },
      ...rest,
    };
  }

  private notice(
    audit: AuditEntry,
    recipientId: string,
    where: Target,
    state: Published,
    reason: string,
    postTitle: string,
  ): ContentModerated {
    return moderationNoticeEvent({
      eventId: audit.id,
      at: audit.at,
      recipientId,
      subject: 'content',
      target: where,
      state,
      reason,
      postTitle,
    });
  }

  private async publish(event: ContentModerated | CommentPosted): Promise<void> {
    if (this.deps.outbox && this.deps.events) {
      await publishFromOutbox({ outbox: this.deps.outbox, events: this.deps.events }, event);
    }
  }
}

/** A comment's announcement, as its creation would have made it (comment-service create). */
function commentPosted(comment: Comment, at: string): CommentPosted {
  return {
    type: 'CommentPosted',
    id: comment.id,
    at,
    detail: {
      postId: comment.postId,
      commentId: comment.id,
      ...(comment.parentId ? { parentId: comment.parentId } : {}),
      authorId: comment.authorId,
    },
  };
}

function parseTarget(target: Target): Target {
  const postId = parseInput(postIdSchema, target.postId);
  return target.commentId ? { postId, commentId: parseInput(commentIdSchema, target.commentId) } : { postId };
}
