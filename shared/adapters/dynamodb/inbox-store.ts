/**
 * The inbox and the pending-mail queues in DynamoDB. An inbox item is put with a condition that it is
 * new, in the transaction that adds one to the unread count on the user item and queues its email line:
 * a replayed event finds the item and writes nothing, so each (event, recipient) lands exactly once. The
 * count lives on the user item because every page reads that item for the session already, so the
 * header's "Notifications (3)" costs no request of its own.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxItem, MailQueue, PendingMail } from '../../domain/notifications.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { inboxId, keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { InboxStore, MailQueueStore, Page, QueuedMail } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';
import { queryPage } from './query-page.ts';
import { conditionFailedAt, transact } from './transact.ts';

/** An inbox keeps 90 days. */
const INBOX_KEEP_SECONDS = 90 * 24 * 60 * 60;
/** A line nobody could send for a month (a bouncing address) is dropped rather than kept forever. */
const MAIL_KEEP_SECONDS = 30 * 24 * 60 * 60;

const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The user item's fields for the inbox: the count, and when they last marked everything read. */
const UNREAD = 'unreadNotifications';
/** The notify function may update this attribute of a user item, and no other (infra/hearth-stack.ts). */
export const UNREAD_ATTRIBUTE = UNREAD;
const READ_THROUGH = 'notificationsReadThrough';

export class DynamoInboxStore implements InboxStore {
  constructor(private readonly db: Db) {}

  async deliver(
    userId: string,
    item: Omit<InboxItem, 'read'>,
    { deliveredAt, mail }: { deliveredAt: string; mail?: QueuedMail },
  ): Promise<boolean> {
    const t = this.db.tableName;
    const outcome = await transact(this.db, [
      {
        Put: {
          TableName: t,
          Item: {
            ...keys.inbox(userId, item.at, item.eventId),
            type: 'inbox',
            ...item,
            read: false,
            // "Mark all read" compares with this, not with the event's time: an old event delivered late
            // is news, and counts as unread as the count says.
            deliveredAt,
            [ATTR.ttl]: epochSeconds(item.at) + INBOX_KEEP_SECONDS,
          },
          ConditionExpression: ITEM_ABSENT,
        },
      },
      {
        Update: {
          TableName: t,
          Key: keys.user(userId),
          ...updateInput({ add: { [UNREAD]: 1 } }, ITEM_EXISTS),
        },
      },
      ...(mail ? mailWrites(t, userId, mail) : []),
    ]);
    if (outcome.ok) return true;
    // Already delivered (a replay), or the person is gone.
    if (conditionFailedAt(outcome, 0) || conditionFailedAt(outcome, 1)) return false;
    throw new Error(`Inbox transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  async page(userId: string, limit: number, cursor?: string): Promise<Page<InboxItem> & { unread: number }> {
    const [user, page] = await Promise.all([
      this.db.doc.send(new GetCommand({ TableName: this.db.tableName, Key: keys.user(userId) })),
      queryPage(
        this.db,
        { partition: keys.inboxPartition(userId) },
        { limit, ...(cursor ? { cursor } : {}), newestFirst: true },
        (raw) => raw,
      ),
    ]);
    const readThrough = typeof user.Item?.[READ_THROUGH] === 'string' ? user.Item[READ_THROUGH] : '';
    return {
      items: page.items.map((raw) => toInboxItem(raw, readThrough)),
      nextCursor: page.nextCursor,
      unread: typeof user.Item?.[UNREAD] === 'number' ? Math.max(0, user.Item[UNREAD]) : 0,
    };
  }

  async markRead(userId: string, ids: readonly string[]): Promise<number> {
    const t = this.db.tableName;
    let marked = 0;
    for (const id of new Set(ids)) {
      const found = await this.db.doc.send(
        new GetCommand({ TableName: t, Key: keys.inboxById(userId, id), ConsistentRead: true }),
      );
      if (!found.Item || found.Item.read === true) continue;
      const markItem = {
        TableName: t,
        Key: keys.inboxById(userId, id),
        ...updateInput(
          { set: { read: true } },
          { expression: `${ITEM_EXISTS} AND #read = :unread`, values: { ':unread': false } },
        ),
      };
      const outcome = await transact(this.db, [
        { Update: markItem },
        // Counted only while the item still counts: not already covered by "mark all read".
        {
          Update: {
            TableName: t,
            Key: keys.user(userId),
            ...updateInput(
              { add: { [UNREAD]: -1 } },
              {
                expression: `#${UNREAD} > :zero AND (attribute_not_exists(#${READ_THROUGH}) OR #${READ_THROUGH} < :delivered)`,
                names: { [`#${READ_THROUGH}`]: READ_THROUGH },
                values: { ':zero': 0, ':delivered': found.Item.deliveredAt ?? '' },
              },
            ),
          },
        },
      ]);
      if (outcome.ok) marked++;
      else if (conditionFailedAt(outcome, 1)) {
        // Already counted out by "mark all read": the item alone becomes read.
        await this.db.doc.send(new UpdateCommand(markItem)).catch(() => undefined);
      }
    }
    return marked;
  }

  async markAllRead(userId: string, at: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.user(userId),
        ...updateInput({ set: { [UNREAD]: 0, [READ_THROUGH]: at } }, ITEM_EXISTS),
      }),
    );
  }
}

/** The queued line and the person's due mark: the first line of a batch sets when it goes out. */
function mailWrites(t: string, userId: string, mail: QueuedMail) {
  return [
    {
      Put: {
        TableName: t,
        Item: {
          ...keys.mailPending(userId, mail.queue, mail.line.at, mail.line.eventId),
          type: 'mailPending',
          line: mail.line,
          [ATTR.ttl]: epochSeconds(mail.line.at) + MAIL_KEEP_SECONDS,
        },
      },
    },
    { Update: { TableName: t, Key: keys.mailDue(mail.queue, userId), ...dueUpdate(userId, mail.dueAt) } },
  ];
}

function dueUpdate(userId: string, dueAt: string) {
  return {
    UpdateExpression: 'SET dueAt = if_not_exists(dueAt, :due), userId = :user, #type = :type',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':due': dueAt, ':user': userId, ':type': 'mailDue' },
  };
}

function toInboxItem(raw: Record<string, unknown>, readThrough: string): InboxItem {
  const deliveredAt = typeof raw.deliveredAt === 'string' ? raw.deliveredAt : (raw.at as string);
  return {
    id: inboxId(raw.at as string, raw.eventId as string),
    eventId: raw.eventId as string,
    kind: raw.kind as InboxItem['kind'],
    at: raw.at as string,
    postId: raw.postId as string,
    postTitle: raw.postTitle as string,
    ...(typeof raw.commentId === 'string' ? { commentId: raw.commentId } : {}),
    actorName: raw.actorName as string,
    ...(typeof raw.excerpt === 'string' ? { excerpt: raw.excerpt } : {}),
    read: raw.read === true || deliveredAt <= readThrough,
  };
}

export class DynamoMailQueueStore implements MailQueueStore {
  constructor(private readonly db: Db) {}

  async due(queue: MailQueue, now: string, limit: number): Promise<string[]> {
    // One partition holding only the people with mail pending in this queue: its size is theirs.
    const items = await queryAll(this.db, {
      ...partitionQuery({ partition: keys.mailDuePartition(queue) }),
      ConsistentRead: true,
    });
    return items
      .filter((item) => typeof item.dueAt === 'string' && item.dueAt <= now)
      .sort((a, b) => String(a.dueAt).localeCompare(String(b.dueAt)))
      .slice(0, limit)
      .map((item) => item.userId as string);
  }

  async pending(userId: string, queue: MailQueue): Promise<PendingMail[]> {
    const items = await queryAll(this.db, {
      ...partitionQuery({ partition: keys.mailPendingPartition(queue, userId) }),
      ConsistentRead: true,
    });
    return items.map((item) => item.line as PendingMail);
  }

  async done(
    userId: string,
    queue: MailQueue,
    lines: readonly PendingMail[],
    againAt: string,
  ): Promise<void> {
    const t = this.db.tableName;
    await Promise.all(
      lines.map((line) =>
        this.db.doc.send(
          new DeleteCommand({ TableName: t, Key: keys.mailPending(userId, queue, line.at, line.eventId) }),
        ),
      ),
    );
    await this.db.doc.send(new DeleteCommand({ TableName: t, Key: keys.mailDue(queue, userId) }));
    // A line queued while this batch was being sent found the old mark and set nothing: mark it again.
    const more = await this.db.doc.send(
      new QueryCommand({
        TableName: t,
        ...partitionQuery({ partition: keys.mailPendingPartition(queue, userId) }),
        ConsistentRead: true,
        Limit: 1,
      }),
    );
    if ((more.Items ?? []).length > 0) {
      await this.db.doc.send(
        new UpdateCommand({ TableName: t, Key: keys.mailDue(queue, userId), ...dueUpdate(userId, againAt) }),
      );
    }
  }
}
