/**
 * The visitors' analytics signals in a real browser (issue 18). A customer with an ordinary desktop
 * browser searches a board and opens a result, types a title on the new-post form and sees suggestions,
 * opens one, comes back and posts anyway, reads an answered question and says it answered theirs. Each
 * day counter moves by exactly what they did, and the answerer's reach shows on their profile and the
 * champions page. Then a staff member and a crawler (Googlebot's user agent: a bot) do the same things,
 * and nothing moves. What is not a person reading counts nothing either: a link hovered (the post page's
 * data preloads), a prefetch of a /go/ link, a form sent twice.
 *
 * Counters are read through the analytics service as staff, as the dashboard reads them; other tests'
 * counts on the same day do not matter, as each step compares with the counts just before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../shared/demo/identities.ts';
import { utcDay, VISITOR_SIGNALS, type DayCounter, type DayCounters } from '../../shared/domain/analytics.ts';
import { actorFor, type Actor, type User } from '../../shared/domain/types.ts';
import {
  gotoHydrated,
  launchChromium,
  seriousA11yViolations,
  reloadHydrated,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

/** What an ordinary visitor's Chrome says; Playwright's own says "HeadlessChrome", which counts as a bot. */
const DESKTOP_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** A crawler, said outright (not left to the headless browser's own user agent). */
const GOOGLEBOT =
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/131.0.0.0 Safari/537.36';

/** Every counter a visitor's actions move, and the helpful answers. */
const WATCHED = [...VISITOR_SIGNALS, 'formsPostedAfterSuggestion', 'helpfulYes', 'helpfulNo'] as const;

let stack: LocalStack;
let browser: Browser;
let staffActor: Actor;
/** The customer whose visit is counted, the staff member and the crawler (a bot) whose are not. */
let reader: BrowserContext;
let staff: BrowserContext;
let bot: BrowserContext;

const stamp = Date.now().toString(36);
const QUESTION = `How do I archive quarterly invoices in bulk? (${stamp})`;
const SEARCH = `archive quarterly invoices ${stamp}`;
const ANSWERER = `Ana Answerer ${stamp}`;
const at = { questionId: '', answererId: '' };
/** The UTC day the tests began: counters are summed from it to today, so that midnight moves nothing. */
let firstDay = '';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

/** A customer as the host product's single sign-on makes them. */
async function ssoUser(name: string): Promise<User> {
  const sub = name.toLowerCase().replace(/\W+/g, '-');
  const token = await signSsoToken(
    { sub, email: `${sub}@signals.example`, name, company: 'Signalco' },
    stack.runtime.config.ssoSecret,
  );
  return (await stack.runtime.services.auth.signInWithSso({ token })).user;
}

/** A browser context signed in as a new customer, with an ordinary desktop browser's user agent. */
async function customerContext(name: string, javaScript = true): Promise<BrowserContext> {
  const context = await browser.newContext({ userAgent: DESKTOP_CHROME, javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const sub = name.toLowerCase().replace(/\W+/g, '-');
  const token = await signSsoToken(
    { sub, email: `${sub}@signals.example`, name, company: 'Signalco' },
    stack.runtime.config.ssoSecret,
  );
  await page.goto(`${stack.url}/?sso=${token}`);
  await page.waitForURL(`${stack.url}/`);
  await page.getByRole('banner').getByText(`Signed in as ${name}`).waitFor();
  await page.close();
  return context;
}

/** The watched counters since the tests began, as the dashboard reads them (the service's clock: the system's). */
async function counters(): Promise<Record<(typeof WATCHED)[number], number>> {
  const today = utcDay(new Date());
  const report = await stack.runtime.services.analytics.report(staffActor, { from: firstDay, to: today });
  return Object.fromEntries(WATCHED.map((c) => [c, report.totals[c as DayCounter]])) as Record<
    (typeof WATCHED)[number],
    number
  >;
}

/** The counters `before`, moved by `moved` (every other watched counter unchanged). */
function plus(before: Awaited<ReturnType<typeof counters>>, moved: Partial<DayCounters>) {
  return Object.fromEntries(WATCHED.map((c) => [c, before[c] + (moved[c] ?? 0)]));
}

const reach = async (period: string) =>
  (await stack.runtime.services.analytics.reach([at.answererId], period)).get(at.answererId) ?? 0;

/** Searches the questions board as a visitor would: the search box, then "Show posts". */
async function search(page: Page, q: string): Promise<void> {
  await gotoHydrated(page, `${stack.url}/b/questions`);
  await page.getByRole('searchbox', { name: 'Search this board' }).fill(q);
  await page.getByRole('button', { name: 'Show posts', exact: true }).click();
  await page.getByRole('heading', { name: /matching/ }).waitFor();
}

/** Follows a counted link (`/go/…`), which answers 303 to the post; resolves to the link's address. */
async function openCounted(page: Page, link: ReturnType<Page['getByRole']>): Promise<URL> {
  const went = page.waitForRequest((r) => r.url().includes('/go/'));
  await link.click();
  const request = await went;
  await page.waitForURL(`${stack.url}/p/${at.questionId}`);
  await waitForHydration(page);
  return new URL(request.url());
}

/** Types the question's words on the new-post form; resolves to the response to its suggestions' request. */
async function typeQuestion(page: Page): Promise<Response> {
  await gotoHydrated(page, `${stack.url}/b/questions/new`);
  const similar = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().endsWith('/b/questions/similar'),
  );
  await page
    .getByRole('textbox', { name: 'Your question', exact: true })
    .fill(`Archive quarterly invoices ${stamp}`);
  return similar;
}

const helpfulGroup = (page: Page) => page.getByRole('group', { name: 'Did this answer your question?' });

beforeAll(async () => {
  firstDay = utcDay(new Date());
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  const sam = await stack.runtime.stores.users.findByEmail(DEMO_SIGN_IN_PEOPLE.staff.email);
  if (!sam) throw new Error('The demo staff member is missing');
  staffActor = actorFor(sam);

  // An answered question, straight through the services: asked by one customer, answered by another,
  // accepted by the asker.
  const [asker, answerer] = [await ssoUser(`Asa Asker ${stamp}`), await ssoUser(ANSWERER)];
  at.answererId = answerer.id;
  const { services } = stack.runtime;
  const question = await services.posts.create(actorFor(asker), 'questions', {
    title: QUESTION,
    body: 'Every quarter I archive the invoices one by one.',
    kind: 'question',
  });
  at.questionId = question.id;
  const answer = await services.comments.create(actorFor(answerer), question.id, {
    body: 'Select them all in the invoice list, then choose Archive from the bulk actions.',
  });
  await services.posts.acceptAnswer(actorFor(asker), question.id, { commentId: answer.id });

  [reader, staff, bot] = await Promise.all([
    customerContext(`Rita Reader ${stamp}`),
    signedInContext(browser, stack.url, 'Sam from Product', { userAgent: DESKTOP_CHROME }),
    browser.newContext({ userAgent: GOOGLEBOT }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('analytics signals from a visitor', { timeout: 180_000 }, () => {
  it('counts a search once per visit and query, and the result opened', async () => {
    const page = await reader.newPage();
    const before = await counters();
    await search(page, SEARCH);
    await poll(counters).toEqual(plus(before, { searches: 1 }));

    // The same search again, reloaded or typed differently, is the same search in this visit.
    await reloadHydrated(page);
    await search(page, SEARCH.toUpperCase().replace(/ /g, '  '));
    const result = page.getByRole('link', { name: QUESTION, exact: true });
    await expect(result.getAttribute('rel')).resolves.toBe('nofollow');
    await expect(result.getAttribute('data-sveltekit-preload-data')).resolves.toBe('off');
    const went = await openCounted(page, result);
    expect(went.pathname).toBe(`/go/search/${at.questionId}`);
    // Opening it is also the visit's first view of an answered question: the answerer's reach.
    await poll(counters).toEqual(plus(before, { searches: 1, searchOpens: 1, answeredViews: 1 }));
    await expect(reach('ALL')).resolves.toBe(1);
    await expect(reach(new Date().toISOString().slice(0, 7))).resolves.toBe(1);
    // Read again in the same visit: not another view.
    await reloadHydrated(page);
    await expect(counters()).resolves.toEqual(
      plus(before, { searches: 1, searchOpens: 1, answeredViews: 1 }),
    );
    await page.close();
  });

  it('counts suggestions shown and opened on the new-post form, and the post made after all', async () => {
    const page = await reader.newPage();
    const before = await counters();
    const shown = await typeQuestion(page);
    const suggestion = page.locator('.similar').getByRole('link', { name: QUESTION, exact: true });
    await suggestion.waitFor();
    expect(shown.status()).toBe(204);
    await poll(counters).toEqual(plus(before, { suggestionsShown: 1 }));

    // The link names the form (its token, which is also the form's idempotency key).
    const token = await page.locator('input[name="idempotencyKey"]').inputValue();
    const went = await openCounted(page, suggestion);
    expect(`${went.pathname}${went.search}`).toBe(`/go/similar/${at.questionId}?form=${token}`);
    // Viewed already in this visit (the search above): not another view.
    await poll(counters).toEqual(
      plus(before, { suggestionsShown: 1, suggestionOpens: 1, formsLeftForSuggestion: 1 }),
    );

    // Back on the same form: its suggestions are not counted again, opening the suggestion again is not
    // another opening, and the post says it came after a suggestion.
    await page.goBack();
    await page.waitForURL(`${stack.url}/b/questions/new`);
    await waitForHydration(page);
    await expect(page.locator('input[name="idempotencyKey"]').inputValue()).resolves.toBe(token);
    const title = page.getByRole('textbox', { name: 'Your question', exact: true });
    await title.fill(`Archive quarterly invoices, but credit notes too? ${stamp}`);
    const again = page.locator('.similar').getByRole('link', { name: QUESTION, exact: true });
    await expect(again.getAttribute('href')).resolves.toBe(`/go/similar/${at.questionId}?form=${token}`);
    await openCounted(page, again);
    await page.goBack();
    await page.waitForURL(`${stack.url}/b/questions/new`);
    await waitForHydration(page);
    await title.fill(`Archive quarterly invoices, but credit notes too? ${stamp}`);
    await page.locator('.similar').getByRole('link', { name: QUESTION, exact: true }).waitFor();
    const sent = { title: await title.inputValue(), idempotencyKey: token };
    await page.getByRole('button', { name: 'Ask question', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await waitForHydration(page);
    expect(page.url()).not.toContain(at.questionId);
    const posted = plus(before, {
      suggestionsShown: 1,
      suggestionOpens: 1,
      formsLeftForSuggestion: 1,
      formsPostedAfterSuggestion: 1,
    });
    await poll(counters).toEqual(posted);

    // The same form sent again (a retry whose answer was lost) answers with the same post: not counted.
    const replay = await page.request.post(`${stack.url}/b/questions/new?/post`, {
      form: { ...sent, kind: 'question', body: '' },
      headers: { origin: stack.url, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(303);
    expect(replay.headers().location).toBe(new URL(page.url()).pathname);
    await expect(counters()).resolves.toEqual(posted);

    // A new form is a new form: posted without opening a suggestion, it is not "after a suggestion".
    await gotoHydrated(page, `${stack.url}/b/questions/new`);
    expect(await page.locator('input[name="idempotencyKey"]').inputValue()).not.toBe(token);
    await page
      .getByRole('textbox', { name: 'Your question', exact: true })
      .fill(`Archiving credit notes by customer ${stamp}`);
    await page.getByRole('button', { name: 'Ask question', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    // (Its own suggestions may have shown: only the posts after a suggestion matter here.)
    await expect(counters()).resolves.toMatchObject({
      formsPostedAfterSuggestion: posted.formsPostedAfterSuggestion,
      formsLeftForSuggestion: posted.formsLeftForSuggestion,
    });
    await page.close();
  });

  it('counts "this answered my question", and asks only once', async () => {
    const page = await reader.newPage();
    const before = await counters();
    await gotoHydrated(page, `${stack.url}/p/${at.questionId}`);
    const group = helpfulGroup(page);
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('?/helpful'),
    );
    await group.getByRole('button', { name: 'Yes', exact: true }).click();
    expect((await answered).status()).toBe(200);
    await page.getByRole('status').getByText('Thank you for telling us.').waitFor();
    await expect(group.count()).resolves.toBe(0);
    await poll(counters).toEqual(plus(before, { helpfulYes: 1 }));
    // Sent again (the page's form before it was answered, a double click): thanked, not counted again.
    const again = await page.request.post(`${stack.url}/p/${at.questionId}?/helpful`, {
      form: { answer: 'no' },
      headers: { origin: stack.url, accept: 'text/html' },
    });
    expect(again.status()).toBe(200);
    await expect(again.text()).resolves.toContain('Thank you for telling us.');
    await expect(counters()).resolves.toEqual(plus(before, { helpfulYes: 1 }));
    // The browser remembers: not asked again.
    await reloadHydrated(page);
    await expect(helpfulGroup(page).count()).resolves.toBe(0);
    await page.close();
  });

  it("shows the answerer's reach on their profile and the champions page", async () => {
    const page = await reader.newPage();
    await gotoHydrated(page, `${stack.url}/u/${at.answererId}`);
    await page.getByText('Their accepted answers were read once.').waitFor();
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    for (const period of ['month', 'all']) {
      await gotoHydrated(page, `${stack.url}/champions?period=${period}`);
      const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: ANSWERER }) });
      await expect(row.getByText('Accepted answers read once').count()).resolves.toBe(1);
      await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    }
    await page.close();
  });

  it('counts a view only when the question is read: not when a link to it is hovered', async () => {
    const context = await customerContext(`Hal Hover ${stamp}`);
    const page = await context.newPage();
    const before = await counters();
    const reachBefore = await reach('ALL');
    await gotoHydrated(page, `${stack.url}/b/questions?sort=new`);
    const link = page.getByRole('link', { name: QUESTION, exact: true });
    await expect(link.getAttribute('href')).resolves.toBe(`/p/${at.questionId}`);
    // Hovering preloads the post page's data (app.html): that load counts nothing.
    const preloaded = page.waitForResponse((r) => r.url().includes(`/p/${at.questionId}/__data.json`));
    await link.hover();
    expect((await preloaded).status()).toBe(200);
    await expect(counters()).resolves.toEqual(plus(before, {}));

    // Clicked: a client-side navigation, after which the page says it was read, once.
    const told = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith(`/p/${at.questionId}/viewed`),
    );
    await link.click();
    await page.waitForURL(`${stack.url}/p/${at.questionId}`);
    expect((await told).status()).toBe(204);
    await poll(counters).toEqual(plus(before, { answeredViews: 1 }));
    await expect(reach('ALL')).resolves.toBe(reachBefore + 1);
    // Read again in full, in the same visit: not another view.
    await reloadHydrated(page);
    await expect(counters()).resolves.toEqual(plus(before, { answeredViews: 1 }));
    // Another site cannot say it was read.
    const forged = await page.request.post(`${stack.url}/p/${at.questionId}/viewed`, {
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(forged.status()).toBe(403);
    await context.close();
  });

  it('counts a /go/ link followed by a person, once per visit: not a prefetch, a HEAD or a fetch', async () => {
    const context = await customerContext(`Pia Prefetch ${stamp}`);
    const go = `${stack.url}/go/search/${at.questionId}`;
    const before = await counters();
    const notCounted: Parameters<typeof context.request.fetch>[1][] = [
      { method: 'HEAD' },
      { headers: { 'sec-purpose': 'prefetch' } },
      { headers: { purpose: 'prefetch' } },
      { headers: { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' } },
      { headers: { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'cross-site' } },
    ];
    for (const options of notCounted) {
      const response = await context.request.fetch(go, { ...options, maxRedirects: 0 });
      expect(response.status(), JSON.stringify(options)).toBe(303);
      expect(response.headers().location).toBe(`/p/${at.questionId}`);
    }
    await expect(counters()).resolves.toEqual(plus(before, {}));
    for (let i = 0; i < 2; i++) {
      const followed = await context.request.get(go, {
        headers: { 'sec-fetch-dest': 'document', 'sec-fetch-site': 'same-origin' },
        maxRedirects: 0,
      });
      expect(followed.status()).toBe(303);
    }
    await poll(counters).toEqual(plus(before, { searchOpens: 1 }));
    await context.close();
  });

  it('counts the same without JavaScript', async () => {
    const plain = await customerContext(`Noah NoScript ${stamp}`, false);
    const page = await plain.newPage();
    const before = await counters();
    await page.goto(`${stack.url}/b/questions/new`);
    await page
      .getByRole('textbox', { name: 'Your question', exact: true })
      .fill(`Archive quarterly invoices ${stamp}`);
    const check = page.getByRole('button', { name: 'Check for similar posts', exact: true });
    await check.click();
    const suggestion = page.locator('.similar').getByRole('link', { name: QUESTION, exact: true });
    await suggestion.waitFor();
    await poll(counters).toEqual(plus(before, { suggestionsShown: 1 }));
    // Checking again is the same form: its suggestions were counted already.
    await check.click();
    await page.waitForLoadState();
    await suggestion.waitFor();
    await expect(counters()).resolves.toEqual(plus(before, { suggestionsShown: 1 }));

    // The suggestion opened names the form; the form sent afterwards (as the browser would send it
    // again from its history) counts as posted after a suggestion. A visit of its own: the answered
    // question counts a view.
    const token = await page.locator('input[name="idempotencyKey"]').inputValue();
    const title = await page.getByRole('textbox', { name: 'Your question', exact: true }).inputValue();
    await expect(suggestion.getAttribute('href')).resolves.toBe(`/go/similar/${at.questionId}?form=${token}`);
    await suggestion.click();
    await page.waitForURL(`${stack.url}/p/${at.questionId}`);
    const left = { suggestionsShown: 1, suggestionOpens: 1, formsLeftForSuggestion: 1, answeredViews: 1 };
    await poll(counters).toEqual(plus(before, left));
    const sent = await plain.request.post(`${stack.url}/b/questions/new?/post`, {
      form: { title, body: '', kind: 'question', idempotencyKey: token, suggestionsShown: '1' },
      headers: { origin: stack.url, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(sent.status()).toBe(303);
    await poll(counters).toEqual(plus(before, { ...left, formsPostedAfterSuggestion: 1 }));

    // Read again in the same visit: no view; a "No" counts.
    await page.goto(`${stack.url}/p/${at.questionId}`);
    await helpfulGroup(page).getByRole('button', { name: 'No', exact: true }).click();
    await page.getByRole('status').getByText('Thank you for telling us.').waitFor();
    await expect(helpfulGroup(page).count()).resolves.toBe(0);
    await poll(counters).toEqual(plus(before, { ...left, formsPostedAfterSuggestion: 1, helpfulNo: 1 }));
    await plain.close();
  });

  it("counts nothing for staff, a crawler or the answer's author", async () => {
    const before = await counters();
    const reachBefore = await reach('ALL');
    for (const context of [staff, bot]) {
      const page = await context.newPage();
      await search(page, SEARCH);
      await openCounted(page, page.getByRole('link', { name: QUESTION, exact: true }));
      if (context === staff) {
        await expect(helpfulGroup(page).count()).resolves.toBe(0);
      } else {
        // A bot is thanked like anyone (it cannot tell), and not counted.
        await helpfulGroup(page).getByRole('button', { name: 'No', exact: true }).click();
        await page.getByRole('status').getByText('Thank you for telling us.').waitFor();
      }
      await page.close();
    }
    const page = await staff.newPage();
    await typeQuestion(page);
    await openCounted(page, page.locator('.similar').getByRole('link', { name: QUESTION, exact: true }));
    await page.close();

    // The answer's author is not asked whether their own answer helped, and their reading is no reach.
    const answerer = await customerContext(ANSWERER);
    const own = await answerer.newPage();
    await gotoHydrated(own, `${stack.url}/p/${at.questionId}`);
    await own.getByRole('heading', { name: QUESTION }).waitFor();
    await expect(helpfulGroup(own).count()).resolves.toBe(0);
    await answerer.close();

    expect(await counters()).toEqual(plus(before, {}));
    expect(await reach('ALL')).toBe(reachBefore);
  });

  it('answers 404 for a /go/ link that names no source or no post', async () => {
    const page = await bot.newPage();
    for (const path of [`/go/elsewhere/${at.questionId}`, '/go/search/not-a-post', '/go/similar/123']) {
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(404);
    }
    const robots = await page.goto(`${stack.url}/robots.txt`);
    expect(await robots?.text()).toContain('Disallow: /go/');
    await page.close();
  });
});
