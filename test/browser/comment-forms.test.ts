/**
 * After a comment, a reply or an edit is saved, its form lets go of the text: the comment box is empty
 * again and the reply and edit boxes close, with JavaScript (enhanced forms) and without (a fresh page),
 * so nothing invites posting the same text twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { gotoHydrated, launchChromium, signIn } from '../setup/browser.ts';

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

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

async function customer(javaScript: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await signIn(page, stack.url, 'Casey Customer', '/', { javaScript });
  await page.close();
  return context;
}

/** Opens a seeded post from its board; resolves to its address. */
async function openPost(page: Page, javaScript: boolean, title: string): Promise<string> {
  await page.goto(`${stack.url}/b/feature-requests`);
  const href = await page.getByRole('link', { name: title, exact: true }).getAttribute('href');
  const url = `${stack.url}${href}`;
  if (javaScript) await gotoHydrated(page, url);
  else await page.goto(url);
  return url;
}

/** Submits and waits for the redirect back to the post, at the new or changed comment; its id. */
async function submitAndLand(page: Page, button: string, postUrl: string): Promise<string> {
  // The page may already be at a comment's anchor: wait for the next one.
  const before = page.url();
  const landed = new RegExp(`^${postUrl}#comment-[0-9A-Z]{26}$`);
  await page.getByRole('button', { name: button }).click();
  await page.waitForURL((url) => url.href !== before && landed.test(url.href));
  return new URL(page.url()).hash.slice(1);
}

describe.each([
  { javaScript: true, label: 'with JavaScript' },
  { javaScript: false, label: 'without JavaScript' },
])('comment forms $label', ({ javaScript }) => {
  it('empty the comment box once the comment is posted, close and empty the reply box, close the edit box', async () => {
    const context = await customer(javaScript);
    const page = await context.newPage();
    const postUrl = await openPost(page, javaScript, 'Bulk edit product prices');
    const text = `Posted once (${javaScript ? 'js' : 'no js'})`;

    const box = page.getByRole('textbox', { name: 'Add a comment' });
    await box.fill(text);
    const commentId = await submitAndLand(page, 'Post comment', postUrl);
    await poll(() =>
      page
        .locator(`article#${commentId} .prose`)
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(text);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your comment is posted');
    await poll(() => box.inputValue()).toBe('');

    // A reply: its box closes and empties.
    const thread = page.locator('ol.threads > li', { has: page.locator(`article#${commentId}`) });
    const reply = thread.locator('details.reply');
    await reply.locator('summary').click();
    // Closed, a box is out of the accessibility tree: checked as the plain element afterwards.
    const replyBox = reply.locator('textarea');
    await reply.getByRole('textbox', { name: /^Your reply/ }).fill(`${text}, a reply`);
    const replyId = await submitAndLand(page, 'Post reply', postUrl);
    await poll(() =>
      thread
        .locator(`article#${replyId} .prose`)
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(`${text}, a reply`);
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your reply is posted');
    await poll(() => reply.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await poll(() => replyBox.inputValue()).toBe('');
    await poll(() => box.inputValue()).toBe('');

    // An edit: the box closes and, opened again, holds the saved text.
    const mine = page.locator(`article#${commentId}`);
    const editor = mine.locator('details.tool', { has: page.locator('summary', { hasText: 'Edit' }) });
    await editor.locator('summary').click();
    await editor.getByRole('textbox', { name: /^Your comment/ }).fill(`${text}, edited`);
    await submitAndLand(page, 'Save comment', postUrl);
    await poll(() =>
      mine
        .locator('.prose')
        .textContent()
        .then((t) => t?.trim()),
    ).toBe(`${text}, edited`);
    await poll(() => editor.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await expect(editor.locator('textarea').inputValue()).resolves.toBe(`${text}, edited`);

    // Each was posted once.
    const shown = await page
      .locator('article .prose')
      .evaluateAll((els) => els.map((e) => e.textContent?.trim()));
    expect(shown.filter((t) => t?.startsWith(text))).toEqual([`${text}, edited`, `${text}, a reply`]);
    await context.close();
  });
});
