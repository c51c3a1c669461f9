/**
 * Reputation in a real browser: one customer upvotes another's answer (with JavaScript, and a third
 * without), the author cannot upvote their own, the asker accepts it; the author's profile, the name on
 * the answer and the champions page follow. Staff mark the author a champion with a reason; a customer
 * sees no such form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { gotoHydrated, launchChromium, signedInContext, waitForHydration } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
/** A answers, B asks and upvotes, C upvotes without JavaScript; the staff mark champions. */
let ada: BrowserContext;
let ben: BrowserContext;
let cleo: BrowserContext;
let staff: BrowserContext;

const stamp = Date.now().toString(36);
const ADA = `Ada Answerer ${stamp}`;
const BEN = `Ben Asker ${stamp}`;
const CLEO = `Cleo Reader ${stamp}`;
const QUESTION = `How do I export only last week’s orders? (${stamp})`;
const REASON = `Answers every export question within the hour (${stamp})`;

/** Where the shared flow got to: the question, Ada's answer and Ada's profile. */
const at = { postUrl: '', answerId: '', adaProfile: '', benProfile: '' };

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

/** A customer signed in through the host product's single sign-on, as new customers arrive. */
async function customer(name: string, javaScript = true): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const sub = name.toLowerCase().replace(/\W+/g, '-');
  const token = await signSsoToken(
    { sub, email: `${sub}@rep.example`, name, company: 'Repco' },
    stack.runtime.config.ssoSecret,
  );
  await page.goto(`${stack.url}/?sso=${token}`);
  await page.waitForURL(`${stack.url}/`);
  await page.getByRole('banner').getByText(`Signed in as ${name}`).waitFor();
  await page.close();
  return context;
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [ada, ben, cleo, staff] = await Promise.all([
    customer(ADA),
    customer(BEN),
    customer(CLEO, false),
    signedInContext(browser, stack.url, 'Sam from Product'),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const answerOf = (page: Page): Locator => page.locator(`article#${at.answerId}`);
const voteButtonOf = (answer: Locator): Locator => answer.locator('button.cvote');
const countOf = async (button: Locator) => Number(await button.locator('.count').textContent());

/** Presses a comment's vote button on an enhanced page and waits for the action's answer. */
async function pressVote(page: Page, button: Locator): Promise<void> {
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('?/voteComment'),
  );
  await button.click();
  const response = await answered;
  expect(response.status()).toBe(200);
}

/** A profile's reputation number and its history's lines, as shown. */
async function reputationOn(page: Page, profile: string) {
  await gotoHydrated(page, `${stack.url}${profile}`);
  const card = page.getByRole('region', { name: 'Reputation', exact: true });
  const history = page.getByRole('region', { name: 'Reputation history' });
  return {
    card,
    points: Number(await card.locator('.score .number').textContent()),
    lines: (await history.getByRole('listitem').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim()),
  };
}

describe('answer votes and reputation', { timeout: 180_000 }, () => {
  it('B asks, A answers; A cannot upvote their own answer', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, `${stack.url}/b/questions/new`);
    await page.getByRole('textbox', { name: 'Your question', exact: true }).fill(QUESTION);
    await page.getByRole('button', { name: 'Ask question', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    at.postUrl = page.url();
    at.benProfile =
      (await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'My profile' })
        .getAttribute('href')) ?? '';
    await page.close();

    const mine = await ada.newPage();
    await gotoHydrated(mine, at.postUrl);
    await mine.getByRole('textbox', { name: /^Your answer or comment/ }).fill('Filter by date, then export.');
    await mine.getByRole('button', { name: 'Post comment', exact: true }).click();
    await mine.waitForURL(/#comment-[0-9A-Z]{26}$/);
    await waitForHydration(mine);
    at.answerId = new URL(mine.url()).hash.slice(1);
    const answer = answerOf(mine);
    at.adaProfile = (await answer.locator('a.author').getAttribute('href')) ?? '';
    expect(at.adaProfile).toMatch(/^\/u\/[0-9A-Z]{26}$/);

    // Their own answer's button is there, disabled, and says why.
    const own = voteButtonOf(answer);
    await expect(own.isDisabled()).resolves.toBe(true);
    await expect(own.getAttribute('aria-pressed')).resolves.toBe('false');
    const hintId = (await own.getAttribute('aria-describedby')) ?? '';
    await expect(mine.locator(`#${hintId}`).textContent()).resolves.toContain('can’t upvote your own');
    await expect(answer.locator('form[action="?/voteComment"]').count()).resolves.toBe(0);
    await mine.close();
  });

  it('a visitor is sent to sign in to upvote', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(at.postUrl);
    const link = answerOf(page).getByRole('link', { name: /sign in to upvote the comment from/ });
    await expect(link.getAttribute('href')).resolves.toMatch(/sign-in\?next=/);
    await context.close();
  });

  it('B upvotes the answer: the count goes up, pressed, and A gains 10 on the answer and the profile', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, at.postUrl);
    const answer = answerOf(page);
    const button = voteButtonOf(answer);
    await expect(countOf(button)).resolves.toBe(0);
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(answer.locator('.rep').textContent()).resolves.toMatch(/^0\s+reputation$/);

    await pressVote(page, button);
    await poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await poll(() => countOf(button)).toBe(1);
    await poll(() => answer.locator('.rep').textContent()).toMatch(/^10\s+reputation$/);

    const { points, lines } = await reputationOn(page, at.adaProfile);
    expect(points).toBe(10);
    expect(lines.some((l) => l.startsWith('+10') && l.includes(QUESTION))).toBe(true);
    await page.close();
  });

  it('C upvotes and takes it back without JavaScript', async () => {
    const page = await cleo.newPage();
    await page.goto(at.postUrl);
    /** Without JavaScript the form posts and the page comes back rendered with the new state. */
    const press = async () => {
      const posted = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().includes('?/voteComment'),
      );
      await voteButtonOf(answerOf(page)).click();
      expect((await posted).status()).toBe(200);
      await page.waitForLoadState('load');
    };
    const button = () => voteButtonOf(answerOf(page));
    await expect(countOf(button())).resolves.toBe(1);
    await press();
    await poll(() => button().getAttribute('aria-pressed')).toBe('true');
    await expect(countOf(button())).resolves.toBe(2);
    await expect(answerOf(page).locator('.rep').textContent()).resolves.toMatch(/^20\s+reputation$/);

    await press();
    await poll(() => button().getAttribute('aria-pressed')).toBe('false');
    await expect(countOf(button())).resolves.toBe(1);
    await expect(answerOf(page).locator('.rep').textContent()).resolves.toMatch(/^10\s+reputation$/);
    await page.close();
  });

  it('B accepts the answer: A gets 15 and the "Problem solver" badge, B gets 2', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, at.postUrl);
    await answerOf(page)
      .getByRole('button', { name: /^Accept answer/ })
      .click();
    await answerOf(page)
      .getByRole('button', { name: /^Unaccept answer/ })
      .waitFor();
    await poll(() => answerOf(page).locator('.rep').textContent()).toMatch(/^25\s+reputation$/);

    const adaRep = await reputationOn(page, at.adaProfile);
    expect(adaRep.points).toBe(25);
    await expect(adaRep.card.getByText('Problem solver').count()).resolves.toBe(1);
    await expect(adaRep.card.getByText('First accepted answer').count()).resolves.toBe(1);
    expect(adaRep.lines[0]).toMatch(/^\+15 Answer accepted on/);
    expect(adaRep.lines.some((l) => /^\+10 Upvote on an answer to/.test(l))).toBe(true);

    const benRep = await reputationOn(page, at.benProfile);
    expect(benRep.points).toBe(2);
    expect(benRep.lines[0]).toMatch(/^\+2 Accepted an answer on/);
    await page.close();
  });
});

describe('champions', { timeout: 180_000 }, () => {
  it('a customer sees no form to mark a champion', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, `${stack.url}${at.adaProfile}`);
    await expect(page.getByText('Mark as champion').count()).resolves.toBe(0);
    await expect(page.locator('form[action="?/markChampion"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('staff mark A as a champion with a reason: the profile and /champions show it first', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${at.adaProfile}`);
    await page.locator('summary', { hasText: 'Mark as champion' }).click();
    const form = page.locator('form[action="?/markChampion"]');
    await form.getByRole('textbox', { name: /^Why they are a champion/ }).fill(REASON);
    await form.getByRole('button', { name: 'Mark as champion' }).click();
    await page.getByRole('status').getByText('Marked as a champion').waitFor();
    const card = page.getByRole('region', { name: 'Reputation', exact: true });
    await expect(card.locator('.champion .reason').textContent()).resolves.toBe(REASON);

    await gotoHydrated(page, `${stack.url}/champions`);
    const marked = page.getByRole('region', { name: 'Recognised by the team' }).getByRole('listitem');
    await expect(marked.first().getByRole('link').textContent()).resolves.toBe(ADA);
    await expect(marked.first().locator('.reason').textContent()).resolves.toBe(REASON);
    await page.close();
  });

  it('switches between this month and all time, with and without JavaScript', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Champions' }).click();
    await page.waitForURL(`${stack.url}/champions`);
    const periods = page.getByRole('navigation', { name: 'Period' });
    await expect(
      periods.getByRole('link', { name: 'This month' }).getAttribute('aria-current'),
    ).resolves.toBe('page');
    const ranked = async () =>
      (await page.locator('ol.ranked .name a').allTextContents()).filter((n) => n.endsWith(stamp));
    // Only what counted: A's 25 before B's 2; C earned nothing.
    await poll(ranked).toEqual([ADA, BEN]);
    const adaRow = page.locator('ol.ranked > li', { has: page.getByRole('link', { name: ADA }) });
    await expect(adaRow.locator('.number').textContent()).resolves.toBe('25 points');
    await expect(adaRow.getByText('Problem solver').count()).resolves.toBe(1);

    await periods.getByRole('link', { name: 'All time' }).click();
    await page.waitForURL(`${stack.url}/champions?period=all`);
    await poll(() => periods.getByRole('link', { name: 'All time' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await poll(ranked).toEqual([ADA, BEN]);
    await page.close();

    const plain = await cleo.newPage();
    await plain.goto(`${stack.url}/champions?period=all`);
    await plain.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: 'This month' }).click();
    await plain.waitForURL(`${stack.url}/champions?period=month`);
    await expect(plain.getByRole('heading', { level: 2, name: /^Most helpful in / }).count()).resolves.toBe(
      1,
    );
    await plain.close();
  });

  it('staff remove the mark: it leaves the profile and the champions page', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${at.adaProfile}`);
    await page.locator('summary', { hasText: 'Champion mark' }).click();
    await page.locator('form[action="?/unmarkChampion"]').getByRole('button').click();
    await page.getByRole('status').getByText('No longer marked as a champion').waitFor();
    await expect(page.locator('.champion').count()).resolves.toBe(0);
    await gotoHydrated(page, `${stack.url}/champions`);
    await expect(page.getByRole('link', { name: ADA }).count()).resolves.toBe(1);
    await expect(
      page.locator('ol.marked > li', { has: page.getByRole('link', { name: ADA }) }).count(),
    ).resolves.toBe(0);
    await page.close();
  });
});
