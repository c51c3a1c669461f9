/**
 * Votes in DynamoDB. A vote item, the post's count and trend score, the board's list entry (the one list
 * that holds exact counts) and the day's counter change in one transaction, conditioned so that a
 * repeated vote or unvote changes nothing: the count always equals the number of vote items. The post's
 * other list entries hold rank buckets, rewritten after the transaction when a bucket changed
 * (entry-ranks.ts). The transaction writes 15 units for a post of up to 1 KB; moving every entry in it
 * cost 7 units per entry. A vote that earns its author reputation (reputation-items.ts) adds six small
 * items, 12 units more: the author's counters, a history line, the day's cap, the giver's mark for the
 * day and the two leaderboard rows. A voter with a company also reads and writes the company's backing of the post
 * (demand-items.ts), and only their company's first or last vote changes the post's demand.
 * Limit to keep in mind: one item takes about 1,000 write units a second and a transactional write
 * costs two, so a single post absorbs some 500 votes a second.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ServiceUnavailableError, WithheldError } from '../../domain/errors.ts';
import { CLOSED_STATUSES, type Post, type Vote } from '../../domain/types.ts';
import { voteWeight } from '../../domain/trend.ts';
import { ITEM_ABSENT, ITEM_EXISTS, updateInput, type Condition } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { INDEX } from '../../table/names.ts';
import type { Page, VoteChange, VoteStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll, queryPage } from './query-page.ts';
import { refreshEntryRanks } from './entry-ranks.ts';
import { exactEntryUpdates, voteFigures, type DemandDelta } from './list-entries.ts';
import { demandOnAdd, demandOnRemove, hasCompany, readDemand, type DemandWrite } from './demand-items.ts';
import { toPost } from './post-store.ts';
import { conditionFailedAt, transact, type RetryOptions } from './transact.ts';
import { toVote, voteDayUpdate, voteItem } from './vote-items.ts';
import { activityPut } from './activity-log.ts';
import {
  readReputation,
  reputationWrites,
  utcDay,
  voteDayRelease,
  voteDayWrites,
  votePoints,
  helpedByVotes,
  type Credit,
} from './reputation-items.ts';

/** A status or tag change can race a vote; the vote then re-reads the post and tries again. */
const STALE_RETRIES = 5;

export class DynamoVoteStore implements VoteStore {
  constructor(
    private readonly db: Db,
    private readonly retry: RetryOptions = {},
  ) {}

  async add(vote: Vote, opts: { post?: Post } = {}): Promise<VoteChange> {
    for (let attempt = 0; ; attempt++) {
      const [post, demand] = await Promise.all([
        attempt === 0 && opts.post ? votable(opts.post) : this.requirePost(vote.postId).then(votable),
        this.demandOnAdd(vote.postId, vote),
      ]);
      const rep = await this.reputationOnAdd(post, vote);
      const outcome = await transact(
        this.db,
        [
          {
            Put: {
              TableName: this.db.tableName,
              // The points it gave, so that an unvote takes back exactly those.
              Item: { ...voteItem(vote), ...(rep.points > 0 ? { repPoints: rep.points } : {}) },
              ConditionExpression: ITEM_ABSENT,
            },
          },
          this.postUpdate(post, 1, weightOn(post, vote), undefined, demand?.delta, rep.points),
          voteDayUpdate(this.db.tableName, vote, 1),
          activityPut(this.db.tableName, {
            kind: 'vote',
            at: vote.votedAt,
            postId: vote.postId,
            userId: vote.userId,
            ...(vote.companyId ? { companyId: vote.companyId } : {}),
          }),
          ...exactEntryUpdates(this.db.tableName, post, 1, weightOn(post, vote), demand?.delta),
          ...(demand?.items ?? []),
          // Last: a racing reputation change cancels the lot, and the loop reads again.
          ...rep.items,
        ],
        this.retry,
      );
      if (outcome.ok) {
        await this.refreshRanks(post);
        return { changed: true, post };
      }
      if (conditionFailedAt(outcome, 0) && !conditionFailedAt(outcome, 1)) return { changed: false, post };
      if (attempt >= STALE_RETRIES) throw new ServiceUnavailableError(1);
    }
  }

  async remove(
    postId: string,
    userId: string,
    opts: { evenIfClosed?: boolean; post?: Post; at?: string } = {},
  ): Promise<VoteChange> {
    const at = opts.at ?? new Date().toISOString();
    for (let attempt = 0; ; attempt++) {
      const known = attempt === 0 ? opts.post : undefined;
      const read = known ?? (await this.requirePost(postId));
      const post = opts.evenIfClosed ? read : mustBeOpen(read);
      const item = await this.getItem(postId, userId);
      if (!item) return { changed: false, post };
      const vote = toVote(item);
      const weight = weightOn(post, vote);
      const demand = await this.demandOnRemove(postId, vote);
      const given = Number(item.repPoints ?? 0);
      // A withheld post's points already went with it (visibilityCredit): only its tally gives them back.
      const rep = post.moderation ? [] : await this.reputationOnRemove(post, vote, given, at);
      const outcome = await transact(
        this.db,
        [
          {
            Delete: {
              TableName: this.db.tableName,
              Key: keys.vote(postId, userId),
              // The vote read above, not a newer one: its weight is what comes off the score.
              ConditionExpression: 'votedAt = :votedAt',
              ExpressionAttributeValues: { ':votedAt': vote.votedAt },
            },
          },
          this.postUpdate(post, -1, -weight, undefined, demand?.delta, -given),
          voteDayUpdate(this.db.tableName, vote, -1),
          activityPut(this.db.tableName, {
            kind: 'unvote',
            at,
            postId,
            userId,
            ...(vote.companyId ? { companyId: vote.companyId } : {}),
          }),
          ...exactEntryUpdates(this.db.tableName, post, -1, -weight, demand?.delta),
          ...(demand?.items ?? []),
          ...rep,
        ],
        this.retry,
      );
      if (outcome.ok) {
        await this.refreshRanks(post);
        return { changed: true, post, vote };
      }
      if (attempt >= STALE_RETRIES) throw new ServiceUnavailableError(1);
    }
  }

  async move(vote: Vote, toPostId: string): Promise<'moved' | 'dropped'> {
    for (let attempt = 0; ; attempt++) {
      const moved = { ...vote, postId: toPostId };
      const [from, to, leaving, arriving] = await Promise.all([
        this.requirePost(vote.postId),
        this.requirePost(toPostId),
        this.demandOnRemove(vote.postId, vote),
        this.demandOnAdd(toPostId, moved),
      ]);
      // Each post's score is kept in its own shift (domain/trend.ts). The merged source leaves every
      // list, so a rescale racing this move can leave its score slightly off but never misorder a list.
      const [fromWeight, toWeight] = [weightOn(from, vote), weightOn(to, vote)];
      const t = this.db.tableName;
      const takeFromSource = [
        {
          Delete: {
            TableName: t,
            Key: keys.vote(vote.postId, vote.userId),
            ConditionExpression: ITEM_EXISTS,
          },
        },
        this.postUpdate(from, -1, -fromWeight, ITEM_EXISTS, leaving?.delta),
        voteDayUpdate(t, vote, -1),
        ...exactEntryUpdates(t, from, -1, -fromWeight, leaving?.delta),
        ...(leaving?.items ?? []),
      ];
      const outcome = await transact(
        this.db,
        [
          ...takeFromSource,
          {
            Put: {
              TableName: t,
              Item: voteItem(moved),
              ConditionExpression: ITEM_ABSENT,
            },
          },
          this.postUpdate(to, 1, toWeight, undefined, arriving?.delta),
          voteDayUpdate(t, { postId: toPostId, votedAt: vote.votedAt }, 1),
          ...exactEntryUpdates(t, to, 1, toWeight, arriving?.delta),
          ...(arriving?.items ?? []),
        ],
        this.retry,
      );
      if (outcome.ok) {
        await Promise.all([this.refreshRanks(from), this.refreshRanks(to)]);
        return 'moved';
      }
      if (conditionFailedAt(outcome, 0)) return 'dropped'; // already moved by an earlier, interrupted merge
      const targetVoteAt = takeFromSource.length;
      if (conditionFailedAt(outcome, targetVoteAt)) {
        // The voter already backs the target: their vote there stays, the source's simply goes.
        const dropped = await transact(this.db, takeFromSource, this.retry);
        if (dropped.ok) await this.refreshRanks(from);
        if (dropped.ok || conditionFailedAt(dropped, 0)) return 'dropped';
      }
      if (attempt >= STALE_RETRIES) throw new ServiceUnavailableError(1);
    }
  }

  async get(postId: string, userId: string): Promise<Vote | null> {
    const item = await this.getItem(postId, userId);
    return item ? toVote(item) : null;
  }

  private async getItem(postId: string, userId: string): Promise<Record<string, unknown> | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.vote(postId, userId), ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  /**
   * What a vote gives its post's author: +10 from someone else, under the daily cap and once a day per
   * giver; nothing for the author's own vote or for one staff recorded on a customer's behalf.
   */
  private async reputationOnAdd(
    post: Post,
    vote: Vote,
  ): Promise<{ points: number; items: Record<string, unknown>[] }> {
    if (vote.userId === post.authorId || vote.onBehalf) return { points: 0, items: [] };
    const read = await readReputation(this.db, post.authorId, {
      day: utcDay(vote.votedAt),
      giverId: vote.userId,
    });
    const points = votePoints(read);
    if (!read || points === 0) return { points: 0, items: [] };
    const credit: Credit = {
      userId: post.authorId,
      points,
      reason: 'postUpvote',
      postId: post.id,
      title: post.title,
      fromUserId: vote.userId,
      at: vote.votedAt,
      helped: helpedByVotes(read, points),
    };
    return {
      points,
      items: [
        ...reputationWrites(this.db.tableName, [credit], new Map([[post.authorId, read.user]])),
        ...voteDayWrites(this.db.tableName, post.authorId, vote.userId, vote.votedAt, points),
      ],
    };
  }

  /** An unvote takes back exactly what the vote gave, and frees its room under that day's cap. */
  private async reputationOnRemove(post: Post, vote: Vote, given: number, at: string) {
    if (given <= 0) return [];
    const read = await readReputation(this.db, post.authorId);
    if (!read) return [];
    const credit: Credit = {
      userId: post.authorId,
      points: -given,
      reason: 'undone',
      postId: post.id,
      title: post.title,
      fromUserId: vote.userId,
      at,
    };
    return [
      ...reputationWrites(this.db.tableName, [credit], new Map([[post.authorId, read.user]])),
      // Only on the day itself: the day's item expires, and a cap already past needs no room freed.
      ...(utcDay(at) === utcDay(vote.votedAt)
        ? voteDayRelease(this.db.tableName, post.authorId, utcDay(vote.votedAt), given)
        : []),
    ];
  }

  async votedPostIds(userId: string, postIds: readonly string[]): Promise<Set<string>> {
    // List pages are capped at 100 posts: one BatchGetItem per page.
    const items = await batchGetAll(
      this.db,
      postIds.map((id) => keys.vote(id, userId)),
    );
    return new Set(items.map((item) => item.postId as string));
  }

  async listByPost(postId: string, limit: number, cursor?: string): Promise<Page<Vote>> {
    const partition = keys.votesPartition(postId);
    // A merge lists the votes right after closing the post: a vote that got in just before must show.
    return queryPage(this.db, { partition }, { limit, cursor, newestFirst: false, consistent: true }, toVote);
  }

  async listByUser(userId: string, limit: number, cursor?: string): Promise<Page<Vote>> {
    const partition = keys.votesByUserPartition(userId);
    return queryPage(this.db, { index: INDEX.gsi1, partition }, { limit, cursor }, toVote);
  }

  /** The vote's effect on its company's backing of the post; undefined for a voter with no company. */
  private async demandOnAdd(postId: string, vote: Vote): Promise<DemandWrite | undefined> {
    if (!hasCompany(vote)) return undefined;
    return demandOnAdd(this.db.tableName, postId, vote, await readDemand(this.db, postId, vote.companyId));
  }

  private async demandOnRemove(postId: string, vote: Vote): Promise<DemandWrite | undefined> {
    if (!hasCompany(vote)) return undefined;
    return demandOnRemove(this.db.tableName, postId, vote, await readDemand(this.db, postId, vote.companyId));
  }

  /** After a counted vote: the post's bucketed entries, when a bucket changed. Never throws. */
  private refreshRanks(post: Post): Promise<void> {
    return refreshEntryRanks(this.db, { postId: post.id, from: post });
  }

  private async requirePost(id: string): Promise<Post> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.post(id), ConsistentRead: true }),
    );
    if (!out.Item) throw new NotFoundError('Post');
    return toPost(out.Item);
  }

  /**
   * The post's count, score and vote sequence. Conditioned on the list revision read with the post, so
   * that the entry updates in the same transaction are exactly the post's current entries; a status
   * change that closes voting also bumps the revision, which is how a racing vote is stopped.
   */
  private postUpdate(
    post: Post,
    delta: number,
    weight: number,
    condition?: Condition | string,
    demand?: DemandDelta,
    repPoints = 0,
  ) {
    return {
      Update: {
        TableName: this.db.tableName,
        Key: keys.post(post.id),
        ...updateInput(
          // repPoints: what the post has earned its author, taken back if the post goes.
          {
            add: {
              ...voteFigures(delta, weight, demand),
              voteSeq: 1,
              ...(repPoints !== 0 ? { repPoints } : {}),
            },
          },
          condition ?? {
            expression: '#rev = :wasRev',
            names: { '#rev': 'rev' },
            values: { ':wasRev': post.rev },
          },
        ),
      },
    };
  }
}

/** A vote's weight in the shift the post's score is kept in; the rescale bumps rev, so it never races. */
const weightOn = (post: Pick<Post, 'trendShift'>, vote: Pick<Vote, 'votedAt'>) =>
  voteWeight(vote.votedAt, post.trendShift ?? 0);

/** Open, and not withheld (a retry re-reads: the moderators may have withheld it meanwhile). */
function votable(post: Post): Post {
  if (post.moderation) throw new WithheldError();
  return mustBeOpen(post);
}

function mustBeOpen(post: Post): Post {
  if (CLOSED_STATUSES.has(post.status)) {
    throw new ConflictError(`Voting is closed: this post is ${post.status.replace('_', ' ')}.`);
  }
  return post;
}
