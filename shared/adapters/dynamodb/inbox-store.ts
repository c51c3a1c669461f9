/**
 * The inbox and the pending-mail queues in DynamoDB. An inbox item is put with a condition that it is
 * new, in the transaction that adds one to the unread count on the user item and queues its email line:
 * a replayed event finds the item and writes nothing, so each (event, recipient) lands exactly once. The
 * count lives on the user item because every page reads that item for the session already, so the
 * header's "Notifications (3)" costs no request of its own.
 */
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InboxItem, MailQueue, PendingMail } from '../../domain/notifications.ts';
import type { Post } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { inboxId, keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { InboxStore, MailQueueStore, MailSubjects, Page, QueuedMail } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { toPost } from './post-store.ts';
import { queryAll } from './query-all.ts';
import { batchGetAll, queryPage } from './query-page.ts';
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
/** Read in the condition of the count's increment, so the notify function's grant names it too. */
export const READ_THROUGH_ATTRIBUTE = READ_THROUGH;

/** A comment hidden or deleted since it was announced: its words go nowhere any more. */
const isGone = (raw: Record<string, unknown> | undefined) =>
  !raw || raw.hidden === true || raw.deleted === true;

export class DynamoInboxStore implements InboxStore {
  constructor(private readonly db: Db) {}

  async deliver(
    userId: string,
    item: Omit<InboxItem, 'read'>,
    { deliveredAt, mail }: { deliveredAt: string; mail?: QueuedMail },
  ): Promise<boolean> {
    const t = this.db.tableName;
    const put = (read: boolean) => ({
      Put: {
        TableName: t,
        Item: {
          ...keys.inbox(userId, item.at, item.eventId),
          type: 'inbox',
          ...item,
          read,
          // "Mark all read" compares with this, not with the event's time: an old event delivered late
          // is news, and counts as unread as the count says.
          deliveredAt,
          [ATTR.ttl]: epochSeconds(item.at) + INBOX_KEEP_SECONDS,
        },
        ConditionExpression: ITEM_ABSENT,
      },
    });
    const outcome = await transact(this.db, [
      put(false),
      {
        Update: {
          TableName: t,
          Key: keys.user(userId),
          // Counted only if the item will show unread: a "mark all read" at or after this delivery
          // (a clock a moment ahead, a race) already covers it, and nothing could ever count it out.
          ...updateInput(
            { add: { [UNREAD]: 1 } },
            {
              expression: `${ITEM_EXISTS} AND (attribute_not_exists(#${READ_THROUGH}) OR #${READ_THROUGH} < :delivered)`,
              names: { [`#${READ_THROUGH}`]: READ_THROUGH },
              values: { ':delivered': deliveredAt },
            },
          ),
        },
      },
      ...(mail ? mailWrites(t, userId, mail) : []),
    ]);
    if (outcome.ok) return true;
    // Already delivered (a replay).
    if (conditionFailedAt(outcome, 0)) return false;
    if (!conditionFailedAt(outcome, 1)) {
      throw new Error(`Inbox transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
    }
    // The person is gone, or has read through this delivery: then the item goes in read, uncounted.
    const read = await transact(this.db, [
      put(true),
      { ConditionCheck: { TableName: t, Key: keys.user(userId), ConditionExpression: ITEM_EXISTS } },
      ...(mail ? mailWrites(t, userId, mail) : []),
    ]);
    if (read.ok) return true;
    if (conditionFailedAt(read, 0) || conditionFailedAt(read, 1)) return false;
    throw new Error(`Inbox transaction cancelled: ${read.reasons.map((r) => r.Code).join(', ')}`);
  }

  async page(userId: string, limit: number, cursor?: string): Promise<Page<InboxItem> & { unread: number }> {
    const page = await queryPage(
      this.db,
      { partition: keys.inboxPartition(userId) },
      { limit, ...(cursor ? { cursor } : {}), newestFirst: true },
      (raw) => raw,
    );
    // One BatchGet for the person (the count) and the page's comments and posts as they are now: a
    // comment hidden or deleted since keeps its item, but not its words; a post the moderators withheld
    // since, not its title either. A page holds at most 50 items, so at most 101 keys: two BatchGets at
    // worst, whatever the inbox's size.
    const commentKeys = page.items.flatMap((raw) =>
      typeof raw.commentId === 'string' ? [keys.comment(raw.postId as string, raw.commentId)] : [],
    );
    const postKeys = page.items.flatMap((raw) =>
      typeof raw.postId === 'string' && raw.postId !== '' ? [keys.post(raw.postId)] : [],
    );
    const found = await batchGetAll(this.db, [
      keys.user(userId),
      ...uniqueKeys(commentKeys),
      ...uniqueKeys(postKeys),
    ]);
    const user = found.find((raw) => raw.type === 'user');
    const comments = new Map(
      found.filter((raw) => raw.type === 'comment').map((raw) => [raw.id as string, raw]),
    );
    // Withheld posts the person may not read (staff and its author may: services/moderation/withheld.ts).
    const staff = user?.role === 'staff' || user?.role === 'admin';
    const withheld = new Set(
      found
        .filter((raw) => raw.type === 'post' && raw.moderation !== undefined)
        .filter((raw) => !staff && raw.authorId !== userId)
        .map((raw) => raw.id as string),
    );
    const readThrough = typeof user?.[READ_THROUGH] === 'string' ? user[READ_THROUGH] : '';
    return {
      items: page.items.map((raw) => {
        const shown = toInboxItem(raw, readThrough);
        // A moderators' notice about a hidden comment is addressed to its author: it keeps its words.
        if (shown.kind === 'moderation') return shown;
        if (withheld.has(shown.postId)) {
          const { excerpt: _hidden, ...rest } = shown;
          return { ...rest, postTitle: '' };
        }
        if (shown.commentId === undefined || !isGone(comments.get(shown.commentId))) return shown;
        const { excerpt: _hidden, ...rest } = shown;
        return rest;
      }),
      nextCursor: page.nextCursor,
      unread: typeof user?.[UNREAD] === 'number' ? Math.max(0, user[UNREAD]) : 0,
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

/** Keys without repeats: a BatchGet refuses a key twice. */
function uniqueKeys<K extends Record<string, unknown>>(list: readonly K[]): K[] {
  const seen = new Map(list.map((k) => [`${String(k[ATTR.pk])}\u0000${String(k[ATTR.sk])}`, k]));
  return [...seen.values()];
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

  async subjects(lines: readonly PendingMail[]): Promise<MailSubjects> {
    const postKeys = lines.map((line) => keys.post(line.postId));
    const commentKeys = lines.flatMap((line) =>
      line.commentId ? [keys.comment(line.postId, line.commentId)] : [],
    );
    const found =
      lines.length > 0 ? await batchGetAll(this.db, uniqueKeys([...postKeys, ...commentKeys])) : [];
    const posts = new Map<string, Post>();
    const shownComments = new Set<string>();
    for (const raw of found) {
      if (raw.type === 'comment') {
        if (!isGone(raw)) shownComments.add(raw.id as string);
      } else if (raw.type === 'post') posts.set(raw.id as string, toPost(raw));
    }
    return { posts, shownComments };
  }

  async postpone(userId: string, queue: MailQueue, dueAt: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.mailDue(queue, userId),
        ...updateInput({ set: { dueAt, userId, type: 'mailDue' } }),
      }),
    );
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
