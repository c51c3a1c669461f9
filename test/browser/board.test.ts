/**
 * The board in a real browser: the local stack (DynamoDB Local, the Lambda handlers behind the local
 * gateway, the built SvelteKit app) driven through Debian's Chromium. Posting (with similar posts found
 * while the title is typed), voting with and without JavaScript, search and filters, and a phone-sized
 * screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import {
  createPost,
  gotoHydrated,
  launchChromium,
  signIn,
  signedInContext,
  voteButton,
  voteCount,
  waitForHydration,
} from '../setup/browser.ts';

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

// Generous: on a loaded machine a request and the re-render after it can take seconds.
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 30_000 });

/** The titles of the posts the board page lists, in order. */
const listedTitles = (page: Page) => page.locator('ol.posts').getByRole('heading').allTextContents();

describe('posting', () => {
  it('suggests similar posts while the title is typed, then posts and lands on the new post', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.getByRole('link', { name: 'Feature requests' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Feature requests');

    // Signing in from the header comes back to the board.
    await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign in as Casey Customer' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    await expect(page.getByRole('banner').textContent()).resolves.toContain('Casey Customer');

    await page.getByRole('link', { name: 'New post' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests/new`);
    await waitForHydration(page); // typing reaches the form's handlers
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('New post');

    const title = page.getByRole('textbox', { name: 'Title' });
    const suggestions = page.locator('[aria-live="polite"]');
    const lookedUp = page.waitForResponse((r) => r.url().includes('/b/feature-requests/similar?q=export'));
    await title.pressSequentially('export rep', { delay: 15 });
    expect((await lookedUp).status()).toBe(200);
    await suggestions.getByRole('link', { name: 'Export reports as CSV' }).waitFor();
    await expect(suggestions.getByRole('heading', { name: 'Similar posts' }).count()).resolves.toBe(1);
    await expect(suggestions.getByRole('listitem').first().textContent()).resolves.toMatch(/8 votes/);
    // Nothing was submitted: the form is where it was, with what was typed.
    expect(page.url()).toBe(`${stack.url}/b/feature-requests/new`);
    await expect(title.inputValue()).resolves.toBe('export rep');

    // A title with nothing like it says so.
    const unique = `Keyboard shortcuts ${Date.now()}`;
    await title.fill(unique);
    await suggestions.getByText('Nothing similar yet').waitFor();
    await expect(suggestions.getByRole('link').count()).resolves.toBe(0);

    await page
      .getByRole('textbox', { name: /^Details/ })
      .fill('Let me press **j** and **k** to move between ideas.');
    await page.getByRole('button', { name: 'Post idea' }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(unique);
    await expect(page.locator('.prose strong').allTextContents()).resolves.toEqual(['j', 'k']);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your post is up');
    // The author's own vote comes with the post, and they follow it.
    const vote = voteButton(page, unique);
    await expect(vote.getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await voteCount(vote)).toBe(1);
    await expect(page.getByRole('button', { name: 'Unfollow' }).count()).resolves.toBe(1);

    // It is on the board, newest first.
    await page.goto(`${stack.url}/b/feature-requests?sort=new`);
    expect((await listedTitles(page))[0]).toBe(unique);
    await page.close();
  });
});

describe('voting', () => {
  it('votes and unvotes with JavaScript, without reloading the page, and the vote is stored', async () => {
    const context = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await context.newPage();
    const title = 'Single sign-on with Okta';
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    const button = voteButton(page, title);
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('false');
    const before = await voteCount(button);

    // A marker on the window survives only if the vote goes through fetch, not a page load.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await button.click();
    await poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await poll(() => voteCount(button)).toBe(before + 1);
    await expect(
      page.getByRole('button', { name: `${before + 1} votes, remove your vote for ${title}` }).count(),
    ).resolves.toBe(1);
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    expect(page.url()).toBe(`${stack.url}/b/feature-requests`);

    // Stored, not only drawn: a reload and the post page agree.
    await page.reload();
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await voteCount(button)).toBe(before + 1);
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await waitForHydration(page);
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');

    // Unvote on the post page.
    await button.click();
    await poll(() => button.getAttribute('aria-pressed')).toBe('false');
    await poll(() => voteCount(button)).toBe(before);
    await page.reload();
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('false');
    expect(await voteCount(button)).toBe(before);
    await page.goto(`${stack.url}/b/feature-requests`);
    expect(await voteCount(button)).toBe(before);

    // The author can take back the vote that came with their post, and give it again.
    const mine = `Saved filters ${Date.now()}`;
    await createPost(page, stack.url, 'feature-requests', mine);
    const own = voteButton(page, mine);
    await expect(own.getAttribute('aria-pressed')).resolves.toBe('true');
    await own.click();
    await poll(() => own.getAttribute('aria-pressed')).toBe('false');
    await poll(() => voteCount(own)).toBe(0);
    await own.click();
    await poll(() => own.getAttribute('aria-pressed')).toBe('true');
    await poll(() => voteCount(own)).toBe(1);
    await context.close();
  });

  it('asks visitors who are not signed in to sign in before voting', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/b/feature-requests`);
    await expect(voteButton(page, 'Bulk edit product prices').count()).resolves.toBe(0);
    await page.getByRole('link', { name: /sign in to vote for Bulk edit product prices$/ }).click();
    await page.getByRole('button', { name: 'Sign in as Casey Customer' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    await expect(voteButton(page, 'Bulk edit product prices').count()).resolves.toBe(1);
    await page.close();
  });
});

describe('without JavaScript', () => {
  it('signs in, shows field errors, checks for similar posts, posts and votes through form actions', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signIn(page, stack.url, 'Casey Customer', '/b/feature-requests/new', { javaScript: false });

    // The browser's own minlength check would stop a short title; the server must answer too.
    const title = page.getByRole('textbox', { name: 'Title' });
    await title.fill('abc');
    await title.evaluate((el) => el.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Post idea' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#title-error').textContent()).resolves.toMatch(/at least 4 characters/);
    await expect(title.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(title.getAttribute('aria-describedby')).resolves.toContain('title-error');
    await expect(title.inputValue()).resolves.toBe('abc');
    await expect(page.getByRole('alert').count()).resolves.toBe(1);

    // "Check for similar posts" is the form action that stands in for the live suggestions.
    await title.fill('dark mode');
    await page.getByRole('button', { name: 'Check for similar posts' }).click();
    await page.waitForURL(/\?\/similar$/);
    const suggestions = page.locator('[aria-live="polite"]');
    await expect(
      suggestions.getByRole('link', { name: 'Dark mode for the dashboard' }).count(),
    ).resolves.toBe(1);
    await expect(title.inputValue()).resolves.toBe('dark mode');

    const mine = `Printable invoices ${Date.now()}`;
    await title.fill(mine);
    await page.getByRole('button', { name: 'Post idea' }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(mine);
    await expect(voteButton(page, mine).getAttribute('aria-pressed')).resolves.toBe('true');

    // Vote on the board: the form posts, the page comes back with the vote counted.
    await page.goto(`${stack.url}/b/feature-requests`);
    const other = voteButton(page, 'Bulk edit product prices');
    await expect(other.getAttribute('aria-pressed')).resolves.toBe('false');
    const before = await voteCount(other);
    await other.click();
    await page.waitForURL(/\?\/vote$/);
    await expect(other.getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await voteCount(other)).toBe(before + 1);
    await page.goto(`${stack.url}/b/feature-requests`);
    expect(await voteCount(other)).toBe(before + 1);

    // And take it back.
    await other.click();
    await page.waitForURL(/\?\/unvote$/);
    await expect(other.getAttribute('aria-pressed')).resolves.toBe('false');
    expect(await voteCount(other)).toBe(before);
    await context.close();
  });
});

describe('search and filters', () => {
  it('finds posts from the search box and keeps the query in the URL', async () => {
    const page = await browser.newPage();
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    await page.getByRole('searchbox', { name: 'Search this board' }).fill('csv');
    await page.getByRole('searchbox', { name: 'Search this board' }).press('Enter');
    // A GET form: the empty filters come along (`&status=&tag=`), the query is what counts.
    await page.waitForURL(
      (url) => url.pathname === '/b/feature-requests' && url.searchParams.get('q') === 'csv',
    );
    // The URL changes before the new page renders: wait for it. (The board's kind names the posts.)
    await page.getByRole('heading', { level: 2, name: /^\w+ matching “csv”$/ }).waitFor();
    const titles = await listedTitles(page);
    expect(titles).toContain('Export reports as CSV');
    expect(titles).not.toContain('Dark mode for the dashboard');
    await expect(page.getByRole('searchbox', { name: 'Search this board' }).inputValue()).resolves.toBe(
      'csv',
    );

    // A search that matches nothing says so, and offers to post it.
    await page.goto(`${stack.url}/b/feature-requests?q=${encodeURIComponent('zyzzyva quokka')}`);
    await expect(page.getByRole('heading', { name: 'Nothing matches' }).count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'suggest it yourself' }).getAttribute('href')).resolves.toBe(
      '/b/feature-requests/new',
    );

    // Filters: a status, then cleared.
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Planned' });
    await page.getByRole('button', { name: 'Show posts' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'planned');
    expect(await listedTitles(page)).toEqual(['Export reports as CSV']);
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    expect((await listedTitles(page)).length).toBeGreaterThan(3);

    // Sorting by top puts the most voted first.
    await page.getByRole('navigation', { name: 'Sort posts' }).getByRole('link', { name: 'Top' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests?sort=top`);
    const counts = await page
      .locator('ol.posts .vote .count')
      .allTextContents()
      .then((c) => c.map(Number));
    expect(counts.length).toBeGreaterThan(3);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await page.close();
  });
});

describe('on a phone', () => {
  it('fits a 375px screen without scrolling sideways', async () => {
    const context = await signedInContext(browser, stack.url, 'Casey Customer', {
      viewport: { width: 375, height: 740 },
    });
    const page = await context.newPage();
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${stack.url}/b/feature-requests`);
    await expect(page.evaluate(() => innerWidth)).resolves.toBe(375);
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
      'board',
    ).resolves.toBe(true);
    expect(await overflow(), 'board').toBeLessThanOrEqual(0);
    for (const path of ['/b/feature-requests?q=csv', '/b/feature-requests/new', '/roadmap', '/changelog']) {
      await page.goto(`${stack.url}${path}`);
      expect(await overflow(), path).toBeLessThanOrEqual(0);
    }
    await page.goto(`${stack.url}/b/feature-requests`);
    await page.getByRole('link', { name: 'Export reports as CSV', exact: true }).click();
    await page.waitForURL(/\/p\//);
    expect(await overflow(), 'post page').toBeLessThanOrEqual(0);
    await context.close();
  });
});
