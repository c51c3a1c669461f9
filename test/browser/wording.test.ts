/**
 * Each kind of board speaks its own language (shared/domain/board-kinds.ts): the demo's Bugs, Questions
 * and Success stories boards do not ask for ideas, offer only the filters that fit them, and an answered
 * question is not also shown as "Open".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { launchChromium, signIn } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let staff: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  staff = await browser.newContext({ javaScriptEnabled: false });
  const page = await staff.newPage();
  await signIn(page, stack.url, 'Sam from Product', '/', { javaScript: false });
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const BOARDS = [
  {
    slug: 'feature-requests',
    kinds: 'Ideas',
    newPost: 'New post',
    submit: 'Post idea',
    title: 'Title',
    body: /^Details/,
    statuses: true,
    answers: false,
  },
  {
    slug: 'bugs',
    kinds: 'Bugs',
    newPost: 'Report a bug',
    submit: 'Report bug',
    title: 'What went wrong',
    body: /^Steps to reproduce/,
    statuses: true,
    answers: false,
  },
  {
    slug: 'questions',
    kinds: 'Questions',
    newPost: 'Ask a question',
    submit: 'Ask question',
    title: 'Your question',
    body: /^Details/,
    statuses: false,
    answers: true,
  },
  {
    slug: 'success-stories',
    kinds: 'Stories',
    newPost: 'Share a story',
    submit: 'Share story',
    title: 'What did you achieve?',
    body: /^Tell the story/,
    statuses: false,
    answers: false,
  },
] as const;

const optionsOf = (page: Page, label: string) =>
  page.getByRole('combobox', { name: label }).locator('option').allTextContents();

describe.each(BOARDS)('the $slug board', (board) => {
  it('names its kind on the board list, and its board and new-post pages use its words', async () => {
    const page = await staff.newPage();
    await page.goto(`${stack.url}/`);
    const card = page.locator('ul.boards > li', { has: page.locator(`a[href="/b/${board.slug}"]`) });
    await expect(card.locator('.kind').allTextContents()).resolves.toEqual([board.kinds]);

    await page.goto(`${stack.url}/b/${board.slug}`);
    await expect(page.getByRole('link', { name: board.newPost, exact: true }).count()).resolves.toBe(1);
    const statusFilter = page.getByRole('combobox', { name: 'Status' });
    if (board.statuses) {
      await expect(optionsOf(page, 'Status')).resolves.toEqual([
        'Any status',
        'Open',
        'Under review',
        'Planned',
        'In progress',
        'Shipped',
        'Declined',
      ]);
    } else {
      await expect(statusFilter.count()).resolves.toBe(0);
    }
    if (board.answers) {
      await expect(optionsOf(page, 'Answer')).resolves.toEqual(['Answered or not', 'Unanswered', 'Answered']);
    } else {
      await expect(page.getByRole('combobox', { name: 'Answer' }).count()).resolves.toBe(0);
    }

    await page.getByRole('link', { name: board.newPost, exact: true }).click();
    await page.waitForURL(`${stack.url}/b/${board.slug}/new`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(board.newPost);
    await expect(page.getByRole('textbox', { name: board.title, exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('textbox', { name: board.body }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: board.submit, exact: true }).count()).resolves.toBe(1);
    const placeholders = await page
      .locator('input[placeholder], textarea[placeholder]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('placeholder') ?? ''));
    if (board.slug !== 'feature-requests') {
      expect(placeholders.join(' ')).not.toMatch(/gets in the way|Export reports as CSV/);
    }
    await page.close();
  });
});

describe('an answered question', () => {
  it('shows "Answered" and not "Open", and the Answer filter finds it', async () => {
    const title = 'How do I invite a teammate without giving admin rights?';
    const page = await staff.newPage();
    await page.goto(`${stack.url}/b/questions?answered=no`);
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    const meta = page.locator('article.post .meta').first();
    await expect(meta.locator('.answered').count()).resolves.toBe(0);
    await expect(meta.locator('.status').textContent()).resolves.toContain('Open');

    await page.getByRole('button', { name: /^Accept answer/ }).click();
    await page.getByRole('button', { name: /^Unaccept answer/ }).waitFor();
    await expect(meta.locator('.answered').textContent()).resolves.toBe('Answered');
    await expect(meta.locator('.status').count()).resolves.toBe(0);

    await page.goto(`${stack.url}/b/questions?answered=yes`);
    await expect(page.getByRole('link', { name: title, exact: true }).count()).resolves.toBe(1);
    await page.goto(`${stack.url}/b/questions?answered=no`);
    await expect(page.getByRole('link', { name: title, exact: true }).count()).resolves.toBe(0);
    await page.close();
  });
});
