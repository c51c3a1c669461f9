/**
 * A post with more comments than one page holds: the page shows the first 50 threads and says how many
 * of the comments it shows; "Show more comments" is a plain link to the next page without JavaScript,
 * and with JavaScript loads that page below the first without reloading. Both pages pass axe.
 */
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import type { Comment, Post } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium, seriousA11yViolations, signIn } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let postUrl: string;
const nextId = monotonicFactory();

/** 60 threads and 5 replies: 3 to the first thread (written last), 2 to the 56th. */
const THREADS = 60;
const TOTAL = 65;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  const { stores } = stack.runtime;
  const now = new Date().toISOString();
  const author = { id: nextId(), name: 'Pat Pager' };
  const post: Post = {
    id: nextId(),
    boardSlug: 'feature-requests',
    kind: 'idea',
    title: 'A much discussed idea',
    body: 'Everyone has something to say.',
    status: 'open',
    authorId: author.id,
    authorName: author.name,
    voteCount: 1,
    trendScore: 0,
    commentCount: 0,
    tags: [],
    rev: 0,
    voteSeq: 0,
    createdAt: now,
    updatedAt: now,
  };
  await stores.posts.create(post, { postId: post.id, userId: author.id, votedAt: now });
  const threads: Comment[] = [];
  const write = async (body: string, parentId?: string) => {
    const comment: Comment = {
      id: nextId(),
      postId: post.id,
      ...(parentId ? { parentId } : {}),
      authorId: author.id,
      authorName: author.name,
      authorIsStaff: false,
      body,
      createdAt: new Date().toISOString(),
      deleted: false,
      hidden: false,
    };
    await stores.comments.create(comment);
    return comment;
  };
  for (let i = 0; i < THREADS; i++) threads.push(await write(`Thread number ${i}`));
  await write('A reply to thread 55', threads[55]?.id);
  await write('Another reply to thread 55', threads[55]?.id);
  for (let i = 0; i < 3; i++) await write(`Late reply ${i} to thread 0`, threads[0]?.id);
  postUrl = `${stack.url}/p/${post.id}`;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const threadItems = (page: Page) => page.locator('ol.threads > li');
const status = (page: Page) => page.locator('.paging [role="status"]').textContent();
const showMore = (page: Page) => page.getByRole('link', { name: 'Show more comments' });

/** axe runs in the page: where JavaScript is off, it checks the same address in a page where it is on. */
async function a11yViolations(page: Page, javaScript: boolean) {
  if (javaScript) return seriousA11yViolations(page);
  const checked = await browser.newPage();
  await gotoHydrated(checked, page.url());
  const violations = await seriousA11yViolations(checked);
  await checked.close();
  return violations;
}

async function expectFirstPage(page: Page, javaScript: boolean) {
  await expect(threadItems(page).count()).resolves.toBe(50);
  await expect(threadItems(page).first().textContent()).resolves.toContain('Late reply 2 to thread 0');
  await expect(threadItems(page).last().textContent()).resolves.toContain('Thread number 49');
  await expect(status(page)).resolves.toContain(`Showing 53 of ${TOTAL}`);
  await expect(showMore(page).count()).resolves.toBe(1);
  expect(await a11yViolations(page, javaScript)).toEqual([]);
}

describe('a post with more than one page of comments', () => {
  it('without JavaScript, links to the next page, which shows the rest and where it starts', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(postUrl);
    await expectFirstPage(page, false);

    await showMore(page).click();
    await page.waitForURL(/\?comments=[^&]+&shown=53#comments-heading$/);
    await expect(threadItems(page).count()).resolves.toBe(THREADS - 50);
    await expect(threadItems(page).first().textContent()).resolves.toContain('Thread number 50');
    await expect(threadItems(page).filter({ hasText: 'Thread number 55' }).textContent()).resolves.toContain(
      'Another reply to thread 55',
    );
    await expect(status(page)).resolves.toContain(`Showing 54–${TOTAL} of ${TOTAL}`);
    await expect(showMore(page).count()).resolves.toBe(0);
    expect(await a11yViolations(page, false)).toEqual([]);

    await page.getByRole('link', { name: 'Back to the first comments' }).click();
    await page.waitForURL(`${postUrl}#comments-heading`);
    await expect(threadItems(page).count()).resolves.toBe(50);
    await context.close();
  });

  it('with JavaScript, loads the next page below the first without reloading, and moves focus there', async () => {
    const page = await browser.newPage();
    await gotoHydrated(page, postUrl);
    await expectFirstPage(page, true);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    await showMore(page).click();
    await expect.poll(() => threadItems(page).count(), { timeout: 20_000 }).toBe(THREADS);
    expect(page.url()).toMatch(/\?comments=[^&]+&shown=53$/);
    await expect(
      page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).resolves.toBe(true);
    await expect(status(page)).resolves.toContain(`Showing ${TOTAL} of ${TOTAL}`);
    await expect(showMore(page).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Back to the first comments' }).count()).resolves.toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Thread number 50');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });

  it.each([true, false])(
    'sends a reply on the second page back to that page (JavaScript %s)',
    async (javaScript) => {
      const context = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await context.newPage();
      await signIn(page, stack.url, 'Casey Customer', '/', { javaScript });
      if (javaScript) await gotoHydrated(page, postUrl);
      else await page.goto(postUrl);
      await showMore(page).click();
      await expect.poll(() => page.url(), { timeout: 20_000 }).toContain('?comments=');
      const thread = threadItems(page).filter({ hasText: 'Thread number 57' });
      const reply = thread.locator('details.reply');
      await reply.locator('summary').click();
      const text = `A reply from the second page (${javaScript ? 'js' : 'no js'})`;
      await reply.getByRole('textbox', { name: /^Your reply/ }).fill(text);
      await reply.getByRole('button', { name: 'Post reply' }).click();
      await page.waitForURL(/\?comments=[^&#]+#comment-[0-9A-Z]{26}$/);
      await expect.poll(() => thread.textContent(), { timeout: 20_000 }).toContain(text);
      await expect(page.getByRole('link', { name: 'Back to the first comments' }).count()).resolves.toBe(1);
      await context.close();
    },
  );
});
