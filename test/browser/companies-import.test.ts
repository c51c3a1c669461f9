/**
 * The staff companies page in a real browser: an admin previews a CSV file (rows that would be created,
 * a row's error in plain words), imports it and finds the companies listed; the same without
 * JavaScript; a large file imported in parts with a progress bar; staff see the list but cannot import;
 * customers get no access.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import {
  gotoHydrated,
  launchChromium,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let admin: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  admin = await signedInContext(browser, stack.url, 'Alex Admin');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

// Generous: on a loaded machine a request and the re-render after it can take seconds.
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout });

const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });

const SMALL = [
  'id,name,mrr,plan,owner',
  'acme,Acme Anvils,1200,Pro,alex@example.com',
  'beta,Beta Bakery,,Starter,',
  'gamma,Gamma Gears,12.50,Pro,',
].join('\n');

/** The cells of the report's row with this number, as text. */
const reportRow = (page: Page, row: number) =>
  page
    .getByRole('region', { name: /^(Preview|Import result)/ })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: String(row), exact: true }) });

describe('the companies import, as an admin', () => {
  it('previews a file with a bad row, imports the good rows, and lists them', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Companies' }).click();
    await page.waitForURL(`${stack.url}/staff/companies`);
    // The local stack seeds a few companies; the file's are not among them.
    const list = page.getByRole('region', { name: 'All companies' });
    await list.getByRole('link', { name: 'Acme Logistics' }).waitFor();
    await expect(list.getByRole('link', { name: 'Acme Anvils' }).count()).resolves.toBe(0);

    await page.getByLabel('CSV file').setInputFiles(csvFile('companies.csv', SMALL));
    const previewed = page.waitForResponse((r) => r.url().endsWith('?/preview'));
    await page.getByRole('button', { name: 'Preview' }).click();
    expect((await previewed).status()).toBe(200);
    await page.getByRole('heading', { name: 'Preview: nothing is saved yet' }).waitFor();
    await expect(reportRow(page, 2).textContent()).resolves.toMatch(/acme\s*Acme Anvils\s*Would create/);
    await expect(reportRow(page, 3).textContent()).resolves.toMatch(/beta\s*Beta Bakery\s*Would create/);
    await expect(reportRow(page, 4).textContent()).resolves.toContain(
      'MRR must be a whole number (whole currency units, no cents).',
    );
    await expect(page.locator('.counts').textContent()).resolves.toMatch(
      /2\s+would create.*1\s+with errors/s,
    );
    // The report, its error row highlighted, passes axe as the plain page does (a11y.test.ts).
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A preview saves nothing.
    await expect(list.getByRole('link', { name: 'Acme Anvils' }).count()).resolves.toBe(0);

    const imported = page.waitForResponse((r) => r.url().endsWith('?/import'));
    await page.getByRole('button', { name: 'Import' }).click();
    expect((await imported).status()).toBe(200);
    await page.getByRole('heading', { name: 'Import result' }).waitFor();
    await expect(page.locator('#import-status').textContent()).resolves.toBe('Imported 3 of 3 rows.');
    const counts = page.locator('.counts');
    await expect(counts.textContent()).resolves.toMatch(
      /2\s+created\s+0\s+updated\s+0\s+unchanged\s+1\s+not imported/,
    );
    await expect(reportRow(page, 4).textContent()).resolves.toContain('Not imported');

    const acme = list.getByRole('link', { name: 'Acme Anvils' });
    await acme.waitFor();
    await expect(acme.getAttribute('href')).resolves.toBe('/staff/companies/acme');
    await expect(
      list
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: 'Acme Anvils' }) })
        .textContent(),
    ).resolves.toMatch(/Acme Anvils\s*acme\s*1,200 \/ month\s*Pro\s*alex@example.com/);
    await expect(list.getByRole('link', { name: 'Beta Bakery' }).count()).resolves.toBe(1);
    await expect(list.getByRole('link', { name: 'Gamma Gears' }).count()).resolves.toBe(0);
    await page.close();
  });

  it('works without JavaScript: the preview keeps the rows for the import', async () => {
    const context = await signedInContext(browser, stack.url, 'Alex Admin', { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${stack.url}/staff/companies`);
    const text = ['id,name,mrr', 'delta,Delta Dairy,300', 'acme,Acme Anvils,1500'].join('\n');
    await page.getByLabel('CSV file').setInputFiles(csvFile('more.csv', text));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview: nothing is saved yet' }).waitFor();
    await expect(reportRow(page, 2).textContent()).resolves.toContain('Would create');
    await expect(reportRow(page, 3).textContent()).resolves.toContain('Would update');
    await expect(page.getByRole('textbox', { name: /^Or paste CSV/ }).inputValue()).resolves.toBe(text);

    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import result' }).waitFor();
    await expect(page.locator('.counts').textContent()).resolves.toMatch(/1\s+created\s+1\s+updated/);
    await expect(page.getByRole('link', { name: 'Delta Dairy' }).count()).resolves.toBe(1);
    await context.close();
  });

  it('imports a large file in parts, with a progress bar that reaches the total', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/staff/companies`);
    const rows = Array.from({ length: 1200 }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      // The last row of the first part has a quoted plan with a line break: it must stay one row.
      return i === 499 ? `bulk-${n},Bulk Co ${n},${i},"Pro\nAnnual"` : `bulk-${n},Bulk Co ${n},${i},`;
    });
    rows[1100] = 'bulk-1101,Bulk Co 1101,lots,';
    await page
      .getByLabel('CSV file')
      .setInputFiles(csvFile('bulk.csv', ['id,name,mrr,plan', ...rows].join('\n')));
    const parts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('?/import')) parts.push(r.url());
    });
    await page.getByRole('button', { name: 'Import' }).click();
    const status = page.locator('#import-status');
    await poll(() => status.textContent(), 60_000).toBe('Imported 1,200 of 1,200 rows.');
    const bar = page.locator('progress');
    await expect(bar.getAttribute('max')).resolves.toBe('1200');
    await expect(bar.evaluate((el: HTMLProgressElement) => el.value)).resolves.toBe(1200);
    expect(parts).toHaveLength(3);
    await expect(page.locator('.counts').textContent()).resolves.toMatch(/1,199\s+created/);
    // The bad row is numbered as in the file (header = row 1), though it came in the third part.
    await expect(reportRow(page, 1102).textContent()).resolves.toContain('MRR must be a whole number');
    // A row cut in two at a part's end would show as errors here.
    await expect(page.locator('.counts').textContent()).resolves.toMatch(/1\s+not imported/);
    await page
      .getByText('Showing every row with an error and the first 200 others (201 of 1,200 rows).')
      .waitFor();
    await page.close();
  });
});

describe('who may see and import companies', () => {
  it('staff see the list, but no import form, and cannot post one', async () => {
    const staff = await signedInContext(browser, stack.url, 'Sam from Product');
    const page = await staff.newPage();
    const response = await page.goto(`${stack.url}/staff/companies`);
    expect(response?.status()).toBe(200);
    await waitForHydration(page);
    await page.getByRole('link', { name: 'Acme Anvils' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Import from CSV' }).count()).resolves.toBe(0);
    await expect(page.getByLabel('CSV file').count()).resolves.toBe(0);
    const posted = await page.request.post(`${stack.url}/staff/companies?/import`, {
      headers: { origin: stack.url, accept: 'application/json', 'x-sveltekit-action': 'true' },
      multipart: { csv: 'id,name\nsneaky,Sneaky Ltd' },
    });
    await expect(posted.json()).resolves.toMatchObject({ type: 'failure', status: 403 });
    await staff.close();
  });

  it('customers and visitors get no access, and no Companies link', async () => {
    const customer = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await customer.newPage();
    const response = await page.goto(`${stack.url}/staff/companies`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('link', { name: 'Acme Anvils' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Companies' }).count()).resolves.toBe(0);
    await customer.close();

    const visitor = await browser.newPage();
    const anonymous = await visitor.goto(`${stack.url}/staff/companies`);
    expect(anonymous?.status()).toBe(401);
    await visitor.close();
  });
});
