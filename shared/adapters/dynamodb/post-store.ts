/**
 * Posts in DynamoDB. A post is one item plus one entry item per list it is in (list-entries.ts); a list
 * page is one Query on a list index and one BatchGet of the posts, whatever the size of the board.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { listRanking, memberships } from '../../domain/lists.ts';
import type { DomainEvent } from '../../domain/events.ts';
import { NotFoundError, RepeatedContentError, ServiceUnavailableError } from '../../domain/errors.ts';
import type { Post, StatusChange, StoryAuditEntry, Vote } from '../../domain/types.ts';
import { keySchema, startKeyAttributes } from '../../table/definition.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { ATTR, INDEX, type IndexName } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type {
  ContentFingerprint,
  CreateOutcome,
  IdempotencyRecord,
  ListQuery,
  ModerationWrite,
  Page,
  PostSort,
  PostStore,
} from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll, queryPage } from './query-page.ts';
import { decodeCursor, encodeCursor, invalidCursor, isBadStartKey } from './cursor.ts';
import { entryItem, entryItems } from './list-entries.ts';
import { queryAll } from './query-all.ts';
import { conditionFailedAt, transact } from './transact.ts';
import { idempotencyPut } from './idempotency-store.ts';
import { outboxPut } from './outbox-store.ts';
import { activityPut } from './activity-log.ts';
import { DynamoSearchIndex, postingItems } from './search-index.ts';
import { subscriptionItem } from './subscription-store.ts';
import { moderationWriteItems } from './review-queue-store.ts';
import { contentHashPut } from './content-hash.ts';

/** DynamoDB's limit on the items of one TransactWriteItems. */
const MAX_TRANSACTION_ITEMS = 100;
import { voteItem, voteDayUpdate } from './vote-items.ts';
import { backingItem, hasCompany } from './demand-items.ts';
import {
  acceptanceWrites,
  acceptedAsRead,
  outcomeWrites,
  readUsers,
  reputationWrites,
  visibilityCredit,
} from './reputation-items.ts';
import { ANSWERED_REVISION, answeredMoves, asRead } from './answered-entries.ts';

const LIST_INDEXES: Record<PostSort, IndexName> = {
  new: INDEX.gsi1,
  top: INDEX.byVotes,
  trending: INDEX.byTrend,
  mrr: INDEX.byMrr,
  companies: INDEX.byCompanies,
};

export class DynamoPostStore implements PostStore {
  private readonly search: DynamoSearchIndex;

  constructor(private readonly db: Db) {
    this.search = new DynamoSearchIndex(db);
  }

  async create(
    post: Post,
    authorVote: Vote,
    opts: {
      idempotency?: IdempotencyRecord;
      audit?: StoryAuditEntry;
      /** A new member's post held for review (moderation, issue 17): its review item and audit line. */
      held?: ModerationWrite;
      repeat?: ContentFingerprint;
    } = {},
  ): Promise<CreateOutcome> {
    const t = this.db.tableName;
    if (hasCompany(authorVote) && post.demandCompanies !== 1) {
      throw new Error("A post whose author has a company starts with that company's demand counted.");
    }
    const fixed = [
      { Put: { TableName: t, Item: postItem(post), ConditionExpression: ITEM_ABSENT } },
      ...(opts.idempotency ? [idempotencyPut(t, opts.idempotency)] : []),
      ...(opts.audit ? [auditPut(t, opts.audit)] : []),
      ...entryItems(post).map((Item) => ({ Put: { TableName: t, Item } })),
      { Put: { TableName: t, Item: voteItem(authorVote) } },
      voteDayUpdate(t, authorVote, 1),
      activityPut(t, {
        kind: 'post',
        at: post.createdAt,
        postId: post.id,
        userId: post.authorId,
        ...(authorVote.companyId ? { companyId: authorVote.companyId } : {}),
      }),
      // The author's company backs its own post from the start; the post already holds the figures.
      ...(hasCompany(authorVote)
        ? [
            {
              Put: {
                TableName: t,
                Item: backingItem({
                  companyId: authorVote.companyId,
                  postId: post.id,
                  voters: 1,
                  mrr: post.demandMrr ?? 0,
                  lastVotedAt: authorVote.votedAt,
                }),
              },
            },
          ]
        : []),
      ...(opts.held ? moderationWriteItems(t, opts.held) : []),
      // A new post has no subscription yet, so a plain put: ensure()'s condition would cancel the lot.
      {
        Put: {
          TableName: t,
          Item: subscriptionItem({
            postId: post.id,
            userId: post.authorId,
            following: true,
            reason: 'author',
            since: post.createdAt,
          }),
        },
      },
    ];
    // The search postings go in the same transaction, so an acknowledged post is always findable and a
    // failed one leaves nothing behind. A long body has more distinct terms than the 100 items a
    // transaction takes: the rest (the body's rarer terms) are written first, where, until the post
    // exists, they match nothing (search only returns posts it can read).
    // Last of the fixed items: the indexes the outcome is read at below stay put.
    const repeatAt = opts.repeat ? fixed.push(contentHashPut(t, opts.repeat)) - 1 : -1;
    const postings = postingItems(post);
    const room = MAX_TRANSACTION_ITEMS - fixed.length;
    if (postings.length > room) await this.search.putPostings(postings.slice(room));
    const outcome = await transact(this.db, [
      ...fixed,
      ...postings.slice(0, room).map((Item) => ({ Put: { TableName: t, Item } })),
    ]);
    if (outcome.ok) return 'created';
    if (opts.idempotency && conditionFailedAt(outcome, 1)) return 'keyTaken';
    // Post ids are new ULIDs: if one exists, it is this very transaction, applied by an attempt whose
    // answer was lost (the SDK retried it).
    if (conditionFailedAt(outcome, 0)) return 'created';
    if (repeatAt >= 0 && conditionFailedAt(outcome, repeatAt)) throw new RepeatedContentError();
    throw new Error(`Post creation cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  async get(id: string): Promise<Post | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.post(id), ConsistentRead: true }),
    );
    return out.Item ? toPost(out.Item) : null;
  }

  async getMany(ids: readonly string[]): Promise<Post[]> {
    const items = await batchGetAll(
      this.db,
      [...new Set(ids)].map((id) => keys.post(id)),
    );
    const found = new Map(items.map((item) => [item.id as string, toPost(item)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async list({
    listId,
    sort,
    limit,
    cursor,
    residual = {},
    demandAtLeast = {},
  }: ListQuery): Promise<Page<Post>> {
    const index = LIST_INDEXES[sort];
    const partition = keys.listPartition(listId);
    const attributes = startKeyAttributes(index);
    const keyed =
      sort === 'mrr' ? demandAtLeast.mrr : sort === 'companies' ? demandAtLeast.companies : undefined;
    const query = partitionQuery({ index, partition, ...(keyed !== undefined ? { atLeast: keyed } : {}) });
    const filters: string[] = [];
    const values: Record<string, unknown> = { ...query.ExpressionAttributeValues };
    const names: Record<string, string> = {};
    const figures = [
      [ATTR.demandMrr, sort === 'mrr' ? undefined : demandAtLeast.mrr],
      [ATTR.demandCompanies, sort === 'companies' ? undefined : demandAtLeast.companies],
    ] as const;
    for (const [attribute, min] of figures) {
      if (min === undefined) continue;
      filters.push(`#${attribute} >= :${attribute}`);
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = min;
    }
    if (residual.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = residual.status;
    }
    if (residual.kind) {
      filters.push('kind = :kind');
      values[':kind'] = residual.kind;
    }
    if (residual.tag) {
      filters.push('contains(tags, :tag)');
      values[':tag'] = residual.tag;
    }
    // The same partition read in another order, or with other residual filters, is another list.
    const scope = [
      partition,
      sort,
      residual.status ?? '',
      residual.kind ?? '',
      residual.tag ?? '',
      demandAtLeast.mrr ?? '',
      demandAtLeast.companies ?? '',
    ].join('|');
    const startKey = cursor
      ? decodeListCursor(
          cursor,
          sort,
          attributes,
          { attribute: keySchema(index).partition, value: partition },
          scope,
        )
      : undefined;
    const out = await this.db.doc
      .send(
        new QueryCommand({
          TableName: this.db.tableName,
          ...query,
          ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
          ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          ProjectionExpression: 'postId',
          ScanIndexForward: false,
          // With a residual filter DynamoDB reads `Limit` entries and returns the matches: the page may
          // be short, but its cost stays one Query.
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      )
      .catch((error: unknown) => {
        throw startKey && isBadStartKey(error) ? invalidCursor() : error;
      });
    const ids = (out.Items ?? []).map((item) => item.postId as string);
    const next = encodeCursor(out.LastEvaluatedKey, attributes, scope);
    const posts = ids.length > 0 ? await this.getMany(ids) : [];
    return {
      items: sort !== 'new' && listRanking(listId) === 'bucketed' ? exactOrder(posts, sort) : posts,
      nextCursor: next ? `${sort}.${next}` : null,
    };
  }

  async listByAuthor(authorId: string, limit: number, cursor?: string): Promise<Page<Post>> {
    const partition = keys.postsByAuthorPartition(authorId);
    return queryPage(this.db, { index: INDEX.gsi1, partition }, { limit, cursor }, toPost);
  }

  async updateContent(id: string, fields: { title: string; body: string; updatedAt: string }): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.post(id),
        ...updateInput(
          { set: { title: fields.title, body: fields.body, updatedAt: fields.updatedAt } },
          ITEM_EXISTS,
        ),
      }),
    );
  }

  async setAuthorName(id: string, name: string): Promise<void> {
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.post(id),
        ...updateInput({ set: { authorName: name } }, ITEM_EXISTS),
      }),
    );
  }

  async changeLists(
    before: Post,
    after: Post,
    extra: {
      statusChange?: StatusChange;
      mergedFrom?: string;
      event?: DomainEvent;
      audit?: StoryAuditEntry;
      /** Items that go in the same transaction: a moderation audit line, a review item, an inbox notice. */
      items?: NonNullable<Parameters<typeof transact>[1]>;
      /** Only while the flags' weight is as `before` has it: a flag added meanwhile (no rev) is not lost. */
      flagWeightAsRead?: boolean;
    } = {},
  ): Promise<boolean> {
    const t = this.db.tableName;
    const old = new Set(memberships(before).map((m) => m.listId));
    const next = memberships(after);
    const nextIds = new Set(next.map((m) => m.listId));
    const set: Record<string, unknown> = {
      status: after.status,
      tags: after.tags,
      rev: before.rev + 1,
      updatedAt: after.updatedAt,
    };
    const remove: string[] = [];
    // A story's consent, quote and featuring move it between lists as a status does.
    if (after.story) set.story = after.story;
    for (const field of [
      'statusNote',
      'statusChangedAt',
      'shippedAt',
      'mergedInto',
      'moderation',
      'flagWeight',
    ] as const) {
      if (after[field] === undefined) remove.push(field);
      else set[field] = after[field];
    }
    // An idea shipping or a story featured earns its author reputation, in this same transaction.
    const rep = await outcomeWrites(
      this.db,
      before,
      after,
      {
        at: extra.statusChange?.at ?? extra.audit?.at ?? after.updatedAt,
        ...((extra.statusChange?.byId ?? extra.audit?.actorId)
          ? { userId: extra.statusChange?.byId ?? extra.audit?.actorId }
          : {}),
      },
      () => this.getItem(before.id),
    );
    Object.assign(set, rep.set);
    remove.push(...rep.remove);
    // Withheld by moderators (or released): what the post earned its author goes (or comes back) with it.
    const visibility = await this.visibilityWrites(before, after);
    const outcome = await transact(this.db, [
      {
        Update: {
          TableName: t,
          Key: keys.post(before.id),
          ...updateInput(
            { set, remove, add: rep.add },
            // The entries copy the post's counts: that holds only if no vote landed since `before` was read.
            {
              expression: `#rev = :wasRev AND voteSeq = :seq${
                extra.flagWeightAsRead
                  ? before.flagWeight === undefined
                    ? ' AND attribute_not_exists(#flagWeight)'
                    : ' AND #flagWeight = :weightAsRead'
                  : ''
              }`,
              names: { '#rev': 'rev', ...(extra.flagWeightAsRead ? { '#flagWeight': 'flagWeight' } : {}) },
              values: {
                ':wasRev': before.rev,
                ':seq': before.voteSeq,
                ...(extra.flagWeightAsRead && before.flagWeight !== undefined
                  ? { ':weightAsRead': before.flagWeight }
                  : {}),
              },
            },
          ),
        },
      },
      ...[...old]
        .filter((listId) => !nextIds.has(listId))
        .map((listId) => ({ Delete: { TableName: t, Key: keys.listEntry(before.id, listId) } })),
      // Entries that stay are rewritten too: they carry status and tags for residual filters.
      ...next.map((m) => ({ Put: { TableName: t, Item: entryItem(after, m) } })),
      ...(extra.statusChange
        ? [
            {
              Put: {
                TableName: t,
                Item: {
                  ...keys.statusChange(before.id, extra.statusChange.id),
                  type: 'statusChange',
                  ...extra.statusChange,
                },
              },
            },
          ]
        : []),
      ...(extra.mergedFrom
        ? [
            {
              Put: {
                TableName: t,
                Item: {
                  ...keys.mergedIn(after.mergedInto ?? '', extra.mergedFrom),
                  type: 'mergedIn',
                  fromId: extra.mergedFrom,
                },
              },
            },
          ]
        : []),
      ...(extra.event ? [outboxPut(t, extra.event)] : []),
      ...(extra.statusChange
        ? [
            activityPut(t, {
              kind: 'status',
              at: extra.statusChange.at,
              postId: before.id,
              userId: extra.statusChange.byId,
              from: extra.statusChange.from,
              to: extra.statusChange.to,
              byName: extra.statusChange.byName,
              ...(extra.statusChange.note ? { note: extra.statusChange.note } : {}),
            }),
          ]
        : []),
      // The audit line goes with the change it records: neither is ever written without the other.
      ...(extra.audit ? [auditPut(t, extra.audit)] : []),
      ...rep.items,
      ...visibility,
      ...(extra.items ?? []),
    ]);
    return outcome.ok;
  }

  /**
   * The reputation a post's points move with when moderators withhold or release it. The points are those
   * stored on the post; the transaction's rev and vote-sequence condition holds them as read.
   */
  private async visibilityWrites(before: Post, after: Post): Promise<Record<string, unknown>[]> {
    const was = before.moderation === undefined;
    const is = after.moderation === undefined;
    if (was === is) return [];
    const stored = await this.getItem(before.id);
    const credit =
      stored && visibilityCredit(stored, { postId: before.id, title: before.title, at: after.updatedAt }, is);
    return credit
      ? reputationWrites(this.db.tableName, [credit], await readUsers(this.db, [credit.userId]))
      : [];
  }

  async delete(post: Post, authorVoted: boolean): Promise<boolean> {
    const t = this.db.tableName;
    const [backings, stored] = await Promise.all([
      this.postPartition(post.id, keys.demandPrefix),
      this.getItem(post.id),
    ]);
    // What the post earned its author (a ship, say) goes with it.
    const credit =
      stored &&
      visibilityCredit(stored, { postId: post.id, title: post.title, at: new Date().toISOString() }, false);
    const rep = credit ? reputationWrites(t, [credit], await readUsers(this.db, [credit.userId])) : [];
    const outcome = await transact(this.db, [
      {
        Delete: {
          TableName: t,
          Key: keys.post(post.id),
          ConditionExpression: '#rev = :rev AND voteSeq = :seq AND commentCount = :cc',
          ExpressionAttributeNames: { '#rev': 'rev' },
          ExpressionAttributeValues: { ':rev': post.rev, ':seq': post.voteSeq, ':cc': post.commentCount },
        },
      },
      ...memberships(post).map((m) => ({ Delete: { TableName: t, Key: keys.listEntry(post.id, m.listId) } })),
      ...(authorVoted ? [{ Delete: { TableName: t, Key: keys.vote(post.id, post.authorId) } }] : []),
      // The author's company backing, if any: the vote sequence above proves no other vote is left.
      ...backings.map((item) => ({
        Delete: { TableName: t, Key: keys.demand(post.id, item.companyId as string) },
      })),
      ...rep,
    ]);
    return outcome.ok;
  }

  async setAcceptedAnswer(
    postId: string,
    commentId: string | null,
    accepted?: { at: string; authorId: string },
    by?: { userId: string; at: string },
    event?: DomainEvent,
  ): Promise<boolean> {
    const t = this.db.tableName;
    for (let attempt = 0; ; attempt++) {
      const question = await this.getItem(postId);
      if (!question) throw new NotFoundError('Post');
      // Only an answer not already accepted is news: a double-click's second request, which read the
      // question before the first was written, finds it accepted here and announces nothing.
      const news = commentId !== null && question.acceptedCommentId !== commentId;
      // Reputation moves with the acceptance (reputation-items.ts), conditioned on the acceptance as read.
      const rep = await acceptanceWrites(this.db, question, commentId, by);
      // The question moves between its board's answered and unanswered lists (answered-entries.ts).
      const asPost = toPost(question);
      const update = {
        Update: {
          TableName: t,
          Key: keys.post(postId),
          ...updateInput(
            commentId
              ? {
                  set: { acceptedCommentId: commentId, ...rep.set },
                  remove: rep.remove,
                  add: ANSWERED_REVISION,
                }
              : { remove: ['acceptedCommentId', ...rep.remove], add: ANSWERED_REVISION },
            asRead(acceptedAsRead(question.acceptedCommentId), asPost),
          ),
        },
      };
      const outcome = await transact(this.db, [
        update,
        // The digest's champions are those whose answers were accepted: counted with the acceptance.
        ...(news && accepted
          ? [
              activityPut(t, {
                kind: 'accepted',
                at: accepted.at,
                postId,
                userId: accepted.authorId,
                commentId,
              }),
            ]
          : []),
        ...rep.items,
        ...answeredMoves(t, asPost, commentId),
        // The notifications' event (AnswerAccepted), written with the acceptance it announces.
        ...(news && event ? [outboxPut(t, event)] : []),
      ]);
      if (outcome.ok) return news && event !== undefined;
      if (attempt >= 5) throw new ServiceUnavailableError(1);
    }
  }

  private async getItem(id: string): Promise<Record<string, unknown> | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.post(id), ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  async statusHistory(postId: string): Promise<StatusChange[]> {
    const items = await this.postPartition(postId, keys.statusChangePrefix);
    return items.map((item) => ({
      id: item.id as string,
      postId: item.postId as string,
      from: item.from as StatusChange['from'],
      to: item.to as StatusChange['to'],
      ...(typeof item.note === 'string' ? { note: item.note } : {}),
      byId: item.byId as string,
      byName: item.byName as string,
      at: item.at as string,
    }));
  }

  async voteDays(postId: string): Promise<{ day: string; votes: number }[]> {
    const items = await this.postPartition(postId, keys.voteDayPrefix);
    return items.map((item) => ({ day: item.day as string, votes: item.votes as number }));
  }

  async storyEventsOn(day: string): Promise<StoryAuditEntry[]> {
    const items = await queryAll(
      this.db,
      partitionQuery({ index: INDEX.gsi1, partition: keys.storyDayPartition(day) }),
    );
    return items.map(toAuditEntry);
  }

  async storyAudit(postId: string): Promise<StoryAuditEntry[]> {
    const items = await this.postPartition(postId, keys.storyAuditPrefix);
    return items.map(toAuditEntry);
  }

  async mergedIn(postId: string): Promise<string[]> {
    const items = await this.postPartition(postId, keys.mergedInPrefix);
    return items.map((item) => item.fromId as string);
  }

  private postPartition(postId: string, prefix: string) {
    return queryAll(this.db, partitionQuery({ partition: keys.postPartition(postId), sortPrefix: prefix }));
  }
}

/**
 * A bucketed list's page in the exact order of its posts' own figures (domain/lists.ts). The sort is
 * stable: equal figures keep the index's order, as the board's exact list has them.
 */
function exactOrder(posts: Post[], sort: Exclude<PostSort, 'new'>): Post[] {
  const figure = (p: Post) =>
    sort === 'top'
      ? p.voteCount
      : sort === 'trending'
        ? p.trendScore
        : sort === 'mrr'
          ? (p.demandMrr ?? 0)
          : (p.demandCompanies ?? 0);
  return posts.toSorted((a, b) => figure(b) - figure(a));
}

/** The three orders of a list share its partition value, so a cursor names the order it belongs to. */
function decodeListCursor(
  cursor: string,
  sort: PostSort,
  attributes: string[],
  partition: { attribute: string; value: string },
  scope: string,
) {
  const [prefix, token] = cursor.split('.', 2);
  if (prefix !== sort || !token) throw invalidCursor();
  return decodeCursor(token, attributes, partition, scope);
}

const DIGEST_ACTIONS: ReadonlySet<StoryAuditEntry['action']> = new Set(['quote_approved', 'featured']);

function auditPut(tableName: string, entry: StoryAuditEntry) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.storyAudit(entry.postId, entry.at, entry.id),
        // What the weekly digest tells marketing: a story newly cleared for use, or newly featured.
        ...(DIGEST_ACTIONS.has(entry.action) ? keys.storyDay(entry.at, entry.postId) : {}),
        type: 'storyAudit',
        ...entry,
      },
      // Append-only: a line is never overwritten, even by a retry of the change that wrote it.
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

function toAuditEntry(item: Record<string, unknown>): StoryAuditEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, type: _type, ...entry } = item;
  return entry as StoryAuditEntry;
}

export function postItem(post: Post): Record<string, unknown> {
  return {
    ...keys.post(post.id),
    ...keys.postByAuthor(post.authorId, post.id),
    type: 'post',
    ...post,
  };
}

export function toPost(item: Record<string, unknown>): Post {
  const optional = <K extends keyof Post>(key: K) =>
    item[key] !== undefined ? ({ [key]: item[key] } as Pick<Post, K>) : {};
  return {
    id: item.id as string,
    boardSlug: item.boardSlug as string,
    kind: item.kind as Post['kind'],
    title: item.title as string,
    body: item.body as string,
    status: item.status as Post['status'],
    authorId: item.authorId as string,
    authorName: item.authorName as string,
    voteCount: item.voteCount as number,
    trendScore: Number(item.trendScore ?? 0),
    commentCount: item.commentCount as number,
    tags: (item.tags as string[] | undefined) ?? [],
    ...optional('statusNote'),
    ...optional('statusChangedAt'),
    ...optional('shippedAt'),
    ...optional('acceptedCommentId'),
    ...optional('story'),
    ...optional('mergedInto'),
    ...optional('moderation'),
    ...optional('flagWeight'),
    ...optional('trendShift'),
    ...optional(ATTR.demandCompanies),
    ...optional(ATTR.demandMrr),
    rev: (item.rev as number | undefined) ?? 0,
    voteSeq: (item.voteSeq as number | undefined) ?? 0,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
