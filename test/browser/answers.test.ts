/**
 * A question answered in the browser: a customer asks, someone else answers twice, the asker accepts
 * the second answer (the post page's `?/acceptAnswer` form) and it leads the answers with its mark; the
 * board's answered and unanswered filters (a plain GET form) list it where it now belongs; a search
 * shows it ahead of an unanswered question that matches as well, labelled as answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { gotoHydrated, launchChromium, seriousA11yViolations, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** A word no seeded post has, so that a search finds only this test's questions. */
const WORD = `quillfeather${Date.now().toString(36)}`;

/** Asks a question on the seeded Questions board; resolves to the post's address. */
async function ask(page: Page, title: string, board = 'questions'): Promise<string> {
  await gotoHydrated(page, `${stack.url}/b/${board}/new`);
  await page.getByRole('textbox', { name: 'Your question' }).fill(title);
  await page.getByRole('button', { name: 'Ask question' }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  return page.url();
}

async function answer(page: Page, postUrl: string, body: string): Promise<void> {
  await gotoHydrated(page, postUrl);
  await page.getByRole('textbox', { name: 'Your answer or comment' }).fill(body);
  const before = page.url();
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.waitForURL((url) => url.href !== before && url.hash.startsWith('#comment-'));
}

/** The titles a board page lists, in order. */
const listed = (page: Page) => page.locator('ol.posts h3 a').allTextContents();

describe('answering and accepting a question', () => {
  it('leads with the accepted answer, files the question as answered, and finds it first', async () => {
    const asker = await signedInContext(browser, stack.url, 'Casey Customer');
    const helper = await signedInContext(browser, stack.url, 'Sam from Product');
    const askerPage = await asker.newPage();
    const helperPage = await helper.newPage();

    // GIVEN an unanswered question that matches the search word more strongly, asked first.
    await ask(askerPage, `${WORD} ${WORD}: is it supported on mobile?`);
    const postUrl = await ask(askerPage, `How do I set up ${WORD} sync?`);
    await answer(helperPage, postUrl, 'Maybe try the desktop app.');
    await answer(helperPage, postUrl, 'Settings, then Sync, then Connect.');

    // WHEN the asker accepts the second answer.
    await gotoHydrated(askerPage, postUrl);
    const threads = askerPage.locator('ol.threads > li');
    await expect(threads.first().locator('.prose').textContent()).resolves.toContain('Maybe try');
    const second = threads.filter({ hasText: 'Settings, then Sync' });
    await second.getByRole('button', { name: /^Accept answer/ }).click();

    // THEN it leads the answers, marked as accepted.
    await expect
      .poll(() => threads.first().locator('.prose').textContent(), { timeout: 20_000 })
      .toContain('Settings, then Sync');
    await expect(threads.first().getByText('Accepted answer').isVisible()).resolves.toBe(true);
    await expect(threads.nth(1).getByText('Accepted answer').count()).resolves.toBe(0);

    // The board's filter, without JavaScript's help: a GET form.
    const board = await browser.newPage({ javaScriptEnabled: false });
    await board.goto(`${stack.url}/b/questions`);
    await board.locator('#answered').selectOption('yes');
    await board.getByRole('button', { name: 'Show posts' }).click();
    await board.waitForURL(/answered=yes/);
    const answeredTitles = await listed(board);
    expect(answeredTitles).toContain(`How do I set up ${WORD} sync?`);
    expect(answeredTitles).not.toContain(`${WORD} ${WORD}: is it supported on mobile?`);
    await board.goto(`${stack.url}/b/questions?answered=no`);
    const unansweredTitles = await listed(board);
    expect(unansweredTitles).toContain(`${WORD} ${WORD}: is it supported on mobile?`);
    expect(unansweredTitles).not.toContain(`How do I set up ${WORD} sync?`);
    // Axe runs a script: on a page with JavaScript.
    await gotoHydrated(askerPage, `${stack.url}/b/questions?answered=no`);
    expect(await seriousA11yViolations(askerPage)).toEqual([]);

    // A search shows the answered question first, labelled for every reader.
    await board.goto(`${stack.url}/b/questions?q=${WORD}`);
    expect(await listed(board)).toEqual([
      `How do I set up ${WORD} sync?`,
      `${WORD} ${WORD}: is it supported on mobile?`,
    ]);
    const first = board.locator('ol.posts > li').first();
    await expect(first.locator('.answered').textContent()).resolves.toBe('Answered: an answer was accepted');
    await expect(board.locator('ol.posts > li').nth(1).locator('.answered').count()).resolves.toBe(0);

    await asker.close();
    await helper.close();
    await board.close();
  }, 120_000);

  it('orders answers by votes, and shows the asker’s reputation beside their name', async () => {
    const asker = await signedInContext(browser, stack.url, 'Casey Customer');
    const helper = await signedInContext(browser, stack.url, 'Sam from Product');
    const askerPage = await asker.newPage();
    const helperPage = await helper.newPage();
    const postUrl = await ask(askerPage, `Can ${WORD} export to PDF?`);
    await answer(helperPage, postUrl, 'Not that I know of.');
    await answer(helperPage, postUrl, 'Yes: File, then Export, then PDF.');

    await gotoHydrated(askerPage, postUrl);
    const threads = askerPage.locator('ol.threads > li');
    await expect(threads.first().locator('.prose').textContent()).resolves.toContain('Not that I know');
    // WHEN the asker upvotes the later answer, THEN after a reload it leads: votes, not age.
    const later = threads.filter({ hasText: 'Yes: File, then Export' });
    const voted = askerPage.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('?/voteComment'),
    );
    await later.getByRole('button', { name: /upvote the comment/ }).click();
    expect((await voted).status()).toBeLessThan(500);
    await expect
      .poll(() => later.getByRole('button', { name: /remove your upvote/ }).count(), { timeout: 20_000 })
      .toBe(1);
    await gotoHydrated(askerPage, postUrl);
    await expect(threads.first().locator('.prose').textContent()).resolves.toContain(
      'Yes: File, then Export',
    );

    // The post's author carries their reputation, the same figure their profile gives.
    const author = askerPage.locator('a.author').first();
    const authorId = (await author.getAttribute('href'))?.split('/').pop();
    const profile = await askerPage.request.get(`${stack.url}/api/users/${authorId}/reputation`);
    const { reputation } = (await profile.json()) as { reputation: number };
    await expect(askerPage.locator('a.author + .rep').first().textContent()).resolves.toBe(
      `${reputation} reputation`,
    );
    await asker.close();
    await helper.close();
  }, 120_000);

  it('says so when a board has no answered question, and offers the unanswered ones', async () => {
    await stack.runtime.stores.boards.create({
      slug: 'fresh-questions',
      name: 'Fresh questions',
      description: 'Nothing answered yet.',
      kinds: ['question'],
      archived: false,
      private: false,
      allowedDomains: [],
      createdAt: new Date().toISOString(),
    });
    const asker = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await asker.newPage();
    await page.goto(`${stack.url}/b/fresh-questions`);
    await page.locator('#answered').selectOption('yes');
    await page.getByRole('button', { name: 'Show posts' }).click();
    await page.waitForURL(/answered=yes/);
    await page.getByRole('heading', { name: 'No answered questions' }).waitFor();
    await page.getByText('No question here has an accepted answer yet.').waitFor();
    await ask(page, 'Where do I find my invoices?', 'fresh-questions');
    await page.goto(`${stack.url}/b/fresh-questions?answered=yes`);
    await page.getByRole('link', { name: 'Show unanswered questions' }).click();
    await page.waitForURL(/answered=no/);
    await expect.poll(() => listed(page)).toEqual(['Where do I find my invoices?']);
    await asker.close();
  }, 60_000);
});
