/**
 * The analytics report on DynamoDB Local (issue 18): GIVEN counters on some days and requests in some
 * weeks WHEN staff read a date range THEN the series, totals, rates and deflection estimate follow from
 * them with the configured costs, days roll up into ISO weeks, the top lists name live posts and
 * companies, and what the report reads does not grow with older data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ANALYTICS_SETTINGS,
  emptyCounters,
  type AnalyticsSettings,
  type DayCounters,
} from '../../shared/domain/analytics.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { isoWeekOf } from '../../shared/domain/iso-week.ts';
import { ANONYMOUS, type Board, type User } from '../../shared/domain/types.ts';
import type { Clock } from '../../shared/ports/index.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

const DAY_MS = 86_400_000;
/** A Wednesday. */
const now = new Date('2026-06-17T12:00:00Z');
const clock: Clock = { now: () => now };
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

let t: TestTable;
let board: Board;
let staff: User;
let admin: User;
/** Items DynamoDB returned, by operation: what a read costs besides its requests. */
const itemsRead = new Map<string, number>();
beforeAll(async () => {
  t = await createTestTable({ clock });
  board = await aBoard(t);
  staff = await aUser(t, { role: 'staff' });
  admin = await aUser(t, { role: 'admin' });
  t.db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const op = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '?';
      const out = result.output as {
        Count?: number;
        Item?: unknown;
        Responses?: Record<string, unknown[]>;
      };
      const items =
        out.Count ??
        (out.Responses ? Object.values(out.Responses).reduce((n, r) => n + r.length, 0) : 0) +
          (out.Item ? 1 : 0);
      itemsRead.set(op, (itemsRead.get(op) ?? 0) + items);
      return result;
    },
    { step: 'initialize', name: 'itemsReadCounter' },
  );
});
afterAll(() => t?.drop());

const report = (query: unknown = {}) => t.services.analytics.report(as(staff), query);
const save = (settings: AnalyticsSettings) => t.services.analytics.saveSettings(as(admin), settings);
const count = (day: string, counters: Partial<DayCounters>) => t.stores.analytics.count(day, counters);

/** What `read` costs: DynamoDB requests and items returned, by operation. */
async function cost(read: () => Promise<unknown>) {
  t.requests.clear();
  itemsRead.clear();
  await read();
  return { requests: Object.fromEntries(t.requests), items: Object.fromEntries(itemsRead) };
}

describe('the report’s arithmetic', () => {
  it('sums the days, rates answers and responses, and estimates deflection with the configured costs', async () => {
    await save({ enabled: true, indirectShare: 0.1, costLow: 10, costHigh: 30, currency: 'EUR' });
    try {
      await count('2026-01-05', {
        posts: 3,
        questions: 4,
        questionsAnswered: 1,
        responded: 2,
        responseSeconds: 7200,
        answeredViews: 100,
        helpfulYes: 6,
        helpfulNo: 4,
      });
      await count('2026-01-07', {
        posts: 2,
        questionsAnswered: 2,
        responded: 1,
        responseSeconds: 3600,
        acceptedForOthers: 4,
        answeredViews: 10,
      });
      // Outside the range: not read.
      await count('2026-01-04', { posts: 100, answeredViews: 1000 });
      await count('2026-01-08', { posts: 100, answeredViews: 1000 });

      const r = await report({ from: '2026-01-05', to: '2026-01-07', interval: 'day' });
      expect(r.series.map((p) => [p.start, p.end, p.posts])).toEqual([
        ['2026-01-05', '2026-01-05', 3],
        ['2026-01-06', '2026-01-06', 0],
        ['2026-01-07', '2026-01-07', 2],
      ]);
      expect(r.totals).toMatchObject({ posts: 5, questions: 4, questionsAnswered: 3, responded: 3 });
      expect(r.answeredRate).toBe(0.75);
      expect(r.meanHoursToFirstResponse).toBeCloseTo(10_800 / 3 / 3600, 10);
      // Direct 6 + 4 = 10; silent views 110 − 6 − 4 = 100, of which 10% = 10; tickets 20.
      expect(r.deflection).toEqual({ direct: 10, indirect: 10, tickets: 20, low: 200, mid: 400, high: 600 });
      expect(r.settings.currency).toBe('EUR');
      expect(r.deflectionSeries.map((p) => [p.start, p.tickets])).toEqual([
        ['2026-01-05', 6 + 0.1 * 90],
        ['2026-01-06', 0],
        ['2026-01-07', 4 + 0.1 * 10],
      ]);
    } finally {
      await save(DEFAULT_ANALYTICS_SETTINGS);
    }
  });

  it('has no rates without questions or responses', async () => {
    const r = await report({ from: '2025-01-01', to: '2025-01-10' });
    expect(r.totals).toEqual(emptyCounters());
    expect(r.answeredRate).toBeNull();
    expect(r.meanHoursToFirstResponse).toBeNull();
    expect(r.series).toHaveLength(10);
    expect(r.topPosts).toEqual([]);
  });

  it('buckets by ISO week, the first and last clipped to the range', async () => {
    // Thursday 2026-02-05 to Tuesday 2026-02-17: three weeks, two of them partly.
    await count('2026-02-04', { searches: 1000 });
    await count('2026-02-05', { searches: 1 });
    await count('2026-02-08', { searches: 2 });
    await count('2026-02-09', { searches: 4 });
    await count('2026-02-15', { searches: 8 });
    await count('2026-02-17', { searches: 16 });
    await count('2026-02-18', { searches: 1000 });
    const r = await report({ from: '2026-02-05', to: '2026-02-17', interval: 'week' });
    expect(r.series.map((p) => [p.start, p.end, p.searches])).toEqual([
      ['2026-02-05', '2026-02-08', 3],
      ['2026-02-09', '2026-02-15', 12],
      ['2026-02-16', '2026-02-17', 16],
    ]);
    expect(r.totals.searches).toBe(31);
    expect(r.topWeeks).toEqual({ from: '2026-02-02', to: '2026-02-22' });
  });

  it('defaults to the last 30 days by day, and to weeks for a range over 92 days', async () => {
    const r = await report();
    expect([r.from, r.to, r.interval, r.series.length]).toEqual(['2026-05-19', '2026-06-17', 'day', 30]);
    const long = await report({ from: '2026-01-01', to: '2026-06-17' });
    expect(long.interval).toBe('week');
    expect(long.series[0]).toMatchObject({ start: '2026-01-01', end: '2026-01-04' });
    // Days when asked, whatever the length; empty fields are "not given".
    expect((await report({ from: '2026-01-01', to: '2026-06-17', interval: 'day' })).series).toHaveLength(
      168,
    );
    expect((await report({ from: '', to: '', interval: '' })).from).toBe('2026-05-19');
  });
});

describe('the top requests', () => {
  it('ranks posts and companies by net votes in the weeks touching the range, dropping withheld and deleted posts', async () => {
    const author = await aUser(t);
    const [a, b, withheld, deleted] = await Promise.all([
      aStoredPost(t, board.slug, author, { title: 'Dark mode' }),
      aStoredPost(t, board.slug, author, { title: 'Export' }),
      aStoredPost(t, board.slug, author, {
        title: 'Withheld',
        moderation: {
          state: 'hidden',
          reason: 'Spam',
          at: now.toISOString(),
          byId: staff.id,
          byName: staff.name,
        },
      }),
      aStoredPost(t, board.slug, author, { title: 'Deleted' }),
    ]);
    await t.stores.posts.delete(deleted, true);
    await t.stores.companies.put(
      { id: 'acme', name: 'Acme', mrr: 900, updatedAt: now.toISOString(), source: 'api' },
      null,
    );
    const [w1, w2] = [isoWeekOf('2026-03-10'), isoWeekOf('2026-03-17')];
    await t.stores.analytics.countRequest(w1, a.id, 'acme', 3);
    await t.stores.analytics.countRequest(w2, a.id, 'acme', 2);
    await t.stores.analytics.countRequest(w2, b.id, 'gone-company', 7);
    await t.stores.analytics.countRequest(w2, withheld.id, null, 50);
    await t.stores.analytics.countRequest(w2, deleted.id, null, 40);
    // Unvoted to nothing: not a request.
    await t.stores.analytics.countRequest(w1, b.id, null, 1);
    await t.stores.analytics.countRequest(w1, b.id, null, -1);
    // A week outside the range.
    await t.stores.analytics.countRequest(isoWeekOf('2026-03-24'), b.id, 'acme', 100);

    const r = await report({ from: '2026-03-10', to: '2026-03-17' });
    expect(r.topPosts).toEqual([
      { id: b.id, title: 'Export', boardSlug: board.slug, votes: 7 },
      { id: a.id, title: 'Dark mode', boardSlug: board.slug, votes: 5 },
    ]);
    // A company that is no longer known has no name to show.
    expect(r.topCompanies).toEqual([{ id: 'acme', name: 'Acme', mrr: 900, votes: 5 }]);
  });
});

describe('what the report reads', () => {
  it('stays the same with 400 older days and older weeks of data', async () => {
    const to = '2026-06-17';
    const from = addDays(to, -29);
    const recent = Array.from({ length: 30 }, (_, i) => addDays(from, i));
    const author = await aUser(t);
    const post = await aStoredPost(t, board.slug, author, { title: 'Recent request' });
    for (const day of recent) await count(day, { posts: 1, votes: 2 });
    for (const day of recent.filter((_, i) => i % 7 === 0)) {
      await t.stores.analytics.countRequest(isoWeekOf(day), post.id, null, 1);
    }
    const range = { from, to, interval: 'day' };
    const before = await cost(() => report(range));
    const first = await report(range);

    const older = Array.from({ length: 400 }, (_, i) => addDays(from, -1 - i));
    for (let i = 0; i < older.length; i += 25) {
      await Promise.all(older.slice(i, i + 25).map((day) => count(day, { posts: 5, searches: 9 })));
    }
    // The weeks before the range's first (that one is read: it touches the range).
    const olderWeeks = [...new Set(older.map(isoWeekOf))].filter((w) => w !== isoWeekOf(from));
    for (let i = 0; i < olderWeeks.length; i += 25) {
      await Promise.all(
        olderWeeks.slice(i, i + 25).map((week) => t.stores.analytics.countRequest(week, post.id, 'acme', 3)),
      );
    }

    const after = await cost(() => report(range));
    expect(after).toEqual(before);
    // One Query of the days, one per week touching the range (5 here), one BatchGet each for names.
    expect(before.requests).toEqual({ Query: 1 + 5, BatchGetItem: 1 });
    expect(before.items.Query).toBeLessThanOrEqual(30 + 5);
    // And the answer is the same: nothing older leaked in.
    expect(await report(range)).toEqual(first);
    expect(first.totals.posts).toBe(30);
  });
});

describe('a 90-day report', () => {
  it('is 14 or 15 Queries: the days, and the 13 or 14 ISO weeks it touches', async () => {
    const queries = async (from: string) =>
      (await cost(() => report({ from, to: addDays(from, 89) }))).requests.Query;
    // From a Monday or a Tuesday: 13 weeks; from a Wednesday on: 14.
    expect(await queries('2026-01-05')).toBe(1 + 13);
    expect(await queries('2026-01-06')).toBe(1 + 13);
    expect(await queries('2026-01-07')).toBe(1 + 14);
    expect(await queries('2026-01-11')).toBe(1 + 14);
  });
});

describe('validation and authorization', () => {
  it('refuses a bad range field by field', async () => {
    const fields = async (query: unknown) => {
      const error = await errorOf(report(query));
      expect(error).toBeInstanceOf(ValidationError);
      return Object.keys((error as ValidationError).fields);
    };
    expect(await fields({ from: '2026-02-30' })).toEqual(['from']);
    expect(await fields({ to: 'yesterday' })).toEqual(['to']);
    expect(await fields({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['from']);
    expect(await fields({ from: '2025-01-01', to: '2026-01-02' })).toEqual(['from']);
    expect(await fields({ interval: 'month' })).toEqual(['interval']);
    // 366 days is allowed (a leap year).
    expect((await report({ from: '2024-01-01', to: '2024-12-31' })).series.length).toBeGreaterThan(0);
  });

  it('is for staff only', async () => {
    expect(await errorOf(t.services.analytics.report(ANONYMOUS, {}))).toBeInstanceOf(UnauthenticatedError);
    expect(await errorOf(t.services.analytics.report(as(await aUser(t)), {}))).toBeInstanceOf(ForbiddenError);
    expect((await t.services.analytics.report(as(admin), {})).to).toBe('2026-06-17');
  });
});
