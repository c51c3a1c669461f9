/**
 * The analytics API (issue 18) through the router the Lambda handler uses: who may read the report and
 * the settings and who may change them, a 400 per field, "this answered my question" counted for a
 * customer in a browser and not for a bot, staff, or the API's own reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYTICS_SETTINGS, utcDay, type DayCounters } from '../../shared/domain/analytics.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { apiClient, type Call } from '../setup/api-client.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

/** A desktop browser's user agent: what a visitor's request carries. */
const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CRAWLER = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const NOTHING = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

let t: TestTable;
let runtime: Runtime;
const client = apiClient(() => runtime);
/** As a browser, unless the call says otherwise. */
const call = (c: Call) => client.call({ ...c, headers: { 'user-agent': BROWSER, ...c.headers } });

let customer: string[];
let staff: string[];
let admin: string[];
let boardSlug: string;
let asker: User;
let answerer: User;
/** The UTC day the suite began: counts are read from it to the service's today, across any midnight. */
let firstDay: string;

beforeAll(async () => {
  firstDay = utcDay(new Date());
  t = await createTestTable();
  runtime = t.runtime();
  customer = await client.signIn('analytics-customer');
  staff = await client.signIn('analytics-staff', 'staff');
  admin = await client.signIn('analytics-admin', 'admin');
  boardSlug = (await aBoard(t, { kinds: ['idea', 'question'] })).slug;
  asker = await aUser(t);
  answerer = await aUser(t);
});
afterAll(() => t.drop());

async function anAnsweredQuestion(): Promise<Post> {
  const question = await aStoredPost(t, boardSlug, asker, { kind: 'question', title: 'How do I export?' });
  const answer = await aStoredComment(t, question, answerer, { body: 'Settings, then Export.' });
  return t.services.posts.acceptAnswer(as(asker), question.id, { commentId: answer.id });
}

/**
 * The counters since the suite began, as staff read them through the API: up to the service's own
 * today (`to` left out), so that a count on either side of a UTC midnight is in both readings.
 */
async function counts() {
  const res = await call({ path: '/api/analytics', query: `from=${firstDay}`, cookies: staff });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.totals as DayCounters;
}

const helpful = (postId: string, answer: string, c: Partial<Call> = {}) =>
  call({ method: 'POST', path: `/api/posts/${postId}/helpful`, body: { answer }, ...c });

describe('who may read and change analytics', () => {
  it.each([
    ['GET', '/api/analytics'],
    ['GET', '/api/analytics/settings'],
    ['PUT', '/api/analytics/settings'],
  ])('%s %s: 401 signed out, 403 for a customer', async (method, path) => {
    const body = method === 'PUT' ? DEFAULT_ANALYTICS_SETTINGS : undefined;
    expect((await call({ method, path, body })).status).toBe(401);
    const refused = await call({ method, path, body, cookies: customer });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('forbidden');
  });

  it('staff read the report and the settings; only admins change the settings', async () => {
    const dayBefore = utcDay(new Date());
    const report = await call({ path: '/api/analytics', cookies: staff });
    const dayAfter = utcDay(new Date());
    expect(report.status).toBe(200);
    // The default range: the last 30 days by day, ending today (UTC: the service's, read around it).
    expect([dayBefore, dayAfter]).toContain(report.json.to);
    expect(report.json.interval).toBe('day');
    expect(report.json.series).toHaveLength(30);
    expect(report.json.series[29].end).toBe(report.json.to);
    expect((await call({ path: '/api/analytics/settings', cookies: staff })).json).toEqual(
      DEFAULT_ANALYTICS_SETTINGS,
    );
    const changed = { ...DEFAULT_ANALYTICS_SETTINGS, costLow: 10, costHigh: 30, currency: 'EUR' };
    const put = (cookies: string[]) =>
      call({ method: 'PUT', path: '/api/analytics/settings', body: changed, cookies });
    expect((await put(staff)).status).toBe(403);
    const saved = await put(admin);
    expect(saved.status).toBe(200);
    expect(saved.json).toEqual(changed);
    expect((await call({ path: '/api/analytics/settings', cookies: staff })).json).toEqual(changed);
    await call({
      method: 'PUT',
      path: '/api/analytics/settings',
      body: DEFAULT_ANALYTICS_SETTINGS,
      cookies: admin,
    });
  });

  it('a week interval buckets by ISO week, each week clipped to the range', async () => {
    const res = await call({
      path: '/api/analytics',
      query: 'from=2026-03-04&to=2026-03-20&interval=week',
      cookies: staff,
    });
    expect(res.status).toBe(200);
    expect(res.json.series.map((p: { start: string; end: string }) => [p.start, p.end])).toEqual([
      ['2026-03-04', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-20'],
    ]);
  });
});

describe('a 400 names each bad field', () => {
  it.each([
    ['from=2026-13-01', 'from'],
    ['from=2026-02-30', 'from'],
    ['to=yesterday', 'to'],
    ['interval=month', 'interval'],
  ])('report ?%s → %s', async (query, field) => {
    const res = await call({ path: '/api/analytics', query, cookies: staff });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toContain(field);
  });

  it.each([
    ['from after to', 'from=2026-03-10&to=2026-03-01'],
    ['a range over 366 days', 'from=2025-01-01&to=2026-03-01'],
  ])('report: %s', async (_label, query) => {
    const res = await call({ path: '/api/analytics', query, cookies: staff });
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(Object.keys(res.json.error.fields).some((f) => f === 'from' || f === 'to')).toBe(true);
  });

  it.each([
    ['enabled', 'yes'],
    ['indirectShare', 1.5],
    ['costLow', -1],
    ['costHigh', 'twenty'],
    ['currency', 'usd'],
  ])('settings: a bad %s', async (field, value) => {
    const res = await call({
      method: 'PUT',
      path: '/api/analytics/settings',
      body: { ...DEFAULT_ANALYTICS_SETTINGS, [field]: value },
      cookies: admin,
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toEqual([field]);
  });

  it('settings: a low cost above the high cost is refused on costHigh; a share to 0.0001', async () => {
    const put = (changes: object) =>
      call({
        method: 'PUT',
        path: '/api/analytics/settings',
        body: { ...DEFAULT_ANALYTICS_SETTINGS, ...changes },
        cookies: admin,
      });
    const inverted = await put({ costLow: 30, costHigh: 20 });
    expect(inverted.status).toBe(400);
    expect(inverted.json.error.fields).toEqual({ costHigh: 'Must be at least the low cost.' });
    expect(Object.keys((await put({ indirectShare: 0.12345 })).json.error.fields)).toEqual(['indirectShare']);
    const fine = await put({ indirectShare: 0.0925 });
    expect(fine.status).toBe(200);
    expect(fine.json.indirectShare).toBe(0.0925);
    await put({});
  });

  it('settings: each missing field is named (the body is the whole settings object)', async () => {
    const res = await call({ method: 'PUT', path: '/api/analytics/settings', body: {}, cookies: admin });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields).sort()).toEqual(
      ['costHigh', 'costLow', 'enabled', 'indirectShare'].sort(),
    );
  });

  it('helpful: the answer is yes or no', async () => {
    const question = await anAnsweredQuestion();
    const res = await helpful(question.id, 'maybe', { cookies: customer });
    expect(res.status).toBe(400);
    expect(Object.keys(res.json.error.fields)).toEqual(['answer']);
  });
});

describe('"this answered my question"', () => {
  it('404 for a post that does not exist', async () => {
    const res = await helpful(NOTHING, 'yes', { cookies: customer });
    expect(res.status).toBe(404);
  });

  it('409 for a question without an accepted answer', async () => {
    const question = await aStoredPost(t, boardSlug, asker, { kind: 'question', title: 'Unanswered?' });
    await aStoredComment(t, question, answerer, { body: 'Not accepted yet.' });
    const res = await helpful(question.id, 'yes', { cookies: customer });
    expect(res.status).toBe(409);
  });

  it("a customer's yes and an anonymous visitor's no are counted, and staff see them in the report", async () => {
    const question = await anAnsweredQuestion();
    const before = await counts();
    const yes = await helpful(question.id, 'yes', { cookies: customer });
    expect(yes.status).toBe(200);
    expect(yes.json).toEqual({ counted: true });
    expect((await helpful(question.id, 'no')).json).toEqual({ counted: true });
    const after = await counts();
    expect(after.helpfulYes - before.helpfulYes).toBe(1);
    expect(after.helpfulNo - before.helpfulNo).toBe(1);
  });

  it('a bot, a script without a user agent, and staff are thanked but not counted', async () => {
    const question = await anAnsweredQuestion();
    const before = await counts();
    const bot = await helpful(question.id, 'yes', { headers: { 'user-agent': CRAWLER } });
    expect(bot.status).toBe(200);
    expect(bot.json).toEqual({ counted: false });
    const script = await client.call({
      method: 'POST',
      path: `/api/posts/${question.id}/helpful`,
      body: { answer: 'yes' },
      cookies: customer,
    });
    expect(script.json).toEqual({ counted: false });
    expect((await helpful(question.id, 'yes', { cookies: staff })).json).toEqual({ counted: false });
    const after = await counts();
    expect(after.helpfulYes).toBe(before.helpfulYes);
  });

  it('nothing is counted while analytics is off', async () => {
    const question = await anAnsweredQuestion();
    const off = { ...DEFAULT_ANALYTICS_SETTINGS, enabled: false };
    const saved = await call({ method: 'PUT', path: '/api/analytics/settings', body: off, cookies: admin });
    expect(saved.status).toBe(200);
    try {
      const before = await counts();
      expect((await helpful(question.id, 'yes', { cookies: customer })).json).toEqual({ counted: false });
      expect((await counts()).helpfulYes).toBe(before.helpfulYes);
    } finally {
      await call({
        method: 'PUT',
        path: '/api/analytics/settings',
        body: DEFAULT_ANALYTICS_SETTINGS,
        cookies: admin,
      });
    }
  });
});

describe("the API's reads are integrations, not visitors", () => {
  it('a search and a read of an answered question through the API count nothing', async () => {
    const question = await anAnsweredQuestion();
    const before = await counts();
    expect((await call({ path: '/api/search', query: 'q=export', cookies: customer })).status).toBe(200);
    expect((await call({ path: `/api/posts/${question.id}`, cookies: customer })).status).toBe(200);
    const after = await counts();
    expect(after.searches).toBe(before.searches);
    expect(after.answeredViews).toBe(before.answeredViews);
  });
});
