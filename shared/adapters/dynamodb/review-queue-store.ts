/**
 * The review queue in DynamoDB: one item per held or flagged post or comment in the MODQUEUE partition,
 * sorted by when it entered (oldest first), and beside the target's flags a pointer to it, so that a
 * target is queued once and a decision or a restore finds its item. Also the items every moderation
 * change carries in its transaction (moderationWriteItems).
 */
import { ValidationError } from '../../domain/errors.ts';
import type { HoldReason } from '../../domain/moderation.ts';
import type {
  AuthorHistory,
  ModerationTarget,
  ModerationWrite,
  Page,
  ReviewItem,
} from '../../ports/index.ts';
import { keys } from '../../table/keys.ts';
import { ITEM_ABSENT, ITEM_EXISTS, updateInput } from '../../table/expressions.ts';
import { auditLinePut } from './audit-log.ts';
import type { Db } from './client.ts';
import { flagPut } from './flag-store.ts';
import { outboxPut } from './outbox-store.ts';
import { batchGetAll, queryPage } from './query-page.ts';
import type { transact } from './transact.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

type TransactItems = NonNullable<Parameters<typeof transact>[1]>;

/** A review item's id is its sort key: `<since>#<postId>#<commentId or POST>`. */
export const reviewItemId = (since: string, target: ModerationTarget): string =>
  keys.reviewItem(since, target.postId, target.commentId).sk as string;

function reviewKeyOf(id: string) {
  const [since, postId, commentId, ...rest] = id.split('#');
  if (!since || !postId || !commentId || rest.length > 0 || !/^[0-9A-Za-z_-]+$/.test(postId + commentId)) {
    throw new ValidationError({ id: 'Not a review queue item.' });
  }
  return keys.reviewItem(since, postId, commentId === 'POST' ? undefined : commentId);
}

export function toReviewItem(item: Record<string, unknown>): ReviewItem {
  return {
    id: item.id as string,
    since: item.since as string,
    state: item.state === 'held' ? 'held' : 'flagged',
    ...(typeof item.holdReason === 'string' ? { holdReason: item.holdReason as HoldReason } : {}),
    postId: item.postId as string,
    ...(typeof item.commentId === 'string' ? { commentId: item.commentId } : {}),
    authorId: item.authorId as string,
  };
}

/** The transaction items a moderation change carries (ports ModerationWrite), besides the target's own update. */
export function moderationWriteItems(tableName: string, write: ModerationWrite): TransactItems {
  const t = tableName;
  const items: TransactItems = [auditLinePut(t, write.audit)];
  if (write.flag) items.push(flagPut(t, write.flag));
  if (write.event) items.push(outboxPut(t, write.event));
  if (write.announce) items.push(outboxPut(t, write.announce));
  if (write.reviewPut) {
    const r = { id: reviewItemId(write.reviewPut.since, write.reviewPut), ...write.reviewPut };
    items.push(
      {
        Put: {
          TableName: t,
          Item: { ...keys.reviewItem(r.since, r.postId, r.commentId), type: 'reviewItem', ...r },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      // One review item per target: a second one (two first flags at once) cancels its transaction.
      {
        Put: {
          TableName: t,
          Item: { ...keys.reviewPointer(r.postId, r.commentId), type: 'reviewPointer', reviewKey: r.id },
          ConditionExpression: ITEM_ABSENT,
        },
      },
    );
  }
  if (write.reviewDelete) items.push(...reviewDeleteItems(t, write.reviewDelete));
  if (write.withheldOf) {
    items.push({
      Update: {
        TableName: t,
        Key: keys.moderationRecord(write.withheldOf),
        ...updateInput({
          set: { type: 'moderationRecord', userId: write.withheldOf },
          add: { withheldCount: 1 },
        }),
      },
    });
  }
  return items;
}

/** The review item out of the queue, with its pointer. */
export function reviewDeleteItems(tableName: string, id: ReviewItem['id']): TransactItems {
  const { postId, commentId } = parseTarget(id);
  return [
    // Decided once: a second decision on the same item finds it gone and is cancelled.
    { Delete: { TableName: tableName, Key: reviewKeyOf(id), ConditionExpression: ITEM_EXISTS } },
    { Delete: { TableName: tableName, Key: keys.reviewPointer(postId, commentId) } },
  ];
}

function parseTarget(id: string): ModerationTarget {
  reviewKeyOf(id);
  const [, postId = '', commentId] = id.split('#');
  return { postId, ...(commentId && commentId !== 'POST' ? { commentId } : {}) };
}

export class DynamoReviewQueue {
  constructor(private readonly db: Db) {}

  /** Oldest first: one Query a page, whatever the queue's length. */
  page(limit: number, cursor?: string): Promise<Page<ReviewItem>> {
    return queryPage(
      this.db,
      { partition: keys.reviewQueuePartition },
      { limit, ...(cursor ? { cursor } : {}), newestFirst: false },
      toReviewItem,
    );
  }

  async get(id: string): Promise<ReviewItem | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: reviewKeyOf(id), ConsistentRead: true }),
    );
    return out.Item ? toReviewItem(out.Item) : null;
  }

  /** Authors' points and how much of theirs moderators withheld: one BatchGetItem (user items and records). */
  async histories(userIds: readonly string[]): Promise<Map<string, AuthorHistory>> {
    const unique = [...new Set(userIds)];
    const found =
      unique.length > 0
        ? await batchGetAll(this.db, [...unique.map(keys.user), ...unique.map(keys.moderationRecord)])
        : [];
    const withheld = new Map(
      found
        .filter((item) => item.type === 'moderationRecord')
        .map((item) => [item.userId as string, Number(item.withheldCount ?? 0)]),
    );
    const items = found.filter((item) => item.type !== 'moderationRecord');
    return new Map(
      items.map((item) => [
        item.id as string,
        {
          role: item.role as AuthorHistory['role'],
          createdAt: item.createdAt as string,
          ...(item.sanction && typeof item.sanction === 'object'
            ? { sanction: item.sanction as NonNullable<AuthorHistory['sanction']> }
            : {}),
          reputation: Number(item.reputation ?? 0),
          withheldCount: withheld.get(item.id as string) ?? 0,
        },
      ]),
    );
  }
}
