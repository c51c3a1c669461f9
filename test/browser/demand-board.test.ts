/**
 * Demand on the board page in a real browser: staff sort by MRR and by companies, set thresholds, see
 * each post's demand and download the board as CSV and JSON; a customer sees none of it, a hand-typed
 * demand sort shows them the usual board, and the export answers them with no file.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import { gotoHydrated, launchChromium, seriousA11yViolations, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let staff: BrowserContext;
let customer: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  staff = await signedInContext(browser, stack.url, 'Sam from Product');
  customer = await signedInContext(browser, stack.url, 'Casey Customer');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const BOARD = '/b/feature-requests';

/** Each listed post's demand, as its row shows it ("3 companies · $12,400 MRR"), in list order. */
async function listedDemand(page: Page): Promise<{ companies: number; mrr: number }[]> {
  const texts = await page.locator('ol.posts > li .demand').allTextContents();
  return texts.map((text) => {
    const match = /(\d+) compan(?:y|ies) · \$([\d,]+) MRR/.exec(text.replace(/\s+/g, ' '));
    if (!match) throw new Error(`Not a demand line: ${text}`);
    return { companies: Number(match[1]), mrr: Number(match[2]?.replaceAll(',', '')) };
  });
}

const descending = (values: number[]) => values.every((v, i) => i === 0 || v <= (values[i - 1] ?? v));

describe('demand on the board, as staff', () => {
  it('sorts by MRR and by companies, filters by a minimum, and shows each post its demand', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${BOARD}`);
    const sorts = page.getByRole('navigation', { name: 'Sort posts' });

    await sorts.getByRole('link', { name: 'Top MRR' }).click();
    await page.waitForURL(`${stack.url}${BOARD}?sort=mrr`);
    await expect(sorts.getByRole('link', { name: 'Top MRR' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    const byMrr = await listedDemand(page);
    expect(byMrr.length).toBeGreaterThan(2);
    expect(byMrr.length).toBe(await page.locator('ol.posts > li').count());
    expect(descending(byMrr.map((d) => d.mrr))).toBe(true);
    // The seeded votes come from paying companies: the top post has some.
    expect(byMrr[0]?.mrr).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await sorts.getByRole('link', { name: 'Most companies' }).click();
    await page.waitForURL(`${stack.url}${BOARD}?sort=companies`);
    expect(descending((await listedDemand(page)).map((d) => d.companies))).toBe(true);

    // A threshold between the highest and the lowest MRR shown: only posts at or above it stay.
    await sorts.getByRole('link', { name: 'Top MRR' }).click();
    await page.waitForURL(`${stack.url}${BOARD}?sort=mrr`);
    const min = Math.max(1, Math.floor(((byMrr[0]?.mrr ?? 0) + (byMrr.at(-1)?.mrr ?? 0)) / 2));
    await page.getByRole('spinbutton', { name: 'Min MRR' }).fill(String(min));
    await page.getByRole('button', { name: 'Show posts' }).click();
    await page.waitForURL((url) => url.searchParams.get('minMrr') === String(min));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('mrr');
    const filtered = await listedDemand(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThan(byMrr.length);
    expect(filtered.every((d) => d.mrr >= min)).toBe(true);
    await expect(page.getByRole('spinbutton', { name: 'Min MRR' }).inputValue()).resolves.toBe(String(min));
    // Clearing the filters drops the threshold too.
    await page.getByRole('link', { name: 'Clear' }).click();
    await page.waitForURL(`${stack.url}${BOARD}?sort=mrr`);
    await page.close();
  });

  it('downloads the board as CSV and as JSON', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${BOARD}`);
    const today = new Date().toISOString().slice(0, 10);

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe(`feature-requests-posts-${today}.csv`);
    const [header, ...rows] = parseCsv(await readFile(await csv.path(), 'utf8'));
    expect(header).toEqual([
      'id',
      'title',
      'status',
      'kind',
      'votes',
      'companies',
      'mrr',
      'tags',
      'link',
      'created_at',
    ]);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.map((r) => r[1])).toContain('Export reports as CSV');

    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export JSON' }).click(),
    ]);
    expect(json.suggestedFilename()).toBe(`feature-requests-posts-${today}.json`);
    const items = JSON.parse(await readFile(await json.path(), 'utf8')) as { id: string }[];
    expect(items.map((i) => i.id).toSorted()).toEqual(rows.map((r) => r[0]).toSorted());

    // A post's voters, from the address its page links to.
    const postId = rows.find((r) => r[1] === 'Export reports as CSV')?.[0];
    const voters = await page.request.get(`${stack.url}/p/${postId}/voters.csv`);
    expect(voters.status()).toBe(200);
    expect(voters.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(voters.headers()['content-disposition']).toBe(
      `attachment; filename="post-${postId}-voters-${today}.csv"`,
    );
    const [voterHeader, ...voterRows] = parseCsv(await voters.text());
    expect(voterHeader).toEqual(['name', 'company', 'mrr', 'voted_at', 'source', 'added_by', 'note']);
    expect(voterRows.length).toBeGreaterThan(1);
    const forCustomer = await customer.request.get(`${stack.url}/p/${postId}/voters.csv`);
    expect(forCustomer.status()).toBe(403);
    expect(forCustomer.headers()['content-disposition']).toBeUndefined();
    await page.close();
  });
});

describe('demand on the board, as a customer', () => {
  it('shows neither the demand controls nor the figures, and a demand sort falls back', async () => {
    const page = await customer.newPage();
    await gotoHydrated(page, `${stack.url}${BOARD}`);
    await page.locator('ol.posts > li').first().waitFor();
    const sorts = page.getByRole('navigation', { name: 'Sort posts' });
    await expect(sorts.getByRole('link').allTextContents()).resolves.toEqual(['Trending', 'Top', 'New']);
    await expect(page.getByRole('spinbutton').count()).resolves.toBe(0);
    await expect(page.getByText('Min MRR').count()).resolves.toBe(0);
    await expect(page.locator('.demand').count()).resolves.toBe(0);
    for (const name of ['Export CSV', 'Export JSON']) {
      await expect(page.getByRole('link', { name, exact: true }).count()).resolves.toBe(0);
    }

    // A hand-typed demand sort and threshold: the usual board, not an error.
    const response = await page.goto(`${stack.url}${BOARD}?sort=mrr&minMrr=1000`);
    expect(response?.status()).toBe(200);
    await expect(sorts.getByRole('link', { name: 'Trending' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await expect(page.locator('.demand').count()).resolves.toBe(0);
    await page.close();
  });

  it('gets no file from the export addresses', async () => {
    for (const path of [`${BOARD}/export.csv`, `${BOARD}/export.json`]) {
      const response = await customer.request.get(`${stack.url}${path}`);
      expect(response.status(), path).toBe(403);
      expect(response.headers()['content-disposition'], path).toBeUndefined();
      // A visitor is asked to sign in first; still no file.
      const visitor = await browser.newContext();
      const anonymous = await visitor.request.get(`${stack.url}${path}`);
      expect(anonymous.status(), path).toBe(401);
      expect(anonymous.headers()['content-disposition'], path).toBeUndefined();
      await visitor.close();
    }
  });
});
