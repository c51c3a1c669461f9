/**
 * Where signing in sends people, end to end on the local stack: only to paths on this site, whatever
 * `next` says (browsers drop tabs and newlines, so `/\t/evil.example` is `//evil.example` to them), and
 * never a 500 for a newline. Plus the host product's `?sso=` link: a token signs in once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { DEMO_CUSTOMER } from '../../shared/demo/identities.ts';
import { launchChromium } from '../setup/browser.ts';

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

const OFF_SITE = [
  '/\t/evil.example',
  '/\n/evil.example',
  '//evil.example',
  '/\\evil.example',
  'https://evil.example/',
];

/** A session cookie, from the SSO API as a host product's backend would get one. */
async function sessionCookie(): Promise<string> {
  const token = await signSsoToken(DEMO_CUSTOMER, stack.runtime.config.ssoSecret);
  const response = await fetch(`${stack.url}/api/auth/sso`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

describe('after signing in', () => {
  it('/sign-in?next= sends a signed-in visitor to a path on this site, and nowhere else', async () => {
    const cookie = await sessionCookie();
    const cases: [string, string][] = [
      ['/b/feature-requests?sort=new', '/b/feature-requests?sort=new'],
      ['/\n/x', '/'],
      ...OFF_SITE.map((next): [string, string] => [next, '/']),
    ];
    for (const [next, location] of cases) {
      const response = await fetch(`${stack.url}/sign-in?next=${encodeURIComponent(next)}`, {
        headers: { cookie },
        redirect: 'manual',
      });
      expect({ next, status: response.status, location: response.headers.get('location') }).toEqual({
        next,
        status: 303,
        location,
      });
    }
  });

  it('the demo sign-in posts a next that it then refuses to follow off the site', async () => {
    for (const next of OFF_SITE) {
      const body = new URLSearchParams({ as: 'customer', next });
      const response = await fetch(`${stack.url}/dev/sign-in`, {
        method: 'POST',
        headers: {
          origin: stack.url,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
        redirect: 'manual',
      });
      expect({ next, status: response.status, location: response.headers.get('location') }).toEqual({
        next,
        status: 303,
        location: '/',
      });
    }
  });

  it('the demo sign-in answers 400 to a person it does not offer, inherited names included', async () => {
    for (const as of ['nobody', 'constructor', 'toString', '__proto__', '']) {
      const response = await fetch(`${stack.url}/dev/sign-in`, {
        method: 'POST',
        headers: { origin: stack.url, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ as }),
        redirect: 'manual',
      });
      expect({ as, status: response.status }).toEqual({ as, status: 400 });
    }
  });

  it('in Chromium, /sign-in?next=%2F%09%2Fevil.example lands on this site after signing in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.url}/sign-in?next=%2F%09%2Fevil.example`);
    await page.getByRole('button', { name: 'Sign in as Casey Customer' }).click();
    await page.waitForURL(`${stack.url}/`);
    await page.getByText('Signed in as Casey Customer').waitFor();
    await context.close();
  });
});

describe('?sso= from the host product', () => {
  it('keeps the visitor on this site, whatever the path looks like', async () => {
    const token = await signSsoToken(DEMO_CUSTOMER, stack.runtime.config.ssoSecret);
    const response = await fetch(`${stack.url}//evil.example/?sso=${token}`, { redirect: 'manual' });
    // The path reaches the app as `//evil.example/`, which a browser reads as another site.
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
  });

  it('signs in once per token: the same link opened again says it was used and signs nobody in', async () => {
    const token = await signSsoToken(
      { sub: 'link-once', email: 'link.once@example.com', name: 'Link Once' },
      stack.runtime.config.ssoSecret,
    );
    const first = await browser.newContext();
    const page = await first.newPage();
    await page.goto(`${stack.url}/roadmap?sso=${token}`);
    await page.waitForURL(`${stack.url}/roadmap`);
    await page.getByText('Signed in as Link Once.', { exact: true }).waitFor();

    const replay = await browser.newContext();
    const again = await replay.newPage();
    await again.goto(`${stack.url}/roadmap?sso=${token}`);
    await again.waitForURL(`${stack.url}/roadmap`);
    await again.getByText(/Single sign-on failed: .*already used/).waitFor();
    await expect(again.getByRole('banner').textContent()).resolves.not.toContain('Link Once');
    await first.close();
    await replay.close();
  });
});
