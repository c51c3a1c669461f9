/**
 * axe-core on every page, in the light and the dark colour scheme (the contrast rules see each theme's
 * colours), as a visitor, a customer, the staff and an admin; and the changelog's Atom feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signDigestUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import {
  createPost,
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
/** A post of Casey's that the staff flagged: withheld, in the review queue (issue 17). */
let flaggedPost: string;

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

  // A staff flag withholds at once: Casey's post waits in the review queue, with her banner on it.
  const casey = await contextFor('light', 'Casey Customer');
  const caseyPage = await casey.newPage();
  flaggedPost = `/p/${await createPost(caseyPage, stack.url, 'feature-requests', 'Flag me for the a11y check')}`;
  await casey.close();
  const sam = await contextFor('light', 'Sam from Product');
  const flagged = await sam.request.post(`${stack.url}/api${flaggedPost.replace('/p/', '/posts/')}/flags`, {
    data: { reason: 'other', note: 'Checking the queue page.' },
    headers: { origin: stack.url },
  });
  expect(flagged.status()).toBe(201);
  await sam.close();
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
    // The analytics dashboard (issue 18): the demo's counters in every chart, and a range with none.
    for (const path of ['/staff/analytics', '/staff/analytics?from=2020-01-01&to=2020-01-07']) {
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoSeriousViolations(page, `${path} as staff (${scheme})`, () => openAllDetails(page));
    }
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
      '/staff/analytics',
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

describe.each(['light', 'dark'] as const)('moderation pages in the %s scheme', (scheme) => {
  it('flag forms with an error, the author’s banner, the review queue and its settings', async () => {
    const context = await contextFor(scheme, 'Casey Customer');
    const page = await context.newPage();
    // Someone else's post: its flag forms open, one with the note's error showing.
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    await page.getByRole('link', { name: 'Bulk edit product prices', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await waitForHydration(page);
    const flag = page.locator('article.post details.flag');
    await flag.locator('summary').click();
    await flag.getByRole('radio', { name: 'Something else' }).check();
    await flag.getByRole('button', { name: 'Send flag' }).click();
    await flag.locator('[aria-invalid="true"]').first().waitFor();
    await expectNoSeriousViolations(page, `post with flag forms (${scheme})`, () => openAllDetails(page));
    await page.goto(`${stack.url}${flaggedPost}`);
    await page.getByRole('note', { name: 'Hidden pending review' }).waitFor();
    await expectNoSeriousViolations(page, `withheld post as its author (${scheme})`);
    await context.close();

    const staff = await contextFor(scheme, 'Alex Admin');
    const staffPage = await staff.newPage();
    for (const path of [flaggedPost, '/staff/moderation', '/staff/moderation/settings']) {
      const response = await staffPage.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoSeriousViolations(staffPage, `${path} as admin (${scheme})`, () =>
        openAllDetails(staffPage),
      );
    }
    await staff.close();
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

// Issue 17, last in the file: saving guidelines here asks every member after it to accept them.
describe.each(['light', 'dark'] as const)(
  'sanction, guidelines and audit pages in the %s scheme',
  (scheme) => {
    it('the guidelines editor with a preview, the audit log, a silenced member’s pages', async () => {
      const admin = await contextFor(scheme, 'Alex Admin');
      const page = await admin.newPage();
      await gotoHydrated(page, `${stack.url}/staff/guidelines`);
      await page.getByRole('textbox', { name: /^Guidelines/ }).fill('## Be kind\n\nNo **spam**, no insults.');
      await page.getByRole('button', { name: 'Preview', exact: true }).click();
      await page.getByRole('region', { name: 'Preview (not saved)' }).waitFor();
      await expectNoSeriousViolations(page, `guidelines editor with a preview (${scheme})`);
      await page.getByRole('button', { name: 'Save a new version', exact: true }).click();
      await page
        .getByRole('status')
        .getByText(/^Guidelines saved/)
        .waitFor();

      // A new member, silenced by the admin, who has yet to accept the guidelines.
      const member = await browser.newContext({ colorScheme: scheme });
      const mine = await member.newPage();
      const sub = `a11y-silenced-${scheme}-${Date.now().toString(36)}`;
      const token = await signSsoToken(
        { sub, email: `${sub}@a11y.example`, name: `Quiet ${scheme}`, company: 'A11yco' },
        stack.runtime.config.ssoSecret,
      );
      await mine.goto(`${stack.url}/?sso=${token}`);
      const profile = await mine
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'My profile' })
        .getAttribute('href');

      // The sanction form with an error showing (a silence needs days), then the silence.
      await gotoHydrated(page, `${stack.url}${profile}`);
      await page.locator('summary', { hasText: 'Sanction' }).click();
      await page.getByRole('radio', { name: /^Silence/ }).check();
      await page.getByRole('textbox', { name: 'Reason' }).fill('Checking the pages.');
      await page.getByRole('button', { name: 'Apply sanction' }).click();
      await page.locator('#sanction-days-error').waitFor();
      await expectNoSeriousViolations(page, `profile with a sanction error (${scheme})`, () =>
        openAllDetails(page),
      );
      await page.getByRole('spinbutton', { name: /^Days/ }).fill('2');
      await page.getByRole('button', { name: 'Apply sanction' }).click();
      await page
        .getByRole('status')
        .getByText(/^Silenced/)
        .waitFor();
      await expectNoSeriousViolations(page, `profile of a silenced member (${scheme})`, () =>
        openAllDetails(page),
      );

      for (const path of ['/staff/audit', '/staff/audit?month=2020-01', '/guidelines']) {
        const response = await page.goto(`${stack.url}${path}`);
        expect(response?.status(), path).toBe(200);
        await expectNoSeriousViolations(page, `${path} as admin (${scheme})`);
      }
      await admin.close();

      // The member: the banner on every page, the guidelines box on the forms, their standing.
      for (const path of [exportPost, '/b/feature-requests/new', '/guidelines', '/account']) {
        await gotoHydrated(mine, `${stack.url}${path}`);
        await mine.getByRole('note').filter({ hasText: 'You are silenced' }).waitFor();
        await expectNoSeriousViolations(mine, `${path} as a silenced member (${scheme})`, () =>
          openAllDetails(mine),
        );
      }
      await member.close();
    });
  },
);
