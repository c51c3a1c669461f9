/**
 * `npm run trend:rescale` (shared/maintenance/rescale-trend.ts): scores move down by whole half-lives,
 * lists keep their order, and votes cast after it (or racing it) weigh in the post's new shift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { voteWeight } from '../../shared/domain/trend.ts';
import type { Board, Post } from '../../shared/domain/types.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { rescaleTrend } from '../../shared/maintenance/rescale-trend.ts';
import { keys } from '../../shared/table/keys.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';
import { runMaintenanceCli } from '../setup/maintenance-cli.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

const SHIFT = 40;
const time = offsetClock();
let t: TestTable;
let board: Board;
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
let before: Map<string, Post>;

beforeAll(async () => {
  t = await createTestTable({ clock: time.clock });
  board = await aBoard(t);
  for (const name of ['a', 'b', 'c'] as const) {
    ids[name] = (await t.services.posts.create(as(await aUser(t)), board.slug, { title: `Post ${name}` })).id;
  }
  for (let i = 0; i < 3; i++) await t.services.votes.vote(as(await aUser(t)), ids.a);
  time.advanceMinutes(3 * 24 * 60); // one half-life: these votes weigh twice as much
  for (let i = 0; i < 2; i++) await t.services.votes.vote(as(await aUser(t)), ids.b);
  before = new Map(await Promise.all(Object.values(ids).map(async (id) => [id, await post(id)] as const)));
});
afterAll(() => t.drop());

const post = async (id: string) => (await t.stores.posts.get(id)) as Post;
const entriesOf = (id: string) =>
  queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :list)',
    ExpressionAttributeValues: { ':pk': keys.postPartition(id), ':list': keys.listEntryPrefix },
    ConsistentRead: true,
  });
const trending = async (filter: Record<string, string> = {}) =>
  (await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'trending', ...filter })).posts.map(
    (p) => p.id,
  );
const near = (actual: number, expected: number) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 1e-12);

describe('trend:rescale', () => {
  it('divides every score by 2^shift in one run of the script, keeping every list in order', async () => {
    const order = await trending();
    const openOrder = await trending({ status: 'open' });
    expect(order).toEqual([ids.b, ids.a, ids.c]);

    const stdout = await runMaintenanceCli(t, 'rescale-trend-cli.ts', ['--to', String(SHIFT)]);
    expect(stdout).toMatch(
      /3 posts, 3 rescaled to shift 40; largest score 2\^-?[\d.]+, about \d+ days of room/,
    );

    for (const [id, was] of before) {
      const now = await post(id);
      near(now.trendScore, was.trendScore / 2 ** SHIFT);
      expect(now.trendShift).toBe(SHIFT);
      expect(now.rev).toBe(was.rev + 1);
      expect(now.voteCount).toBe(was.voteCount);
      const entries = await entriesOf(id);
      expect(entries.length).toBeGreaterThan(0);
      expectEntryRanks(now, entries);
      const exact = entries.find((e) => e.listId === `B#${board.slug}`);
      near(Number(exact?.trendScore), now.trendScore);
    }
    expect(await trending()).toEqual(order);
    expect(await trending({ status: 'open' })).toEqual(openOrder);
  });

  it('is idempotent: a second run rescales nothing', async () => {
    const report = await rescaleTrend(t.db, { toShift: SHIFT });
    expect(report).toMatchObject({ posts: 3, rescaled: 0, skipped: [] });
  });

  it('weighs later votes and unvotes in the new shift', async () => {
    const voter = await aUser(t);
    const was = await post(ids.c);
    await t.services.votes.vote(as(voter), ids.c);
    const vote = await t.stores.votes.get(ids.c, voter.id);
    const weight = voteWeight(vote?.votedAt ?? '', SHIFT);
    near((await post(ids.c)).trendScore, was.trendScore + weight);
    await t.services.votes.unvote(as(voter), ids.c);
    near((await post(ids.c)).trendScore, was.trendScore);
    expectEntryRanks(await post(ids.c), await entriesOf(ids.c));
  });

  it('retries a vote that read the post before its rescale, in the new shift', async () => {
    const stale = await post(ids.a);
    await rescaleTrend(t.db, { toShift: SHIFT + 1 });
    const voter = await aUser(t);
    const votedAt = time.clock.now().toISOString();
    const result = await t.stores.votes.add({ postId: ids.a, userId: voter.id, votedAt }, { post: stale });
    expect(result.changed).toBe(true);
    const now = await post(ids.a);
    expect(now.trendShift).toBe(SHIFT + 1);
    expect(now.voteCount).toBe(stale.voteCount + 1);
    near(now.trendScore, stale.trendScore / 2 + voteWeight(votedAt, SHIFT + 1));
  });

  it('refuses a target that is not a whole number of half-lives', async () => {
    await expect(rescaleTrend(t.db, { toShift: 1.5 })).rejects.toThrow(/whole number/);
  });
});
