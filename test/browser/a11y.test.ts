/**
 * axe-core on every page, in the light and the dark colour scheme (the contrast rules see each theme's
 * colours), as a visitor, a customer, the staff and an admin; and the changelog's Atom feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signDigestUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import {
  gotoHydrated,
  launchChromium,
  mailboxMessage,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
  type DemoPerson,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
/** Session cookies of the signed-in people, to open contexts in either scheme as them. */
const sessions: Partial<Record<DemoPerson, Awaited<ReturnType<BrowserContext['storageState']>>>> = {};
let exportPost: string;
let caseyId: string;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  for (const who of ['Casey Customer', 'Sam from Product', 'Alex Admin'] as const) {
    const context = await signedInContext(browser, stack.url, who);
    sessions[who] = await context.storageState();
    await context.close();
  }

  // Ids to visit, found as a visitor would, and one status change so the mailbox has an email to show.
  const context = await contextFor('light', 'Sam from Product');
  const page = await context.newPage();
  await page.goto(`${stack.url}/b/feature-requests`);
  await page.getByRole('link', { name: 'Export reports as CSV', exact: true }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  await page.getByRole('heading', { level: 1, name: 'Export reports as CSV' }).waitFor();
  exportPost = new URL(page.url()).pathname;
  caseyId = (await page.locator('a.author').first().getAttribute('href')) ?? '';
  expect(caseyId).toMatch(/^\/u\//);
  await page.goto(`${stack.url}/b/feature-requests`);
  await page.getByRole('link', { name: 'Bulk edit product prices', exact: true }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  await waitForHydration(page);
  await page.getByText('Status and official response').click();
  await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Under review' });
  await page.getByRole('textbox', { name: /^Official response/ }).fill('Looking into it: *thanks*!');
  await page.getByRole('button', { name: 'Save status' }).click();
  await page.getByRole('status').getByText('Status: Under review').waitFor();
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Scheme = 'light' | 'dark';

function contextFor(colorScheme: Scheme, who?: DemoPerson): Promise<BrowserContext> {
  return browser.newContext({ colorScheme, ...(who ? { storageState: sessions[who] } : {}) });
}

/**
 * Opens every <details> so that what they hold is checked too. After hydration, which would otherwise
 * close them again (`open={…}` in the markup) if it came later.
 */
async function openAllDetails(page: Page) {
  await waitForHydration(page);
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
}

async function expectNoSeriousViolations(page: Page, label: string, prepare?: () => Promise<unknown>) {
  await prepare?.();
  expect(await seriousA11yViolations(page), label).toEqual([]);
}

describe.each(['light', 'dark'] as const)('accessibility in the %s scheme', (scheme) => {
  /** The page really is in this scheme: the media query matches and the theme's background is used. */
  async function expectScheme(page: Page) {
    await expect(page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).resolves.toBe(
      scheme === 'dark',
    );
    await expect(page.evaluate(() => getComputedStyle(document.body).backgroundColor)).resolves.toBe(
      scheme === 'dark' ? 'rgb(22, 21, 19)' : 'rgb(247, 246, 243)',
    );
  }

  it('pages a visitor sees', async () => {
    const context = await contextFor(scheme);
    const page = await context.newPage();
    const paths = [
      '/',
      '/b/feature-requests',
      '/b/feature-requests?sort=top&status=planned',
      '/b/feature-requests?tag=reporting&sort=new',
      '/b/feature-requests?q=csv',
      '/b/feature-requests?q=zyzzyva',
      '/b/questions',
      '/b/feature-requests/new',
      exportPost,
      '/roadmap',
      '/changelog',
      '/stories',
      '/champions',
      '/champions?period=all',
      caseyId,
      `${caseyId}?tab=comments`,
      '/dev/sign-in',
      '/sign-in',
      // A digest's unsubscribe link, before confirming (opening it changes nothing), and a broken one.
      `/unsubscribe/digest/${signDigestUnsubscribe(stack.runtime.config.ssoSecret, 'email:a11y@example.com')}`,
      '/unsubscribe/digest/not-a-token',
    ];
    for (const path of paths) {
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoSeriousViolations(page, `${path} (${scheme})`);
    }
    await expectScheme(page);

    // Delivered by the in-process bus after beforeAll's status change answered: maybe not yet.
    await mailboxMessage(page, stack.url, {
      subject: '[Hearth] “Bulk edit product prices” is now under review',
    });
    await expectNoSeriousViolations(page, `mailbox (${scheme})`, () => openAllDetails(page));

    for (const path of ['/b/no-such-board', '/p/01ARZ3NDEKTSV4RRFFQ69G5FAV', '/nowhere']) {
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not found');
      await expect(page.getByRole('link', { name: 'Back to all boards' }).count()).resolves.toBe(1);
      await expectNoSeriousViolations(page, `404 ${path} (${scheme})`);
    }
    await context.close();
  });

  it('pages a signed-in customer sees, with similar posts and form errors showing', async () => {
    const context = await contextFor(scheme, 'Casey Customer');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/b/feature-requests/new`);
    await page.getByRole('textbox', { name: 'Title' }).pressSequentially('export rep');
    await page.locator('[aria-live="polite"]').getByRole('link', { name: 'Export reports as CSV' }).waitFor();
    await expectNoSeriousViolations(page, `new post with suggestions (${scheme})`);

    // A failed post: the field error and the form message.
    await page.getByRole('textbox', { name: 'Title' }).fill('abc');
    await page.getByRole('textbox', { name: 'Title' }).evaluate((el) => el.removeAttribute('minlength'));
    await page.getByRole('button', { name: 'Post idea' }).click();
    await page.locator('#title-error').waitFor();
    await expectNoSeriousViolations(page, `new post with errors (${scheme})`);

    for (const path of [
      exportPost,
      '/b/success-stories/new',
      caseyId,
      `${caseyId}?tab=following`,
      `${caseyId}?tab=votes`,
      '/roadmap',
      '/account',
    ]) {
      await page.goto(`${stack.url}${path}`);
      await expectNoSeriousViolations(page, `${path} as customer (${scheme})`, () => openAllDetails(page));
    }
    await expectScheme(page);
    await context.close();
  });

  it('a post page as staff, every control open, and the admin pages', async () => {
    const context = await contextFor(scheme, 'Sam from Product');
    const page = await context.newPage();
    await page.goto(`${stack.url}${exportPost}`);
    await expect(page.getByRole('region', { name: /^Manage this post/ }).count()).resolves.toBe(1);
    await expectNoSeriousViolations(page, `post as staff (${scheme})`, () => openAllDetails(page));
    // With a form error showing in the staff controls (their <details> are open already).
    await page.getByRole('textbox', { name: 'Post to merge into' }).fill('not a post');
    await page.getByRole('button', { name: 'Merge' }).click();
    await page.locator('#into-error').waitFor();
    await expect(
      page.getByRole('textbox', { name: 'Post to merge into' }).getAttribute('aria-invalid'),
    ).resolves.toBe('true');
    await expectNoSeriousViolations(page, `post as staff with a merge error (${scheme})`, () =>
      openAllDetails(page),
    );
    // A customer's profile as staff: the champion form open.
    await page.goto(`${stack.url}${caseyId}`);
    await expectNoSeriousViolations(page, `profile as staff (${scheme})`, () => openAllDetails(page));
    await context.close();

    const admin = await contextFor(scheme, 'Alex Admin');
    const adminPage = await admin.newPage();
    for (const path of [
      '/',
      '/b/feature-requests/settings',
      '/b/feature-requests?sort=mrr&minCompanies=1',
      '/tags',
      '/staff/companies',
      '/staff/companies/acme-logistics',
      '/staff/stories',
      '/staff/stories?consent=internal&featured=false',
      '/staff/digests',
      '/account',
      caseyId,
    ]) {
      const response = await adminPage.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoSeriousViolations(adminPage, `${path} as admin (${scheme})`);
    }
    await expect(adminPage.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await admin.close();
  });
});

describe('the axe check itself', () => {
  it('reports serious violations, so a clean result means something', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><title>t</title><main><p style="color:#777;background:#888">faint</p><img src="x.png"><button></button></main></html>',
    );
    const ids = (await seriousA11yViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast', 'image-alt']);
    await page.close();
  });
});

describe('the changelog feed', () => {
  it('is Atom that parses, with the shipped posts', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.url}/changelog`);
    const href = await page
      .locator('link[rel="alternate"][type="application/atom+xml"]')
      .getAttribute('href');
    expect(href).toBe('/changelog.atom');
    await expect(page.getByRole('link', { name: /Atom feed/ }).getAttribute('href')).resolves.toBe(href);

    const response = await page.request.get(`${stack.url}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/atom\+xml\b/);
    const xml = await response.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const feed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      const ns = 'http://www.w3.org/2005/Atom';
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        root: `${doc.documentElement.namespaceURI} ${doc.documentElement.localName}`,
        title: doc.documentElement.getElementsByTagNameNS(ns, 'title')[0]?.textContent,
        entries: [...doc.getElementsByTagNameNS(ns, 'entry')].map((e) => ({
          title: e.getElementsByTagNameNS(ns, 'title')[0]?.textContent,
          link: e.getElementsByTagNameNS(ns, 'link')[0]?.getAttribute('href'),
          updated: e.getElementsByTagNameNS(ns, 'updated')[0]?.textContent,
        })),
      };
    }, xml);
    expect(feed.errors).toBe(0);
    expect(feed.root).toBe('http://www.w3.org/2005/Atom feed');
    expect(feed.title).toBe('Hearth changelog');
    const dark = feed.entries.find((e) => e.title === 'Dark mode for the dashboard');
    expect(dark?.link).toMatch(/\/p\/[0-9A-Z]{26}$/);
    expect(Number.isNaN(Date.parse(dark?.updated ?? ''))).toBe(false);
    expect(feed.entries.map((e) => e.title)).not.toContain('Export reports as CSV');
    await page.close();
  });
});
