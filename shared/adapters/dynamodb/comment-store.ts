/**
 * Comments in DynamoDB: stored under their post's partition, so a post and its comments are one Query
 * away. The post's comment count counts visible comments (neither deleted nor hidden); every flag change
 * moves it in the same transaction. Each comment is written with a reference that orders it by thread
 * (comment-threads.ts), for reading a post's comments a page at a time.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, RepeatedContentError } from '../../domain/errors.ts';
import type { Comment } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type {
  CommentStore,
  CommentThread,
  ContentFingerprint,
  CreateOutcome,
  IdempotencyRecord,
  ModerationWrite,
  Page,
} from '../../ports/index.ts';
import { moderationWriteItems } from './review-queue-store.ts';
import { contentHashPut } from './content-hash.ts';
import {
  cursorAtAnswer,
  cursorAtThread,
  getThread,
  listAnswers,
  listThreads,
  threadRefWrites,
} from './comment-threads.ts';
import { idempotencyPut } from './idempotency-store.ts';
import { readUsers, repPointsAsRead, reputationWrites, visibilityCredit } from './reputation-items.ts';
import { activityPut } from './activity-log.ts';
import { outboxPut } from './outbox-store.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { Db } from './client.ts';
import { queryPage } from './query-page.ts';
import { queryAll } from './query-all.ts';
import { conditionFailedAt, transact } from './transact.ts';
import { acceptedVisibilityMove, ANSWERED_REVISION } from './answered-entries.ts';
import { toPost } from './post-store.ts';

export class DynamoCommentStore implements CommentStore {
  constructor(private readonly db: Db) {}

  async create(
    comment: Comment,
    opts: {
      idempotency?: IdempotencyRecord;
      question?: boolean;
      event?: DomainEvent;
      /** A new member's comment held for review (moderation, issue 17): its review item and audit line. */
      held?: ModerationWrite;
      repeat?: ContentFingerprint;
    } = {},
  ): Promise<CreateOutcome> {
    const outcome = await transact(this.db, [
      {
        Put: {
          TableName: this.db.tableName,
          Item: {
            ...keys.comment(comment.postId, comment.id),
            ...keys.commentByAuthor(comment.authorId, comment.id),
            type: 'comment',
            ...comment,
          },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      // A held comment is created hidden: the count counts visible comments only.
      this.countUpdate(comment.postId, comment.hidden || comment.deleted ? 0 : 1),
      ...(opts.idempotency ? [idempotencyPut(this.db.tableName, opts.idempotency)] : []),
      activityPut(this.db.tableName, {
        kind: 'comment',
        at: comment.createdAt,
        postId: comment.postId,
        userId: comment.authorId,
        commentId: comment.id,
      }),
      // The notifications' event (CommentPosted), written with the comment it announces.
      ...(opts.event ? [outboxPut(this.db.tableName, opts.event)] : []),
      // Last, so that the indexes the outcome is read at below stay put.
      ...threadRefWrites(this.db.tableName, comment, opts.question),
      ...(opts.held ? moderationWriteItems(this.db.tableName, opts.held) : []),
      ...(opts.repeat ? [contentHashPut(this.db.tableName, opts.repeat)] : []),
    ]);
    if (outcome.ok) return 'created';
    if (opts.idempotency && conditionFailedAt(outcome, 2)) return 'keyTaken';
    // Comment ids are new ULIDs: an existing one is this transaction, applied by an attempt whose answer
    // was lost (the SDK retried it).
    if (conditionFailedAt(outcome, 0)) return 'created';
    if (conditionFailedAt(outcome, 1)) throw new NotFoundError('Post');
    // The repeat check's item comes last (when asked for).
    if (opts.repeat && conditionFailedAt(outcome, outcome.reasons.length - 1)) {
      throw new RepeatedContentError();
    }
    throw new Error(`Comment transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  async get(postId: string, commentId: string): Promise<Comment | null> {
    const item = await this.getItem(postId, commentId);
    return item ? toComment(item) : null;
  }

  private async getItem(postId: string, commentId: string): Promise<Record<string, unknown> | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.comment(postId, commentId),
        ConsistentRead: true,
      }),
    );
    return out.Item ?? null;
  }

  async listByPost(postId: string): Promise<Comment[]> {
    const items = await queryAll(
      this.db,
      partitionQuery({ partition: keys.postPartition(postId), sortPrefix: keys.commentPrefix }),
    );
    return items.map(toComment);
  }

  listThreads(postId: string, limit: number, cursor?: string): Promise<Page<CommentThread>> {
    return listThreads(this.db, toComment, postId, limit, cursor);
  }

  getThread(postId: string, commentId: string): Promise<CommentThread | null> {
    return getThread(this.db, (p, c) => this.get(p, c), toComment, postId, commentId);
  }

  cursorAtThread(
    postId: string,
    threadId: string,
    countUpTo: number,
  ): Promise<{ cursor: string; threadsBefore: number }> {
    return cursorAtThread(this.db, postId, threadId, countUpTo);
  }

  listAnswers(postId: string, limit: number, cursor?: string): Promise<Page<CommentThread>> {
    return listAnswers(this.db, toComment, postId, limit, cursor);
  }

  cursorAtAnswer(
    postId: string,
    threadId: string,
    countUpTo: number,
  ): Promise<{ cursor: string; threadsBefore: number }> {
    return cursorAtAnswer(this.db, postId, threadId, countUpTo);
  }

  async listByAuthor(authorId: string, limit: number, cursor?: string): Promise<Page<Comment>> {
    const partition = keys.commentsByAuthorPartition(authorId);
    return queryPage(this.db, { index: INDEX.gsi1, partition }, { limit, cursor }, toComment);
  }

  async updateBody(postId: string, commentId: string, body: string, editedAt: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.comment(postId, commentId),
        ...updateInput({ set: { body, editedAt } }, ITEM_EXISTS),
      }),
    );
  }

  async setAuthorName(postId: string, commentId: string, name: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.comment(postId, commentId),
        ...updateInput({ set: { authorName: name, authorIsStaff: false } }, ITEM_EXISTS),
      }),
    );
  }

  async setFlag(
    postId: string,
    commentId: string,
    flag: 'deleted' | 'hidden',
    value: boolean,
    at = new Date().toISOString(),
    /**
     * Moderation (issue 17): more fields set and removed on the comment and more items in the same
     * transaction (audit line, review item, notice). With `extra` the write happens even when the flag
     * already has the value (a flagged comment hidden by a decision stays hidden), and false means it
     * did not happen: the comment no longer matches `expect` (undefined: absent) or an item's condition
     * failed. Read again and retry.
     */
    extra?: {
      set?: Record<string, unknown>;
      remove?: string[];
      items?: NonNullable<Parameters<typeof transact>[1]>;
      expect?: Record<string, string | number | boolean | undefined>;
    },
  ): Promise<boolean> {
    const other = flag === 'deleted' ? 'hidden' : 'deleted';
    const expected = Object.entries(extra?.expect ?? {});
    for (;;) {
      const item = await this.getItem(postId, commentId);
      if (!item) throw new NotFoundError('Comment');
      const comment = toComment(item);
      if (comment[flag] === value && !extra) return false;
      if (expected.some(([attribute, v]) => item[attribute] !== v)) return false;
      const wasVisible = !comment.deleted && !comment.hidden;
      const willBeVisible = !value && !comment[other];
      const delta = (willBeVisible ? 1 : 0) - (wasVisible ? 1 : 0);
      const postItem = delta !== 0 ? await this.postItem(postId) : null;
      const rep = delta !== 0 ? await this.reputationOnVisibility(item, postItem, willBeVisible, at) : [];
      // An accepted answer leaving view takes its question to "unanswered", and back (answered-entries.ts).
      const move = postItem
        ? acceptedVisibilityMove(this.db.tableName, toPost(postItem), postItem, commentId, willBeVisible)
        : null;
      const outcome = await transact(this.db, [
        {
          Update: {
            TableName: this.db.tableName,
            Key: keys.comment(postId, commentId),
            ...updateInput(
              { set: { ...extra?.set, [flag]: value }, ...(extra?.remove ? { remove: extra.remove } : {}) },
              // Both flags as read: the count delta is right only for that state; so are the points.
              {
                expression: [
                  `#${flag} = :was AND #${other} = :otherWas AND ${repPointsAsRead(item).expression}`,
                  ...expected.map(([a, v]) =>
                    v === undefined ? `attribute_not_exists(#${a})` : `#${a} = :expect${a}`,
                  ),
                ].join(' AND '),
                names: {
                  [`#${flag}`]: flag,
                  [`#${other}`]: other,
                  ...Object.fromEntries(expected.map(([a]) => [`#${a}`, a])),
                },
                values: {
                  ':was': comment[flag],
                  ':otherWas': comment[other],
                  ...repPointsAsRead(item).values,
                  ...Object.fromEntries(
                    expected.flatMap(([a, v]) => (v === undefined ? [] : [[`:expect${a}`, v]])),
                  ),
                },
              },
            ),
          },
        },
        ...(delta !== 0 ? [this.countUpdate(postId, delta, move)] : []),
        ...rep,
        ...(move?.items ?? []),
        ...(extra?.items ?? []),
      ]);
      if (outcome.ok) return true;
      // The question changed since it was read (a vote, a status change, another acceptance): read again.
      if (move && conditionFailedAt(outcome, 1)) continue;
      // The post is gone (its author deleted it): no count to keep, and no retry would ever succeed.
      if (delta !== 0 && conditionFailedAt(outcome, 1)) throw new NotFoundError('Post');
      // A moderation item's condition (a review item already decided, a repeated flag): the caller's call.
      if (extra && !conditionFailedAt(outcome, 0)) return false;
      // Only a racing flag change is worth reading again for; anything else would loop forever.
      if (!conditionFailedAt(outcome, 0)) {
        throw new Error(
          `Comment flag transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`,
        );
      }
    }
  }

  /** A comment leaving or coming back into view takes its author's points from it, or gives them back. */
  private async reputationOnVisibility(
    item: Record<string, unknown>,
    post: Record<string, unknown> | null,
    visible: boolean,
    at: string,
  ) {
    const postId = item.postId as string;
    const probe = visibilityCredit(item, { postId, commentId: item.id as string, title: '', at }, visible);
    if (!probe) return [];
    const users = await readUsers(this.db, [probe.userId]);
    const credit = { ...probe, title: (post?.title as string | undefined) ?? '' };
    return reputationWrites(this.db.tableName, [credit], users);
  }

  private async postItem(postId: string): Promise<Record<string, unknown> | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.post(postId), ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  private countUpdate(
    postId: string,
    delta: number,
    move?: Pick<
      NonNullable<ReturnType<typeof acceptedVisibilityMove>>,
      'set' | 'remove' | 'condition'
    > | null,
  ) {
    return {
      Update: {
        TableName: this.db.tableName,
        Key: keys.post(postId),
        ...(move
          ? updateInput(
              { set: move.set, remove: move.remove, add: { commentCount: delta, ...ANSWERED_REVISION } },
              move.condition,
            )
          : updateInput({ add: { commentCount: delta } }, ITEM_EXISTS)),
      },
    };
  }
}

export function toComment(item: Record<string, unknown>): Comment {
  return {
    id: item.id as string,
    postId: item.postId as string,
    ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
    authorId: item.authorId as string,
    authorName: item.authorName as string,
    authorIsStaff: item.authorIsStaff as boolean,
    body: item.body as string,
    createdAt: item.createdAt as string,
    ...(typeof item.editedAt === 'string' ? { editedAt: item.editedAt } : {}),
    deleted: item.deleted === true,
    hidden: item.hidden === true,
    ...(item.moderation && typeof item.moderation === 'object'
      ? { moderation: item.moderation as NonNullable<Comment['moderation']> }
      : {}),
    ...(typeof item.flagWeight === 'number' ? { flagWeight: item.flagWeight } : {}),
    ...(item.deletedByAuthor === true ? { deletedByAuthor: true } : {}),
    ...(typeof item[ATTR.voteCount] === 'number' ? { voteCount: item[ATTR.voteCount] as number } : {}),
  };
}
