/**
 * The stories workspace and the public wall in a real browser, on the demo seed's stories: staff filter
 * the workspace and download what it shows as CSV, with only what each consent allows; a visitor sees
 * the featured stories on the wall with valid schema.org JSON-LD and no CSP violation; a customer gets
 * neither the workspace nor its exports.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import { gotoHydrated, launchChromium, seriousA11yViolations, signedInContext } from '../setup/browser.ts';

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

const FEATURED_QUOTE = 'Month-end close used to take our finance team three days. Now it takes one.';
const ANONYMOUS_QUOTE = 'A third fewer support tickets about orders, in the first month.';

describe('the stories workspace, as staff', () => {
  let staff: BrowserContext;
  beforeAll(async () => {
    staff = await signedInContext(browser, stack.url, 'Morgan from Marketing');
  });
  afterAll(() => staff?.close());

  it('filters the stories and downloads the filtered CSV', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Stories', exact: true })
      .click();
    await page.waitForURL(`${stack.url}/staff/stories`);
    const list = page.getByRole('region', { name: 'All stories' });
    // The seed's four stories, the internal one among them, each with its consent.
    await expect.poll(() => list.getByRole('row').count()).toBe(5);
    const internal = list.getByRole('row').filter({ hasText: 'Rollout notes from our pilot team' });
    await expect(internal.textContent()).resolves.toContain('Internal only');
    const featured = list.getByRole('row').filter({ hasText: 'We cut month-end close' });
    await expect(featured.textContent()).resolves.toMatch(
      /Name, company and logo.*Approved.*Month-end close from 3 days to 1.*Acme Logistics.*Yes.*case study/s,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('combobox', { name: 'Consent' }).selectOption({ label: 'Anonymous' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/\/staff\/stories\?.*consent=anonymous/);
    const matching = page.getByRole('region', { name: 'Matching stories' });
    await expect.poll(() => matching.getByRole('row').count()).toBe(2);
    await matching.getByRole('link', { name: 'Support tickets about orders dropped by a third' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^stories-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = parseCsv(await readFile((await file.path()) ?? '', 'utf8'));
    const record = Object.fromEntries((header ?? []).map((c, i) => [c, rows[0]?.[i]]));
    expect(rows).toHaveLength(1);
    expect(record).toMatchObject({
      consent_level: 'anonymous',
      approval: 'approved',
      use: 'public',
      byline: 'A customer',
      name: '',
      company: '',
      quote: ANONYMOUS_QUOTE,
    });
    expect(record.consent_version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The author is Priya of Northwind; the anonymous consent keeps both out.
    expect(JSON.stringify(rows)).not.toMatch(/Priya|Northwind/);
    await page.close();
  });

  it('downloads a story audit trail as CSV', async () => {
    const page = await staff.newPage();
    await page.goto(`${stack.url}/staff/stories?consent=name_company_logo`);
    const href = await page
      .getByRole('link', { name: 'We cut month-end close from three days to one' })
      .getAttribute('href');
    const response = await page.request.get(`${stack.url}${href}/audit.csv`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/csv; charset=utf-8');
    const [header, ...lines] = parseCsv(await response.text());
    expect(header?.slice(0, 3)).toEqual(['at', 'who', 'action']);
    expect(lines.map((l) => l[2])).toContain('quote_approved');
    expect(lines.find((l) => l[2] === 'quote_proposed')?.[1]).toBe('Morgan from Marketing');
    await page.close();
  });
});

describe('the public wall', () => {
  it('shows the featured stories to a visitor, with valid JSON-LD and no CSP violation', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    await gotoHydrated(page, `${stack.url}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Customer stories' })
      .click();
    await page.waitForURL(`${stack.url}/stories`);
    await page.getByRole('heading', { level: 1, name: 'Customer stories' }).waitFor();

    const featured = page.getByRole('listitem').filter({ hasText: FEATURED_QUOTE });
    await expect(featured.textContent()).resolves.toMatch(
      /— Casey Customer, Operations lead, Acme Logistics.*Month-end close from 3 days to 1.*received a \$50 gift card/s,
    );
    const anonymous = page.getByRole('listitem').filter({ hasText: ANONYMOUS_QUOTE });
    await expect(anonymous.textContent()).resolves.toContain('— A customer');
    // Neither the internal story nor the one still awaiting sign-off.
    await expect(page.getByText('Rollout notes').count()).resolves.toBe(0);
    await expect(page.getByText('one inbox').count()).resolves.toBe(0);

    const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
    expect(scripts).toHaveLength(1);
    const data = JSON.parse(scripts[0] ?? '') as {
      '@context': string;
      '@graph': { '@type': string; reviewBody: string; author: { name: string }; itemReviewed: object }[];
    };
    expect(data['@context']).toBe('https://schema.org');
    const reviews = data['@graph'];
    expect(reviews.map((r) => r['@type'])).toEqual(['Review', 'Review']);
    expect(reviews.map((r) => r.reviewBody).sort()).toEqual([ANONYMOUS_QUOTE, FEATURED_QUOTE]);
    expect(reviews.map((r) => r.author.name).sort()).toEqual(['Anonymous customer', 'Casey Customer']);
    for (const review of reviews) expect(review.itemReviewed).toMatchObject({ name: 'Hearth' });

    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(violations).toEqual([]);
    await context.close();
  });
});

describe('a customer', () => {
  it('gets no workspace, no exports and no audit trail', async () => {
    const context = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Stories', exact: true }).count()).resolves.toBe(0);
    await expect(nav.getByRole('link', { name: 'Customer stories' }).count()).resolves.toBe(1);

    const response = await page.goto(`${stack.url}/staff/stories`);
    expect(response?.status()).toBe(403);
    for (const ext of ['csv', 'json', 'md']) {
      const download = await page.request.get(`${stack.url}/staff/stories/export.${ext}`);
      expect(download.status(), ext).toBe(403);
      expect(await download.text(), ext).not.toContain('month-end');
    }
    // Casey's own story, featured: its trail is staff's proof, not the author's download.
    await page.goto(`${stack.url}/stories`);
    const href = await page
      .getByRole('link', { name: /^Read the story: We cut month-end/ })
      .getAttribute('href');
    expect((await page.request.get(`${stack.url}${href}/audit.csv`)).status()).toBe(403);
    await context.close();
  });
});
