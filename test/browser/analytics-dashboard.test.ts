/**
 * The analytics dashboard (issue 18) in a real browser. Counters come from the real services (a customer
 * posts and votes today) and, for a week in the past whose numbers the test knows exactly, straight
 * through the analytics store as the recorder writes them. Staff read the charts (bars and lines drawn,
 * the numbers in their tables), change the range by a preset link and by the form, and download the
 * CSV; the admin changes the estimate's settings, turns counting off and on, and meets a field error;
 * staff who are not admins read the settings only; customers and visitors are refused.
 *
 * Nothing here trusts a date taken when the file loaded: ranges near today are computed in each test
 * (or read off the page, whose server shares this process's clock), counts near today are derived from
 * the service's own report for the same days, and a test that straddles midnight accepts either day.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { DEMO_ANALYTICS_DAYS } from '../../shared/demo/analytics-demo.ts';
import { DEMO_COMPANIES, DEMO_SIGN_IN_PEOPLE } from '../../shared/demo/identities.ts';
import { estimateDeflection, utcDay, type DayCounters } from '../../shared/domain/analytics.ts';
import { isoWeekOf } from '../../shared/domain/iso-week.ts';
import { actorFor, type User } from '../../shared/domain/types.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import {
  gotoHydrated,
  launchChromium,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let admin: BrowserContext;
let staff: BrowserContext;
let customer: BrowserContext;
let sam: User;

const stamp = Date.now().toString(36);
const TITLE = `Analytics dashboard request ${stamp}`;
/** Today in UTC, as the page's server reckons it: called when a test needs it, never at load. */
const utcToday = () => utcDay(new Date());
const dayBefore = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
const dayLabel = (day: string) =>
  new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(day));
/** The days the customer's post and vote were counted on (set when they are made). */
let postDay: string;
let voteDay: string;

/** A Monday-to-Sunday week long ago, whose counters the test writes and so knows exactly. */
const PAST = { from: '2025-03-03', to: '2025-03-09' };
const MONDAY: Partial<DayCounters> = {
  posts: 3,
  votes: 7,
  comments: 2,
  active: 4,
  activeNewInWeek: 4,
  questions: 2,
  questionsAnswered: 1,
  responded: 2,
  // Two first responses, 1.5 hours on average: one within the hour, one within the day.
  responseSeconds: 10_800,
  respondedWithin1h: 1,
  respondedWithin1d: 1,
  searches: 20,
  searchOpens: 8,
  suggestionsShown: 6,
  suggestionOpens: 4,
  formsLeftForSuggestion: 3,
  formsPostedAfterSuggestion: 1,
  answeredViews: 50,
  helpfulYes: 5,
  helpfulNo: 1,
  acceptedForOthers: 2,
};
const WEDNESDAY: Partial<DayCounters> = { posts: 1, votes: 2, active: 1, activeNewInWeek: 0 };
const PAST_TOTALS = {
  helpfulYes: 5,
  helpfulNo: 1,
  acceptedForOthers: 2,
  answeredViews: 50,
};
let pastPost: { id: string; title: string };
/** A day with questions asked and none answered: a 0% answered rate is still a point on the chart. */
const UNANSWERED_DAY = '2025-04-02';

const pastUrl = (extra = '') => `${stack.url}/staff/analytics?from=${PAST.from}&to=${PAST.to}${extra}`;
/** A chart by the bold words of its caption. */
const chart = (page: Page, title: string): Locator =>
  page.locator('figure').filter({ has: page.locator('figcaption strong', { hasText: `${title}.` }) });
/** The cells of a chart's table row for a bucket ("Mar 3, 2025"). */
const rowOf = async (figure: Locator, bucket: string): Promise<string[]> =>
  figure
    .locator('tbody tr')
    .filter({ has: figure.page().locator('th', { hasText: bucket }) })
    .locator('td')
    .allTextContents();

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [admin, staff, customer] = await Promise.all([
    signedInContext(browser, stack.url, 'Alex Admin'),
    signedInContext(browser, stack.url, 'Sam from Product'),
    signedInContext(browser, stack.url, 'Casey Customer'),
  ]);
  const { stores, services } = stack.runtime;
  const found = await stores.users.findByEmail(DEMO_SIGN_IN_PEOPLE.staff.email);
  const casey = await stores.users.findByEmail(DEMO_SIGN_IN_PEOPLE.customer.email);
  if (!found || !casey) throw new Error('The demo people are missing.');
  sam = found;

  // Today, through the services as a customer's requests go: a post, and a vote on someone else's.
  const post = await services.posts.create(actorFor(casey), 'feature-requests', { title: TITLE });
  postDay = utcToday();
  const others = await services.posts.list(actorFor(casey), 'feature-requests', {});
  const other = others.posts.find((p) => p.authorId !== casey.id && !p.viewerHasVoted && p.votingOpen);
  if (!other) throw new Error('No post of someone else to vote for.');
  await services.votes.vote(actorFor(casey), other.id);
  voteDay = utcToday();

  // The past week, as the recorder writes it: two days of counters, and a week's requests.
  await stores.analytics.count('2025-03-03', MONDAY);
  await stores.analytics.count('2025-03-05', WEDNESDAY);
  await stores.analytics.count(UNANSWERED_DAY, { posts: 2, questions: 2 });
  pastPost = { id: post.id, title: TITLE };
  await stores.analytics.countRequest(isoWeekOf(PAST.from), post.id, DEMO_COMPANIES.acme.id, 5);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the analytics dashboard', { timeout: 180_000 }, () => {
  it('staff find it in the menu; the last 30 days show the demo counters and today’s activity', async () => {
    const page = await staff.newPage();
    const started = utcToday();
    await gotoHydrated(page, `${stack.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.waitForURL(`${stack.url}/staff/analytics`);
    await page.getByRole('heading', { level: 1, name: 'Analytics' }).waitFor();
    // The default range ends today: the day the test started, or the next if midnight passed meanwhile.
    const to = await page.getByLabel('To', { exact: true }).inputValue();
    expect([started, utcToday()]).toContain(to);
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe(dayBefore(to, 29));
    await expect(
      page
        .getByRole('navigation', { name: 'Preset ranges' })
        .getByRole('link', { name: 'Last 30 days' })
        .getAttribute('aria-current'),
    ).resolves.toBe('page');

    // Every chart has something drawn: bars, lines and the ranked lists.
    const activity = chart(page, 'Posts and comments');
    expect(await activity.locator('svg rect.bar').count()).toBeGreaterThan(20);
    expect(await activity.locator('tbody tr').count()).toBe(30);
    expect(await chart(page, 'Votes cast').locator('svg rect.bar').count()).toBeGreaterThan(20);
    expect(await chart(page, 'Answered rate').locator('svg path.line').getAttribute('d')).toMatch(
      /^M [\d.]+ [\d.]+ .* L /,
    );
    expect(await chart(page, 'Tickets deflected').locator('svg path.line').count()).toBe(2);
    expect(await chart(page, 'Top requested posts').getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await chart(page, 'Top requesting companies').getByRole('listitem').count()).toBeGreaterThan(0);

    // The day of the customer's post and vote holds them, as the service reports that day.
    const reportOf = (day: string) =>
      stack.runtime.services.analytics.report(actorFor(sam), { from: day, to: day });
    const posted = await reportOf(postDay);
    expect(posted.totals.posts).toBeGreaterThanOrEqual(1);
    await expect(rowOf(activity, dayLabel(postDay))).resolves.toEqual([
      String(posted.totals.posts),
      String(posted.totals.comments),
    ]);
    const voted = await reportOf(voteDay);
    expect(voted.totals.votes).toBeGreaterThanOrEqual(1);
    await expect(rowOf(chart(page, 'Votes cast'), dayLabel(voteDay))).resolves.toEqual([
      String(voted.totals.votes),
    ]);

    // Staff who are not admins read the settings, and cannot change them.
    const settings = page.getByRole('region', { name: 'Settings' });
    await expect(settings.getByRole('button', { name: 'Save settings' }).count()).resolves.toBe(0);
    await settings.getByText('Only admins can change these.').waitFor();
    const refused = await staff.request.post(`${stack.url}/staff/analytics?/settings`, {
      form: { enabled: 'on', indirectShare: '50', costLow: '1', costHigh: '2', currency: 'USD' },
      // As a browser's form post: for `*/*`, SvelteKit answers the action's outcome as JSON, with a 200.
      headers: { origin: stack.url, accept: 'text/html' },
    });
    expect(refused.status()).toBe(403);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('reads a past week exactly: activity, answers, deflection and the top requests', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, pastUrl());
    const activity = chart(page, 'Posts and comments');
    // Posts on two days and comments on one: three bars.
    await expect(activity.locator('svg rect.bar').count()).resolves.toBe(3);
    await expect(activity.locator('tbody tr').count()).resolves.toBe(7);
    await expect(rowOf(activity, 'Mar 3, 2025')).resolves.toEqual(['3', '2']);
    await expect(rowOf(activity, 'Mar 5, 2025')).resolves.toEqual(['1', '0']);
    await expect(rowOf(activity, 'Mar 4, 2025')).resolves.toEqual(['0', '0']);
    await expect(activity.locator('svg text').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['3', '0', 'Mar 3, 2025', 'Mar 9, 2025']),
    );
    await expect(rowOf(chart(page, 'Votes cast'), 'Mar 3, 2025')).resolves.toEqual(['7']);

    // Answers: one of two questions answered; 1.5 hours to a first response on average.
    const tiles = page.getByRole('region', { name: 'Answers' });
    await tiles.locator('dl dd', { hasText: /^50%$/ }).waitFor();
    await tiles.locator('dl dd', { hasText: /^1\.5 hours$/ }).waitFor();
    const answered = chart(page, 'Answered rate');
    // A single day with questions: a dot, not a line.
    await expect(answered.locator('svg circle.dot').count()).resolves.toBe(1);
    await expect(rowOf(answered, 'Mar 3, 2025')).resolves.toEqual(['50%']);
    await expect(rowOf(answered, 'Mar 4, 2025')).resolves.toEqual(['—']);
    const spread = chart(page, 'First responses').getByRole('listitem');
    await expect(spread.allTextContents()).resolves.toEqual([
      expect.stringMatching(/Within an hour\s*1 \(50%\)/),
      expect.stringMatching(/Within a day\s*1 \(50%\)/),
      expect.stringMatching(/Within a week\s*0 \(0%\)/),
      expect.stringMatching(/Later\s*0 \(0%\)/),
    ]);

    // Deflection: 5 + 2 direct, 9% of the 44 silent views indirect; $8 to $22 a ticket.
    const estimate = estimateDeflection(PAST_TOTALS, { indirectShare: 0.09, costLow: 8, costHigh: 22 });
    const dollars = (n: number) => `$${Math.round(n).toLocaleString('en')}`;
    const deflection = page.getByRole('region', { name: 'Deflection' });
    const headline = (await deflection.locator('.big').textContent())?.replace(/\s+/g, ' ').trim();
    expect(headline).toBe(
      `An estimated 11 tickets deflected, worth ${dollars(estimate.low)} to ${dollars(estimate.high)} (mid ${dollars(estimate.mid)}).`,
    );
    await deflection.getByText(/\+ 9% × \(views of answered questions − yes\/no answers\)/).waitFor();
    await deflection.getByText('Where the numbers come from').click();
    await expect(deflection.getByRole('link', { name: /^Gartner/ }).getAttribute('href')).resolves.toMatch(
      /^https:\/\/www\.gartner\.com\//,
    );
    const signals = deflection.getByRole('table');
    const signal = async (name: string) =>
      signals
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name, exact: true }) })
        .getByRole('cell')
        .textContent();
    await expect(signal('Searches')).resolves.toBe('20');
    await expect(signal('Search results opened')).resolves.toBe('8 (40%)');
    await expect(signal('Forms left for a suggestion')).resolves.toBe('3');
    await expect(signal('… of which posted after all')).resolves.toBe('1');
    await expect(signal('Forms abandoned (left − posted after all)')).resolves.toBe('2');
    await expect(signal('Views of answered questions')).resolves.toBe('50');

    // The top requests, read by ISO week: the week's post and Acme with its MRR.
    const top = page.getByRole('region', { name: 'Top requests' });
    await top.getByText('from Mar 3, 2025 to Mar 9, 2025').waitFor();
    const posts = chart(page, 'Top requested posts').getByRole('listitem');
    await expect(posts.count()).resolves.toBe(1);
    await expect(posts.getByRole('link', { name: pastPost.title }).getAttribute('href')).resolves.toBe(
      `/p/${pastPost.id}`,
    );
    await posts.getByText('5 votes').waitFor();
    await expect(posts.locator('rect.bar').getAttribute('width')).resolves.toBe('100');
    const companies = chart(page, 'Top requesting companies').getByRole('listitem');
    await companies.getByRole('link', { name: 'Acme Logistics' }).waitFor();
    await companies.getByText('$18,400 MRR').waitFor();

    // Questions asked and none answered: a 0% rate is drawn, not taken for an empty range.
    await gotoHydrated(page, `${stack.url}/staff/analytics?from=${UNANSWERED_DAY}&to=${UNANSWERED_DAY}`);
    const unanswered = chart(page, 'Answered rate');
    await expect(unanswered.locator('svg circle.dot').count()).resolves.toBe(1);
    await expect(rowOf(unanswered, dayLabel(UNANSWERED_DAY))).resolves.toEqual(['0%']);
    await expect(unanswered.getByText('No questions asked in this range.').count()).resolves.toBe(0);
    await page.close();
  });

  it('changes the range by a preset link and by the form, and words a bad range', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, pastUrl());
    const presets = page.getByRole('navigation', { name: 'Preset ranges' });
    /** A preset's link, which must end today (as the test started, or after midnight) and span `days`. */
    const presetHref = async (days: number) => {
      const started = utcToday();
      const href =
        (await presets.getByRole('link', { name: `Last ${days} days` }).getAttribute('href')) ?? '';
      const params = new URL(href, stack.url).searchParams;
      const to = params.get('to') ?? '';
      expect([started, utcToday()]).toContain(to);
      expect(params.get('from')).toBe(dayBefore(to, days - 1));
      return href;
    };
    const week = await presetHref(7);
    await presets.getByRole('link', { name: 'Last 7 days' }).click();
    await page.waitForURL(`${stack.url}${week}`);
    await expect(
      presets.getByRole('link', { name: 'Last 7 days' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    await expect(chart(page, 'Posts and comments').locator('tbody tr').count()).resolves.toBe(7);

    // A year reads by week unless asked: 53 or 54 buckets.
    const year = await presetHref(365);
    await presets.getByRole('link', { name: 'Last 365 days' }).click();
    await page.waitForURL(`${stack.url}${year}`);
    await expect(page.getByLabel('Interval').inputValue()).resolves.toBe('week');
    const weeks = await chart(page, 'Posts and comments').locator('tbody tr').count();
    expect(weeks === 53 || weeks === 54).toBe(true);

    // The form is a GET form: the range lands in the address.
    await page.getByLabel('From', { exact: true }).fill(PAST.from);
    await page.getByLabel('To', { exact: true }).fill(PAST.to);
    await page.getByLabel('Interval').selectOption('week');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(`${stack.url}/staff/analytics?from=${PAST.from}&to=${PAST.to}&interval=week`);
    const activity = chart(page, 'Posts and comments');
    await expect(activity.locator('tbody tr').count()).resolves.toBe(1);
    await expect(rowOf(activity, 'Mar 3, 2025 – Mar 9, 2025')).resolves.toEqual(['4', '2']);
    await expect(activity.locator('svg rect.bar').count()).resolves.toBe(2);
    await expect(activity.locator('svg rect.bar.partial').count()).resolves.toBe(0);
    const activeTile = page.getByRole('region', { name: 'Activity' }).locator('dl');
    await expect(activeTile.getByText(/A partial week counts from the range’s start/).count()).resolves.toBe(
      0,
    );

    // A range cut mid-week: its first week is partial, named so in the table and drawn lighter.
    await gotoHydrated(page, `${stack.url}/staff/analytics?from=2025-03-05&to=2025-03-16&interval=week`);
    await expect(activity.locator('tbody th').allTextContents()).resolves.toEqual([
      'Mar 5, 2025 – Mar 9, 2025 (partial week)',
      'Mar 10, 2025 – Mar 16, 2025',
    ]);
    await expect(rowOf(activity, 'Mar 5, 2025 – Mar 9, 2025')).resolves.toEqual(['1', '0']);
    await expect(activity.locator('svg rect.bar.partial').count()).resolves.toBe(1);
    await activity.getByText(/Lighter bars: partial weeks/).waitFor();
    await activeTile.getByText(/A partial week counts from the range’s start/).waitFor();

    // From after to: the reason under the field, and the default range meanwhile.
    await page.getByLabel('From', { exact: true }).fill('2025-03-10');
    await page.getByLabel('To', { exact: true }).fill('2025-03-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/from=2025-03-10/);
    await page.locator('#from-error').waitFor();
    await expect(page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('2025-03-10');
    await page
      .getByRole('alert')
      .getByText(/showing the last 30 days instead/)
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // One day is one column; a leap year's 366 days by day are 366 buckets. What is drawn is what the
    // service counted for the same days (the demo's sixty days, today's vote), whatever today is.
    const report = (from: string, to: string) =>
      stack.runtime.services.analytics.report(actorFor(sam), { from, to, interval: 'day' });
    const barsOf = (series: { votes: number }[]) => series.filter((p) => p.votes > 0).length;
    const yesterday = dayBefore(utcToday(), 1);
    await gotoHydrated(page, `${stack.url}/staff/analytics?from=${yesterday}&to=${yesterday}`);
    const votes = chart(page, 'Votes cast');
    await expect(votes.locator('tbody tr').count()).resolves.toBe(1);
    const oneDay = await report(yesterday, yesterday);
    await expect(votes.locator('svg rect.bar').count()).resolves.toBe(barsOf(oneDay.series));
    const to = utcToday();
    const from = dayBefore(to, 365);
    await gotoHydrated(page, `${stack.url}/staff/analytics?from=${from}&to=${to}&interval=day`);
    await expect(votes.locator('tbody tr').count()).resolves.toBe(366);
    const byDay = await report(from, to);
    expect(barsOf(byDay.series)).toBeGreaterThanOrEqual(DEMO_ANALYTICS_DAYS);
    await expect(votes.locator('svg rect.bar').count()).resolves.toBe(barsOf(byDay.series));
    // Two series over a year by day stack, one column a day: no bar is narrower than a viewBox unit.
    const nonZero = byDay.series.reduce((n, p) => n + Number(p.posts > 0) + Number(p.comments > 0), 0);
    const stackedBars = chart(page, 'Posts and comments').locator('svg rect.bar');
    await expect(stackedBars.count()).resolves.toBe(nonZero);
    const widths = [
      ...(await stackedBars.evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('width'))))),
      ...(await votes
        .locator('svg rect.bar')
        .evaluateAll((bars) => bars.map((b) => Number(b.getAttribute('width'))))),
    ];
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(1);

    // A range with nothing in it says so.
    await gotoHydrated(page, `${stack.url}/staff/analytics?from=2020-01-01&to=2020-01-07`);
    await page.getByRole('heading', { name: 'Nothing counted in this range' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it('downloads what the page shows as CSV', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, pastUrl());
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download CSV/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`hearth-analytics-${PAST.from}-to-${PAST.to}.csv`);
    const rows = parseCsv(await readFile((await download.path()) ?? '', 'utf8'));
    const header = rows[0] ?? [];
    expect(header.slice(0, 5)).toEqual(['section', 'start', 'end', 'posts', 'votes']);
    const column = (row: string[] | undefined, name: string) => row?.[header.indexOf(name)];
    const series = rows.filter((r) => r[0] === 'series');
    expect(series.map((r) => r[1])).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
    ]);
    expect(column(series[0], 'posts')).toBe('3');
    expect(column(series[0], 'answeredViews')).toBe('50');
    expect(column(series[2], 'votes')).toBe('2');
    const totals = rows.find((r) => r[0] === 'totals');
    expect(totals?.slice(1, 3)).toEqual([PAST.from, PAST.to]);
    expect(column(totals, 'posts')).toBe('4');
    expect(column(totals, 'votes')).toBe('9');
    const summary = new Map(rows.filter((r) => r[0] === 'summary').map((r) => [r[1], r[2]]));
    const estimate = estimateDeflection(PAST_TOTALS, { indirectShare: 0.09, costLow: 8, costHigh: 22 });
    // Rounded as the page shows them: tickets to a tenth, money to the cent, rates as percentages.
    expect(summary.get('deflectedTickets')).toBe(String(Math.round(estimate.tickets * 10) / 10));
    expect(summary.get('deflectedIndirect')).toBe(String(Math.round(estimate.indirect * 10) / 10));
    expect(summary.get('savingsHigh')).toBe(String(Math.round(estimate.high * 100) / 100));
    expect(summary.get('formsAbandoned')).toBe('2');
    expect(summary.get('answeredRate')).toBe('50%');
    expect(summary.get('meanHoursToFirstResponse')).toBe('1.5');
    expect(rows.flat().filter((cell) => /^-?\d+\.\d{3,}%?$/.test(cell))).toEqual([]);
    expect(summary.get('formula')).toMatch(/^tickets deflected = /);
    expect(rows.filter((r) => r[0] === 'deflection')).toHaveLength(7);
    expect(rows.find((r) => r[0] === 'topPost')?.slice(1, 6)).toEqual([
      '1',
      pastPost.id,
      pastPost.title,
      'feature-requests',
      '5',
    ]);
    expect(rows.find((r) => r[0] === 'topCompany')?.slice(1, 6)).toEqual([
      '1',
      DEMO_COMPANIES.acme.id,
      'Acme Logistics',
      '18400',
      '5',
    ]);
    await page.close();
  });

  it('the admin changes the estimate, meets a field error, and turns counting off and on', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, pastUrl());
    const settings = page.getByRole('region', { name: 'Settings' });
    const form = settings.locator('form');
    await expect(form.getAttribute('action')).resolves.toBe('?/settings');
    await expect(settings.getByRole('checkbox', { name: 'Count anonymous usage' }).isChecked()).resolves.toBe(
      true,
    );
    await expect(settings.getByRole('spinbutton', { name: /^Indirect share/ }).inputValue()).resolves.toBe(
      '9',
    );

    // A share over 100%, past the browser's own check: the server's word under the field.
    await form.evaluate((el) => ((el as HTMLFormElement).noValidate = true));
    await settings.getByRole('spinbutton', { name: /^Indirect share/ }).fill('150');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#indirectShare-error').getByText('Enter a share from 0% to 100%.').waitFor();
    await expect(
      settings.getByRole('spinbutton', { name: /^Indirect share/ }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expect(settings.getByRole('spinbutton', { name: /^Indirect share/ }).inputValue()).resolves.toBe(
      '150',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A negative cost: the settings' own rule says no.
    await settings.getByRole('spinbutton', { name: /^Indirect share/ }).fill('12');
    await settings.getByRole('spinbutton', { name: 'Cost of a ticket, low' }).fill('-1');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#costLow-error').waitFor();
    await expect(page.locator('#indirectShare-error').count()).resolves.toBe(0);
    // A low cost above the high one: the service's word under the high one.
    await settings.getByRole('spinbutton', { name: 'Cost of a ticket, low' }).fill('40');
    await settings.getByRole('spinbutton', { name: 'Cost of a ticket, high' }).fill('30');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.locator('#costHigh-error').waitFor();
    await expect(page.locator('#costLow-error').count()).resolves.toBe(0);
    await expect(
      settings.getByRole('spinbutton', { name: 'Cost of a ticket, high' }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');

    // 12.25% (to the hundredth, as the API may set it) and $10 to $30 a ticket: the estimate follows,
    // and the range stays.
    await settings.getByRole('spinbutton', { name: /^Indirect share/ }).fill('12.25');
    await settings.getByRole('spinbutton', { name: 'Cost of a ticket, low' }).fill('10');
    await settings.getByRole('spinbutton', { name: 'Cost of a ticket, high' }).fill('30');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Analytics settings saved: counting is on.').waitFor();
    expect(page.url()).toBe(pastUrl());
    const estimate = estimateDeflection(PAST_TOTALS, { indirectShare: 0.1225, costLow: 10, costHigh: 30 });
    const dollars = (n: number) => `$${Math.round(n).toLocaleString('en')}`;
    const headline = page.getByRole('region', { name: 'Deflection' }).locator('.big');
    await headline.getByText(dollars(estimate.high)).waitFor();
    await expect(headline.textContent()).resolves.toContain(dollars(estimate.low));
    await page
      .getByRole('region', { name: 'Deflection' })
      .getByText(/\+ 12\.25% × /)
      .waitFor();
    await expect(settings.getByRole('spinbutton', { name: /^Indirect share/ }).inputValue()).resolves.toBe(
      '12.25',
    );
    await expect(stack.runtime.stores.analytics.settings({ consistent: true })).resolves.toMatchObject({
      enabled: true,
      indirectShare: 0.1225,
      costLow: 10,
      costHigh: 30,
      currency: 'USD',
    });

    // Off: the notice, with the way back for admins.
    await settings.getByRole('checkbox', { name: 'Count anonymous usage' }).uncheck();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('status')
      .getByText(/counting is off/)
      .waitFor();
    const notice = page.getByRole('note').filter({ hasText: 'Analytics is off.' });
    await notice.waitFor();
    await expect(
      notice.getByRole('link', { name: /Turn counting back on/ }).getAttribute('href'),
    ).resolves.toBe('#settings');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const readOnly = await staff.newPage();
    await gotoHydrated(readOnly, pastUrl());
    await readOnly.getByRole('note').filter({ hasText: 'Analytics is off.' }).waitFor();
    await expect(readOnly.getByRole('link', { name: /Turn counting back on/ }).count()).resolves.toBe(0);
    await readOnly.close();

    // And on again.
    await waitForHydration(page);
    await settings.getByRole('checkbox', { name: 'Count anonymous usage' }).check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Analytics settings saved: counting is on.').waitFor();
    await expect(page.getByRole('note').filter({ hasText: 'Analytics is off.' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('the settings form works without JavaScript', async () => {
    const context = await signedInContext(browser, stack.url, 'Alex Admin', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pastUrl());
    const settings = page.getByRole('region', { name: 'Settings' });
    await settings.getByRole('textbox', { name: 'Currency' }).fill('eur');
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.waitForURL(pastUrl());
    await page.getByRole('status').getByText('Analytics settings saved: counting is on.').waitFor();
    await page.getByRole('region', { name: 'Deflection' }).locator('.big').getByText(/€/).first().waitFor();
    await expect(settings.getByRole('textbox', { name: 'Currency' }).inputValue()).resolves.toBe('EUR');
    await context.close();
  });

  it('customers and visitors are refused, the page and its CSV', async () => {
    const page = await customer.newPage();
    const response = await page.goto(`${stack.url}/staff/analytics`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('link', { name: 'Analytics' }).count()).resolves.toBe(0);
    expect((await customer.request.get(`${stack.url}/staff/analytics/export.csv`)).status()).toBe(403);
    await page.close();
    const visitor = await browser.newContext();
    expect((await visitor.request.get(`${stack.url}/staff/analytics`)).status()).toBe(401);
    expect((await visitor.request.get(`${stack.url}/staff/analytics/export.csv`)).status()).toBe(401);
    await visitor.close();
  });
});
