/**
 * The pages' Content-Security-Policy (kit.csp in web/svelte.config.js) in Chromium: every page carries
 * it, no inline script runs without SvelteKit's nonce, and the app still hydrates and works with it,
 * with no violation reported anywhere along the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { gotoHydrated, launchChromium, signedInContext, voteButton, voteCount } from '../setup/browser.ts';

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

/** Everything Chromium says about CSP in this page: console errors and securitypolicyviolation events. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  return violations;
}

const directives = (header: string) =>
  new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('Content-Security-Policy', () => {
  let context: BrowserContext;

  beforeAll(async () => {
    context = await signedInContext(browser, stack.url, 'Alex Admin');
  });
  afterAll(() => context?.close());

  it('is sent with every page: scripts only from the site or with the nonce, no plugins, no framing', async () => {
    const page = await context.newPage();
    const response = await page.goto(`${stack.url}/b/feature-requests`);
    const header = response?.headers()['content-security-policy'] ?? '';
    const csp = directives(header);
    const scripts = csp.get('script-src') ?? [];
    expect(scripts).toContain("'self'");
    expect(scripts.some((s) => /^'nonce-[\w+/=-]+'$/.test(s))).toBe(true);
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    // SvelteKit's start-up script carries the nonce the header names, and no other inline script exists.
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    const inline = await page
      .locator('script:not([src])')
      .evaluateAll((els) => els.map((el) => (el as HTMLScriptElement).nonce));
    expect(inline.length).toBeGreaterThan(0);
    for (const n of inline) expect(n).toBe(nonce);
    // A fresh nonce for each response.
    const again = await page.goto(`${stack.url}/b/feature-requests`);
    expect(again?.headers()['content-security-policy']).not.toBe(header);
    await page.close();
  });

  it('lets every page load, hydrate and work, with no violation reported', async () => {
    const page = await context.newPage();
    const violations = await watchViolations(page);
    const paths = [
      '/',
      '/b/feature-requests',
      '/b/feature-requests/new',
      '/b/feature-requests/settings',
      '/roadmap',
      '/changelog',
      '/stories',
      '/staff/stories',
      '/tags',
      '/account',
      '/sign-in',
      '/dev/mailbox',
    ];
    for (const path of paths) {
      const response = await gotoHydrated(page, `${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(response?.headers()['content-security-policy'], path).toBeTruthy();
    }
    // A post page (with its votes chart), then a vote: the enhanced form's script runs under the policy.
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    const title = await page.locator('ol.posts').getByRole('heading').first().textContent();
    await page.locator('ol.posts').getByRole('heading').first().getByRole('link').click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    const button = voteButton(page, title!.trim());
    const before = await voteCount(button);
    await button.click();
    await expect.poll(() => voteCount(button), { timeout: 30_000 }).not.toBe(before);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('gives data endpoints (feed, export, similar posts) a policy that loads nothing', async () => {
    for (const path of ['/changelog.atom', '/account/export', '/b/feature-requests/similar?q=export']) {
      const response = await context.request.get(`${stack.url}${path}`);
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-security-policy'], path).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('blocks an injected inline script', async () => {
    const page = await context.newPage();
    const violations = await watchViolations(page);
    await gotoHydrated(page, `${stack.url}/`);
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      return (window as unknown as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => violations.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
