/**
 * The community guidelines in a real browser: an admin previews and saves them; a new customer must
 * tick "I accept the community guidelines" before their first comment (with JavaScript) or first post
 * (without), and is told so by the box; another accepts them on the guidelines page. Staff, who are not
 * admins, cannot edit them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { createPost, gotoHydrated, launchChromium, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let admin: BrowserContext;
let staff: BrowserContext;

const stamp = Date.now().toString(36);
const RULE = `Be kind to each other (${stamp})`;
const MARKDOWN = `## ${RULE}\n\nNo **spam**, no insults. Moderators hide what breaks these rules.`;
const REFUSAL = 'Accept the community guidelines before your first post or comment.';
const at = { post: '', version: 0 };

/** A new customer, arriving from the host product by single sign-on. */
async function newCustomer(name: string, javaScript = true): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  const sub = `${name.toLowerCase().replace(/\W+/g, '-')}-${stamp}`;
  const token = await signSsoToken(
    { sub, email: `${sub}@guidelines.example`, name: `${name} ${stamp}`, company: 'Rulesco' },
    stack.runtime.config.ssoSecret,
  );
  await page.goto(`${stack.url}/?sso=${token}`);
  await page.getByRole('banner').getByText(`Signed in as ${name} ${stamp}`).waitFor();
  await page.close();
  return context;
}

const consentBox = (page: Page) => page.getByRole('checkbox', { name: 'I accept the community guidelines' });

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [admin, staff] = await Promise.all([
    signedInContext(browser, stack.url, 'Alex Admin'),
    signedInContext(browser, stack.url, 'Sam from Product'),
  ]);
  const page = await staff.newPage();
  at.post = `/p/${await createPost(page, stack.url, 'feature-requests', `Keyboard shortcuts (${stamp})`)}`;
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('community guidelines', { timeout: 180_000 }, () => {
  it('an admin previews, then saves the guidelines; everyone reads them', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Guidelines editor' })
      .click();
    await page.waitForURL(`${stack.url}/staff/guidelines`);
    const box = page.getByRole('textbox', { name: /^Guidelines/ });
    await box.fill(MARKDOWN);
    const previewed = page.waitForResponse((r) => r.url().includes('?/preview'));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    expect((await previewed).status()).toBe(200);
    const preview = page.getByRole('region', { name: 'Preview (not saved)' });
    await preview.getByRole('heading', { name: RULE }).waitFor();
    await expect(preview.locator('strong').textContent()).resolves.toBe('spam');
    await expect(box.inputValue()).resolves.toBe(MARKDOWN);

    const saving = page.waitForResponse((r) => r.url().includes('?/save'));
    await page.getByRole('button', { name: 'Save a new version', exact: true }).click();
    expect((await saving).status()).toBe(200);
    const saved = page.getByRole('status').getByText(/^Guidelines saved: version \d+\./);
    await saved.waitFor();
    at.version = Number(/version (\d+)/.exec((await saved.textContent()) ?? '')?.[1]);
    expect(at.version).toBeGreaterThan(0);
    await expect(page.getByText(`Now at version ${at.version}, saved by Alex Admin`).count()).resolves.toBe(
      1,
    );
    await page.close();

    const visitor = await browser.newPage();
    await visitor.goto(`${stack.url}/guidelines`);
    await visitor.getByRole('heading', { name: RULE }).waitFor();
    await expect(visitor.getByText(`Version ${at.version}, updated`).count()).resolves.toBe(1);
    await expect(
      visitor.getByRole('button', { name: 'I accept the community guidelines' }).count(),
    ).resolves.toBe(0);
    await visitor.close();
  });

  it('staff who are not admins cannot edit them', async () => {
    const page = await staff.newPage();
    const response = await page.goto(`${stack.url}/staff/guidelines`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('link', { name: 'Guidelines editor' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('a new customer must tick the box before their first comment, and it works once ticked', async () => {
    const context = await newCustomer('Cora Commenter');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}${at.post}`);
    const comment = page.getByRole('textbox', { name: /^Add a comment/ });
    await comment.fill('Please add Ctrl+K for search.');
    await expect(consentBox(page).isChecked()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Post comment', exact: true }).click();
    const error = page.locator('#accept-guidelines-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe(REFUSAL);
    await expect(consentBox(page).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(comment.inputValue()).resolves.toBe('Please add Ctrl+K for search.');

    await consentBox(page).check();
    await page.getByRole('button', { name: 'Post comment', exact: true }).click();
    await page.getByRole('status').getByText('Your comment is posted.').waitFor();
    await page.getByText('Please add Ctrl+K for search.').first().waitFor();
    // Accepted once: the box is gone, and the guidelines page says when.
    await expect(consentBox(page).count()).resolves.toBe(0);
    await gotoHydrated(page, `${stack.url}/guidelines`);
    await expect(page.getByText(`You accepted version ${at.version} on`).count()).resolves.toBe(1);
    await context.close();
  });

  it('without JavaScript, a new customer must tick the box before their first post', async () => {
    const context = await newCustomer('Pete Poster', false);
    const page = await context.newPage();
    await page.goto(`${stack.url}/b/feature-requests/new`);
    const title = `Shortcuts for the roadmap (${stamp})`;
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    const posted = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: /^Post/ }).click();
    expect((await posted).status()).toBe(400);
    await page.locator('#accept-guidelines-error').waitFor();
    await expect(page.locator('#accept-guidelines-error').textContent()).resolves.toBe(REFUSAL);
    await expect(page.getByRole('textbox', { name: 'Title' }).inputValue()).resolves.toBe(title);

    await consentBox(page).check();
    await page.getByRole('button', { name: /^Post/ }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await context.close();
  });

  it('a new customer accepts them on the guidelines page; the forms then ask nothing', async () => {
    const context = await newCustomer('Alma Acceptor');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/b/feature-requests/new`);
    await expect(consentBox(page).count()).resolves.toBe(1);
    await page.getByRole('link', { name: /Read the community guidelines/ }).waitFor();

    await gotoHydrated(page, `${stack.url}/guidelines`);
    const accepting = page.waitForResponse((r) => r.url().includes('?/accept'));
    await page.getByRole('button', { name: 'I accept the community guidelines' }).click();
    expect((await accepting).status()).toBe(200);
    await page.getByRole('status').getByText('Thank you: you accepted the community guidelines.').waitFor();
    await expect(
      page.getByRole('button', { name: 'I accept the community guidelines' }).count(),
    ).resolves.toBe(0);

    await gotoHydrated(page, `${stack.url}/b/feature-requests/new`);
    await expect(consentBox(page).count()).resolves.toBe(0);
    await gotoHydrated(page, `${stack.url}${at.post}`);
    await expect(consentBox(page).count()).resolves.toBe(0);
    await context.close();
  });
});
