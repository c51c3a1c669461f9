/**
 * Moderation's writes in DynamoDB (ports ModerationStore): each change of a post's or comment's
 * moderation goes through the post's list move (post-store changeLists) or the comment's flag change
 * (comment-store setFlag), so counts, lists and reputation follow, with the audit line, the review item,
 * the flag and the author's notice in the same transaction.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, ModerationSettings } from '../../domain/moderation.ts';
import type { Comment, Post } from '../../domain/types.ts';
import type {
  AuthorHistory,
  Flag,
  FlagOutcome,
  ModerationRecord,
  ModerationStore,
  ModerationTarget,
  ModerationWrite,
  Page,
  ReviewItem,
} from '../../ports/index.ts';
import { keys } from '../../table/keys.ts';
import { ITEM_EXISTS, updateInput } from '../../table/expressions.ts';
import type { Db } from './client.ts';
import { DynamoCommentStore, toComment } from './comment-store.ts';
import { flagsOf, settleFlag, toFlag } from './flag-store.ts';
import { readModerationSettings, saveModerationSettings } from './moderation-settings-store.ts';
import { DynamoPostStore, toPost } from './post-store.ts';
import { batchGetAll } from './query-page.ts';
import { DynamoReviewQueue, moderationWriteItems, reviewDeleteItems } from './review-queue-store.ts';
import { auditLinePut } from './audit-log.ts';
import { conditionFailedAt, transact } from './transact.ts';

export class DynamoModerationStore implements ModerationStore {
  private readonly posts: DynamoPostStore;
  private readonly comments: DynamoCommentStore;
  private readonly reviewQueue: DynamoReviewQueue;

  constructor(private readonly db: Db) {
    this.posts = new DynamoPostStore(db);
    this.comments = new DynamoCommentStore(db);
    this.reviewQueue = new DynamoReviewQueue(db);
  }

  setPost(
    before: Post,
    after: { moderation?: ModerationRecord; flagWeight?: number; updatedAt: string },
    write: ModerationWrite,
  ): Promise<boolean> {
    const { moderation: _moderation, flagWeight: _flagWeight, ...rest } = before;
    const next: Post = {
      ...rest,
      ...(after.moderation ? { moderation: after.moderation } : {}),
      ...(after.flagWeight !== undefined ? { flagWeight: after.flagWeight } : {}),
      updatedAt: after.updatedAt,
    };
    return this.posts.changeLists(before, next, {
      items: moderationWriteItems(this.db.tableName, write),
      flagWeightAsRead: true,
    });
  }

  setComment(
    before: Comment,
    after: { moderation?: ModerationRecord; flagWeight?: number },
    write: ModerationWrite,
  ): Promise<boolean> {
    // Held, flagged and hidden comments are hidden; removed ones deleted (a placeholder for others). What
    // its author deleted stays deleted: a restore only clears the moderators' part.
    const byAuthor = before.deletedByAuthor === true;
    const flag = after.moderation
      ? after.moderation.state === 'removed'
        ? 'deleted'
        : 'hidden'
      : before.moderation?.state === 'removed' && !byAuthor
        ? 'deleted'
        : 'hidden';
    const other = flag === 'deleted' ? 'hidden' : 'deleted';
    const set: Record<string, unknown> = {};
    const remove: string[] = [];
    if (after.moderation) set.moderation = after.moderation;
    else remove.push('moderation');
    if (after.flagWeight !== undefined) set.flagWeight = after.flagWeight;
    else remove.push('flagWeight');
    // Moving between hidden and removed: the moderators' other flag goes (never the author's own delete).
    if (after.moderation && before.moderation && before[other] && !(other === 'deleted' && byAuthor)) {
      set[other] = false;
    }
    return this.comments.setFlag(
      before.postId,
      before.id,
      flag,
      after.moderation !== undefined,
      write.audit.at,
      {
        set,
        remove,
        items: moderationWriteItems(this.db.tableName, write),
        expect: { flagWeight: before.flagWeight },
      },
    );
  }

  async addFlag(
    target: ModerationTarget,
    weightAsRead: number | undefined,
    write: ModerationWrite & { flag: Flag },
  ): Promise<'added' | 'exists' | 'raced'> {
    const t = this.db.tableName;
    const key = target.commentId ? keys.comment(target.postId, target.commentId) : keys.post(target.postId);
    const asRead =
      weightAsRead === undefined
        ? { expression: 'attribute_not_exists(#flagWeight)', values: {} }
        : { expression: '#flagWeight = :asRead', values: { ':asRead': weightAsRead } };
    // A flag on a withheld item (or a hidden or deleted comment) is refused: withheld meanwhile, it raced.
    const visible = target.commentId ? ' AND #hidden = :no AND #deleted = :no' : '';
    const outcome = await transact(this.db, [
      {
        Update: {
          TableName: t,
          Key: key,
          ...updateInput(
            { add: { flagWeight: write.flag.weight } },
            {
              expression: `${ITEM_EXISTS} AND attribute_not_exists(#moderation) AND ${asRead.expression}${visible}`,
              names: {
                '#moderation': 'moderation',
                ...(target.commentId ? { '#hidden': 'hidden', '#deleted': 'deleted' } : {}),
              },
              values: { ...asRead.values, ...(target.commentId ? { ':no': false } : {}) },
            },
          ),
        },
      },
      ...moderationWriteItems(t, write),
    ]);
    if (outcome.ok) return 'added';
    // Items: the target, the audit line, the flag, then the rest (moderationWriteItems' order).
    if (conditionFailedAt(outcome, 2)) return 'exists';
    return 'raced';
  }

  async getFlag(target: ModerationTarget, userId: string): Promise<Flag | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.flag(target.postId, target.commentId, userId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toFlag(out.Item) : null;
  }

  flagsOf(target: ModerationTarget, limit: number): Promise<{ reviewId?: string; flags: Flag[] }> {
    return flagsOf(this.db, target, limit);
  }

  settleFlag(flag: Flag, outcome: FlagOutcome): Promise<boolean> {
    return settleFlag(this.db, flag, outcome);
  }

  queue(limit: number, cursor?: string): Promise<Page<ReviewItem>> {
    return this.reviewQueue.page(limit, cursor);
  }

  reviewItem(id: string): Promise<ReviewItem | null> {
    return this.reviewQueue.get(id);
  }

  async dropReview(target: ModerationTarget, audit?: AuditEntry): Promise<boolean> {
    const { reviewId } = await this.flagsOf(target, 0);
    if (!reviewId) return false;
    // Taken by a decision meanwhile (the item must still be there): nothing left to drop.
    const t = this.db.tableName;
    const outcome = await transact(this.db, [
      ...reviewDeleteItems(t, reviewId),
      ...(audit ? [auditLinePut(t, audit)] : []),
    ]);
    return outcome.ok;
  }

  async contents(
    items: readonly ModerationTarget[],
  ): Promise<{ posts: Map<string, Post>; comments: Map<string, Comment> }> {
    const wanted = new Map<string, Record<string, unknown>>();
    for (const item of items) {
      wanted.set(item.postId, keys.post(item.postId));
      if (item.commentId)
        wanted.set(`${item.postId}#${item.commentId}`, keys.comment(item.postId, item.commentId));
    }
    const found = wanted.size > 0 ? await batchGetAll(this.db, [...wanted.values()]) : [];
    const posts = new Map<string, Post>();
    const comments = new Map<string, Comment>();
    for (const item of found) {
      if (item.type === 'post') posts.set(item.id as string, toPost(item));
      else if (item.type === 'comment') comments.set(item.id as string, toComment(item));
    }
    return { posts, comments };
  }

  histories(userIds: readonly string[]): Promise<Map<string, AuthorHistory>> {
    return this.reviewQueue.histories(userIds);
  }

  settings(): Promise<ModerationSettings> {
    return readModerationSettings(this.db);
  }

  saveSettings(settings: ModerationSettings, audit: AuditEntry): Promise<void> {
    return saveModerationSettings(this.db, settings, audit);
  }
}
