/**
 * Signing out from the pages, with and without JavaScript: the cookie goes, and the session behind it
 * ends on the server, so a copy of the old cookie (another tab, a stolen token) signs nobody in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from '../../shared/auth/session-token.ts';
import { gotoHydrated, launchChromium, signIn, waitForHydration, type DemoPerson } from '../setup/browser.ts';

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

/** A fresh browser signed in as a demo person, with or without JavaScript. */
async function signedIn(who: DemoPerson, javaScript: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript });
  const page = await context.newPage();
  await signIn(page, stack.url, who, '/', { javaScript });
  await page.close();
  return context;
}

async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(stack.url)).find((c) => c.name === SESSION_COOKIE);
}

/** Who the site says is signed in, for a fresh browser holding just this (old) session cookie. */
async function signedInAsWith(cookie: { name: string; value: string }): Promise<string | null> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    await context.addCookies([{ name: cookie.name, value: cookie.value, url: stack.url }]);
    const page = await context.newPage();
    await page.goto(`${stack.url}/`);
    const who = page.locator('.who strong');
    return (await who.count()) > 0 ? await who.textContent() : null;
  } finally {
    await context.close();
  }
}

describe.each([
  { js: true, label: 'with JavaScript' },
  { js: false, label: 'without JavaScript' },
])('signing out $label', ({ js }) => {
  it('"Sign out" ends the session: the cookie is gone and a copy of it no longer signs in', async () => {
    const context = await signedIn('Casey Customer', js);
    const old = await sessionCookie(context);
    expect(old).toBeDefined();
    await expect(signedInAsWith(old!)).resolves.toBe('Casey Customer');

    const page = await context.newPage();
    if (js) await gotoHydrated(page, `${stack.url}/roadmap`);
    else await page.goto(`${stack.url}/roadmap`);
    const answered = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await answered).status()).toBe(303);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('You are signed out.');
    await expect(page.getByText('Signed in as').count()).resolves.toBe(0);

    await expect(sessionCookie(context)).resolves.toBeUndefined();
    await expect(signedInAsWith(old!)).resolves.toBeNull();
    await context.close();
  });

  it('"Sign out everywhere" on /account ends the sessions of every browser', async () => {
    const [here, elsewhere] = await Promise.all([
      signedIn('Sam from Product', js),
      signedIn('Sam from Product', js),
    ]);
    const [hereCookie, elsewhereCookie] = await Promise.all([sessionCookie(here), sessionCookie(elsewhere)]);
    expect(hereCookie?.value).toBeDefined();
    expect(elsewhereCookie?.value).not.toBe(hereCookie?.value);

    const page = await here.newPage();
    if (js) await gotoHydrated(page, `${stack.url}/account`);
    else await page.goto(`${stack.url}/account`);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('signed out on every device');
    await expect(sessionCookie(here)).resolves.toBeUndefined();

    // The other browser still holds its cookie, but the session behind it is gone.
    const other = await elsewhere.newPage();
    await other.goto(`${stack.url}/`);
    await other.getByRole('link', { name: 'Sign in' }).waitFor();
    await expect(other.getByText('Signed in as').count()).resolves.toBe(0);
    await expect(signedInAsWith(hereCookie!)).resolves.toBeNull();
    await expect(signedInAsWith(elsewhereCookie!)).resolves.toBeNull();
    await Promise.all([here.close(), elsewhere.close()]);
  });
});

describe('your name on /account', () => {
  it('a magic-link user, first named after their address, sets their name; a bad one is refused next to the field', async () => {
    // The link as the sign-in email would carry it.
    const token = newSessionToken();
    await stack.runtime.stores.magicLinks.create(hashSessionToken(token), {
      email: 'robin.b@example.com',
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/auth/magic/${token}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as robin.b', { exact: true }).waitFor();

    await gotoHydrated(page, `${stack.url}/account`);
    const name = page.getByRole('textbox', { name: 'Your name' });
    await expect(name.inputValue()).resolves.toBe('robin.b');
    await expect(page.getByText('single sign-on').count()).resolves.toBe(1);

    await name.fill('x'.repeat(61));
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.locator('#name-error').waitFor();
    await expect(page.locator('#name-error').textContent()).resolves.toBe('Keep it to 60 characters.');
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(name.inputValue()).resolves.toBe('x'.repeat(61));
    await waitForHydration(page);

    await name.fill('  Robin Banks ');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Signed in as Robin Banks', { exact: true }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your name is now Robin Banks.');
    await expect(page.getByRole('textbox', { name: 'Your name' }).inputValue()).resolves.toBe('Robin Banks');
    await context.close();
  });
});
