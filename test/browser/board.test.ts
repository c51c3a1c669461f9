/**
 * The walking skeleton in a real browser: the local stack (DynamoDB Local, the Lambda handlers behind
 * the local gateway, the built SvelteKit app) driven through Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { launchChromium, seriousA11yViolations } from '../setup/browser.ts';

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

async function signInAsCustomer(page: Page) {
  await page.goto(`${stack.url}/b/feature-requests`);
  await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
  await page.getByRole('button', { name: 'Sign in as Casey Customer' }).click();
  await page.waitForURL(`${stack.url}/b/feature-requests`);
}

const voteButton = (page: Page, title: string) =>
  page.getByRole('button', { name: new RegExp(`(vote for|remove your vote for) ${title}$`) });

describe('board in the browser', () => {
  it('shows the seeded board, signs in, posts an idea and votes for it', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.getByRole('link', { name: 'Feature requests' }).click();
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Feature requests');
    await expect(
      page.getByRole('link', { name: 'Export reports as CSV', exact: true }).count(),
    ).resolves.toBe(1);

    await signInAsCustomer(page);
    await expect(page.locator('header').textContent()).resolves.toContain('Casey Customer');

    const title = `Keyboard shortcuts ${Date.now()}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel(/Details/).fill('Let me press **j** and **k** to move between ideas.');
    await page.getByRole('button', { name: 'Post idea' }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(title);
    await expect(page.locator('.prose strong').first().textContent()).resolves.toBe('j');

    const button = voteButton(page, title);
    await expect(button.getAttribute('aria-pressed')).resolves.toBe('false');
    await button.click();
    await page.waitForFunction(
      () => document.querySelector('button.vote')?.getAttribute('aria-pressed') === 'true',
    );
    await expect(button.locator('.count').textContent()).resolves.toBe('1');

    // The vote is stored, not only drawn: it survives a reload, and the board shows it too.
    await page.reload();
    await expect(voteButton(page, title).getAttribute('aria-pressed')).resolves.toBe('true');
    await page.goto(`${stack.url}/b/feature-requests?sort=new`);
    await expect(voteButton(page, title).locator('.count').textContent()).resolves.toBe('1');

    // Unvote.
    await voteButton(page, title).click();
    await page.waitForFunction(
      () => document.querySelector('button.vote')?.getAttribute('aria-pressed') === 'false',
    );
    await expect(voteButton(page, title).locator('.count').textContent()).resolves.toBe('0');
    await page.close();
  });

  it('works without JavaScript: form actions post, vote and show field errors', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInAsCustomer(page);

    await page.getByLabel('Title').fill('abc');
    await page.getByLabel('Title').evaluate((el) => el.removeAttribute('minlength'));
    // Without JS the browser's own minlength check would stop us; the server must answer too.
    await page.getByRole('button', { name: 'Post idea' }).click();
    await expect(page.locator('#title-error').textContent()).resolves.toMatch(/at least 4/);
    await expect(page.getByLabel('Title').inputValue()).resolves.toBe('abc');

    const before = Number(await voteButton(page, 'Bulk edit product prices').locator('.count').textContent());
    await voteButton(page, 'Bulk edit product prices').click();
    await page.waitForLoadState('load');
    await page.goto(`${stack.url}/b/feature-requests`);
    await expect(voteButton(page, 'Bulk edit product prices').locator('.count').textContent()).resolves.toBe(
      String(before + 1),
    );
    await context.close();
  });

  it('has no serious accessibility violations on the board, post and sign-in pages', async () => {
    const page = await browser.newPage();
    for (const path of ['/', '/b/feature-requests', '/dev/sign-in']) {
      await page.goto(`${stack.url}${path}`);
      expect(await seriousA11yViolations(page), path).toEqual([]);
    }
    await page.goto(`${stack.url}/b/feature-requests`);
    await page.getByRole('link', { name: 'Export reports as CSV', exact: true }).click();
    await page.waitForURL(/\/p\//);
    expect(await seriousA11yViolations(page), 'post page').toEqual([]);
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${stack.url}/b/feature-requests`);
      expect(await seriousA11yViolations(page), `board in ${scheme} mode`).toEqual([]);
    }
    await page.close();
  });

  it('answers unknown pages with a helpful 404', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${stack.url}/b/no-such-board`);
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('link', { name: 'Back to all boards' }).count()).resolves.toBe(1);
    await page.close();
  });
});
