/**
 * Reading reputation from DynamoDB, and staff's champion marks. The figures themselves are written by
 * the transactions that earn them (reputation-items.ts); this store only reads what they left: counters
 * on the user items, a history partition per person, and the leaderboards' rows in the byVotes index.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ChampionMark, ReputationCounters, ReputationEvent } from '../../domain/reputation.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type { HistoryPost, Page, RankedPerson, ReputationStore } from '../../ports/index.ts';
import type { ConsentLevel } from '../../domain/consent.ts';
import type { Db } from './client.ts';
import { batchGetAll, queryPage } from './query-page.ts';
import { queryAll } from './query-all.ts';

export class DynamoReputationStore implements ReputationStore {
  constructor(private readonly db: Db) {}

  async countersOf(userIds: readonly string[]): Promise<Map<string, ReputationCounters>> {
    const unique = [...new Set(userIds)];
    const items = unique.length > 0 ? await batchGetAll(this.db, unique.map(keys.user)) : [];
    return new Map(items.map((item) => [item.id as string, toCounters(item)]));
  }

  async history(
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<ReputationEvent & { hidden: boolean; post: HistoryPost | null }>> {
    const partition = keys.reputationHistoryPartition(userId);
    const page = await queryPage(this.db, { partition }, { limit, ...(cursor ? { cursor } : {}) }, toEvent);
    // The page's comments (hidden or not) and posts (their board, and a story's consent, decide whether
    // a reader may see what a line is about): one BatchGet whatever the history's length.
    const commentKeys = new Map(
      page.items.flatMap((e) => (e.commentId ? [[e.commentId, keys.comment(e.postId, e.commentId)]] : [])),
    );
    const postKeys = new Map(page.items.map((e) => [e.postId, keys.post(e.postId)]));
    const found = await batchGetAll(this.db, [...commentKeys.values(), ...postKeys.values()]);
    const comments = found.filter((item) => item.type === 'comment');
    const posts = found.filter((item) => item.type === 'post');
    const postOf = new Map(posts.map((p) => [p.id as string, toHistoryPost(p)]));
    const hidden = new Set(
      comments.filter((c) => c.hidden === true || c.deleted === true).map((c) => c.id as string),
    );
    // A post the moderators withheld hides every line about it, its comments' lines included.
    const withheld = new Set(posts.filter((p) => p.moderation !== undefined).map((p) => p.id as string));
    return {
      items: page.items.map((e) => ({
        ...e,
        hidden: withheld.has(e.postId) || (e.commentId !== undefined && hidden.has(e.commentId)),
        post: postOf.get(e.postId) ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async ranked(period: string, limit: number): Promise<RankedPerson[]> {
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        // Points above zero only: a month whose takebacks outweigh its gains ranks nobody.
        ...partitionQuery({ index: INDEX.byVotes, partition: keys.championsPartition(period), atLeast: 1 }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      userId: item.userId as string,
      name: item.name as string,
      points: Number(item[ATTR.voteCount] ?? 0),
    }));
  }

  async marks(): Promise<(ChampionMark & { userId: string })[]> {
    const items = await queryAll(this.db, partitionQuery({ partition: keys.championMarksPartition }));
    return items.map((item) => ({ userId: item.userId as string, ...toMark(item) }));
  }

  async mark(userId: string): Promise<ChampionMark | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.championMark(userId), ConsistentRead: true }),
    );
    return out.Item ? toMark(out.Item) : null;
  }

  async setMark(userId: string, mark: ChampionMark | null): Promise<void> {
    if (!mark) {
      await this.db.doc.send(
        new DeleteCommand({ TableName: this.db.tableName, Key: keys.championMark(userId) }),
      );
      return;
    }
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...keys.championMark(userId), type: 'championMark', userId, ...mark },
      }),
    );
  }
}

export function toCounters(item: Record<string, unknown>): ReputationCounters {
  const streak = item.helpStreak as ReputationCounters['helpStreak'] | undefined;
  return {
    reputation: Number(item.reputation ?? 0),
    acceptedAnswers: Number(item.acceptedAnswers ?? 0),
    ideasShipped: Number(item.ideasShipped ?? 0),
    storiesFeatured: Number(item.storiesFeatured ?? 0),
    helpStreak: streak
      ? { lastDay: streak.lastDay, days: Number(streak.days), longest: Number(streak.longest) }
      : { lastDay: '', days: 0, longest: 0 },
  };
}

function toHistoryPost(item: Record<string, unknown>): HistoryPost {
  const story = item.story as { consent?: { level?: ConsentLevel } } | undefined;
  const level = story?.consent?.level;
  return {
    boardSlug: item.boardSlug as string,
    kind: item.kind as HistoryPost['kind'],
    ...(level ? { story: { consent: { level } } } : {}),
  };
}

function toEvent(item: Record<string, unknown>): ReputationEvent {
  return {
    userId: item.userId as string,
    at: item.at as string,
    points: Number(item.points),
    reason: item.reason as ReputationEvent['reason'],
    postId: item.postId as string,
    ...(typeof item.commentId === 'string' ? { commentId: item.commentId } : {}),
    title: item.title as string,
    ...(typeof item.fromUserId === 'string' ? { fromUserId: item.fromUserId } : {}),
  };
}

function toMark(item: Record<string, unknown>): ChampionMark {
  return {
    reason: item.reason as string,
    since: item.since as string,
    until: item.until as string,
    byId: item.byId as string,
    byName: item.byName as string,
  };
}
