/**
 * Cheaper votes (domain/lists.ts): a vote's transaction moves only the board's exact list entry; the
 * post's other entries hold rank buckets, rewritten after the vote when a bucket changes, and pages of
 * those lists are re-sorted exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DynamoVoteStore } from '../../shared/adapters/dynamodb/vote-store.ts';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { listIds, memberships } from '../../shared/domain/lists.ts';
import { rankTrend, rankVotes } from '../../shared/domain/rank-buckets.ts';
import { voteWeight } from '../../shared/domain/trend.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

async function entriesOf(postId: string) {
  const items = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :list)',
    ExpressionAttributeValues: { ':pk': keys.postPartition(postId), ':list': keys.listEntryPrefix },
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [item.listId as string, item]));
}

async function postWithTag(): Promise<{ post: Post; staff: User }> {
  const board = await aBoard(t);
  const staff = await aUser(t, { role: 'staff' });
  await t.services.boards.putTag(as(staff), { slug: 'export', name: 'Export' });
  const created = await t.services.posts.create(as(await aUser(t)), board.slug, { title: 'Export to CSV' });
  const post = await t.services.posts.setTags(as(staff), created.id, { tags: ['export'] });
  return { post: (await t.stores.posts.get(post.id)) as Post, staff };
}

/** A vote store whose commands are recorded: transactions' items, and the single updates after them. */
function recordingStore() {
  const transactions: NonNullable<TransactWriteCommandInput['TransactItems']>[] = [];
  const updates: Record<string, unknown>[] = [];
  const send = t.db.doc.send.bind(t.db.doc);
  const db = {
    ...t.db,
    doc: {
      send: (command: { input: Record<string, unknown> }) => {
        if (command.constructor.name === 'TransactWriteCommand') {
          transactions.push(command.input.TransactItems as (typeof transactions)[number]);
        }
        if (command instanceof UpdateCommand) updates.push(command.input.Key as Record<string, unknown>);
        return send(command as never);
      },
    },
  } as unknown as typeof t.db;
  return { store: new DynamoVoteStore(db), transactions, updates };
}

const vote = (postId: string, userId: string) => ({ postId, userId, votedAt: new Date().toISOString() });

describe('votes and list entries', () => {
  it('moves only the board entry inside the transaction, and the others only when a bucket changes', async () => {
    const { post } = await postWithTag();
    const secondary = memberships(post).filter((m) => m.ranking === 'bucketed');
    expect(secondary.map((m) => m.listId).sort()).toEqual(
      [
        listIds.boardStatus(post.boardSlug, 'open'),
        listIds.boardKind(post.boardSlug, post.kind),
        listIds.boardTag(post.boardSlug, 'export'),
      ].sort(),
    );
    const { store, transactions, updates } = recordingStore();
    for (let i = 0; i < 12; i++) {
      const before = (await t.stores.posts.get(post.id)) as Post;
      transactions.length = 0;
      updates.length = 0;
      await store.add(vote(post.id, `voter-${i}`), { post: before });
      const after = (await t.stores.posts.get(post.id)) as Post;
      const listed = transactions.flat().flatMap((item) => {
        const sk = String(item.Update?.Key?.sk ?? item.Put?.Item?.sk ?? '');
        return sk.startsWith(keys.listEntryPrefix) ? [sk] : [];
      });
      expect(listed).toEqual([keys.listEntry(post.id, listIds.board(post.boardSlug)).sk]);
      const crossed =
        rankVotes(after.voteCount) !== rankVotes(before.voteCount) ||
        rankTrend(after.trendScore) !== rankTrend(before.trendScore);
      expect(updates.length, `vote ${i + 2}`).toBe(crossed ? secondary.length : 0);
      expectEntryRanks(after, [...(await entriesOf(post.id)).values()]);
    }
  });

  it('rewrites the secondary entries when the count crosses a bucket, and keeps the board entry exact', async () => {
    const { post } = await postWithTag();
    const statusList = listIds.boardStatus(post.boardSlug, 'open');
    const seen: [number, number, number][] = [];
    for (let i = 0; i < 9; i++) {
      await t.services.votes.vote(as(await aUser(t)), post.id);
      const entries = await entriesOf(post.id);
      seen.push([
        2 + i,
        entries.get(listIds.board(post.boardSlug))?.voteCount as number,
        entries.get(statusList)?.voteCount as number,
      ]);
    }
    expect(seen).toEqual([
      [2, 2, 2],
      [3, 3, 3],
      [4, 4, 4],
      [5, 5, 5],
      [6, 6, 6],
      [7, 7, 6],
      [8, 8, 8],
      [9, 9, 8],
      [10, 10, 10],
    ]);
  });

  it('ends with every secondary entry at the bucket of the final count under concurrent votes', async () => {
    const { post } = await postWithTag();
    const voters = await Promise.all(Array.from({ length: 30 }, () => aUser(t)));
    await Promise.all(voters.map((v) => t.services.votes.vote(as(v), post.id)));
    const after = (await t.stores.posts.get(post.id)) as Post;
    expect(after.voteCount).toBe(31);
    const entries = [...(await entriesOf(post.id)).values()];
    expect(entries.length).toBe(4);
    expectEntryRanks(after, entries);
    for (const e of entries) {
      if (e.listId !== listIds.board(post.boardSlug)) expect(e.voteCount).toBe(30);
    }
    // And back down, votes and unvotes racing.
    await Promise.all(
      voters.map((v, i) =>
        i % 3 === 0 ? t.services.votes.vote(as(v), post.id) : t.services.votes.unvote(as(v), post.id),
      ),
    );
    const end = (await t.stores.posts.get(post.id)) as Post;
    expect(end.voteCount).toBe(11);
    expectEntryRanks(end, [...(await entriesOf(post.id)).values()]);
  });

  it('keeps a filtered top or trending list exact within each page, and within a bucket across pages', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const now = new Date().toISOString();
    // Within a bucket, the index orders by post id: created in rising count order, the index would
    // give each bucket's posts in falling id order, the smaller counts first.
    const counts = [10, 11, 12, 13, 14, 20, 22, 24];
    for (const voteCount of counts) {
      await aStoredPost(t, board.slug, author, { voteCount, trendScore: voteCount * voteWeight(now) });
    }
    for (const sort of ['top', 'trending'] as const) {
      const figure = (p: Post) => (sort === 'top' ? p.voteCount : p.trendScore);
      const bucket = (p: Post) => (sort === 'top' ? rankVotes(p.voteCount) : rankTrend(p.trendScore));
      const listId = listIds.boardStatus(board.slug, 'open');
      const first = await t.stores.posts.list({ listId, sort, limit: 4 });
      expect(first.nextCursor).not.toBeNull();
      const second = await t.stores.posts.list({ listId, sort, limit: 4, cursor: first.nextCursor ?? '' });
      for (const page of [first.items, second.items]) {
        expect(page.map(figure)).toEqual(page.map(figure).toSorted((a, b) => b - a));
      }
      const lowestFirst = Math.min(...first.items.map(bucket));
      expect(Math.max(...second.items.map(bucket))).toBeLessThanOrEqual(lowestFirst);
      expect([...first.items, ...second.items].map((p) => p.voteCount).sort((a, b) => a - b)).toEqual(counts);
    }
    // The board's own list is exact across pages too.
    const top = await t.stores.posts.list({ listId: listIds.board(board.slug), sort: 'top', limit: 4 });
    expect(top.items.map((p) => p.voteCount)).toEqual([24, 22, 20, 14]);
  });

  it('keeps roadmap entries for roadmap statuses only, sorted by votes alone, and the changelog by time alone', async () => {
    const { post, staff } = await postWithTag();
    const roadmapLists = (entries: Map<string, Record<string, unknown>>) =>
      [...entries.keys()].filter((id) => id.startsWith('S#') || id === listIds.changelog()).sort();
    expect(roadmapLists(await entriesOf(post.id))).toEqual([]);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'under_review' });
    expect(roadmapLists(await entriesOf(post.id))).toEqual([]);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    let entries = await entriesOf(post.id);
    expect(roadmapLists(entries)).toEqual([listIds.status('planned')]);
    const planned = entries.get(listIds.status('planned'));
    expect(planned?.topPk).toBe(keys.listPartition(listIds.status('planned')));
    expect(planned?.trendPk).toBeUndefined();
    expect(planned?.trendScore).toBeUndefined();
    expect((await t.services.posts.roadmap(as(staff))).planned.map((p) => p.id)).toContain(post.id);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
    entries = await entriesOf(post.id);
    expect(roadmapLists(entries)).toEqual([listIds.changelog(), listIds.status('shipped')].sort());
    const changelog = entries.get(listIds.changelog());
    for (const attribute of ['topPk', 'trendPk', 'voteCount', 'trendScore']) {
      expect(changelog?.[attribute], attribute).toBeUndefined();
    }
    const shipped = await t.db.doc.send(
      new GetCommand({ TableName: t.db.tableName, Key: keys.post(post.id), ConsistentRead: true }),
    );
    expect(shipped.Item?.status).toBe('shipped');
  });
});
