/**
 * The moderation audit log in a real browser: staff warn a customer; the admin finds the line (who,
 * what, why, when, before → after), pages through a long month, picks another month, and downloads the
 * month as CSV. Staff who are not admins can read neither.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../shared/demo/identities.ts';
import { actorFor } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let admin: BrowserContext;
let staff: BrowserContext;

const stamp = Date.now().toString(36);
const NAME = `Lou Loud ${stamp}`;
const FIRST = `Shouted in every thread (${stamp})`;
const month = new Date().toISOString().slice(0, 7);
const at = { profile: '' };

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [admin, staff] = await Promise.all([
    signedInContext(browser, stack.url, 'Alex Admin'),
    signedInContext(browser, stack.url, 'Sam from Product'),
  ]);
  const customer = await browser.newContext();
  const page = await customer.newPage();
  const sub = `lou-${stamp}`;
  const token = await signSsoToken(
    { sub, email: `${sub}@audit.example`, name: NAME, company: 'Loudco' },
    stack.runtime.config.ssoSecret,
  );
  await page.goto(`${stack.url}/?sso=${token}`);
  at.profile =
    (await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My profile' })
      .getAttribute('href')) ?? '';
  expect(at.profile).toMatch(/^\/u\/[0-9A-Z]{26}$/);
  await customer.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the audit log', { timeout: 180_000 }, () => {
  it('staff warn a customer; the admin reads who, what, why, when and before → after', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${at.profile}`);
    await page.locator('summary', { hasText: 'Sanction' }).click();
    await page.getByRole('radio', { name: /^Warn/ }).check();
    await page.getByRole('textbox', { name: 'Reason' }).fill(FIRST);
    await page.getByRole('button', { name: 'Apply sanction' }).click();
    await page.getByRole('status').getByText('Warning given.').waitFor();
    await page.close();

    const log = await admin.newPage();
    await gotoHydrated(log, `${stack.url}/`);
    await log.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await log.waitForURL(`${stack.url}/staff/audit`);
    await expect(log.getByLabel('Month').inputValue()).resolves.toBe(month);
    const row = log.getByRole('row').filter({ hasText: FIRST });
    await row.waitFor();
    await expect(row.getByRole('rowheader').textContent()).resolves.toBe('Sam from Product');
    const cells = (await row.getByRole('cell').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(cells[0]).toMatch(/\d{4}.*UTC$/);
    expect(cells[1]).toBe('Sanctioned Person');
    expect(cells[2]).toBe(FIRST);
    expect(cells[3]).toBe('— → Warned');
    await expect(row.getByRole('link', { name: 'Person' }).getAttribute('href')).resolves.toBe(at.profile);
    await log.close();
  });

  it('pages through a long month, newest first, and shows another month', async () => {
    // Fifty more lines, straight through the service, so the month takes two pages.
    const sam = await stack.runtime.stores.users.findByEmail(DEMO_SIGN_IN_PEOPLE.staff.email);
    expect(sam).not.toBeNull();
    const userId = at.profile.split('/').pop() ?? '';
    for (let i = 1; i <= 50; i++) {
      await stack.runtime.services.sanctions.sanction(actorFor(sam), userId, {
        level: 'warn',
        reason: `Warning ${i} (${stamp})`,
      });
    }
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/staff/audit?month=${month}`);
    const rows = page.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(50);
    await expect(rows.first().textContent()).resolves.toContain(`Warning 50 (${stamp})`);
    await expect(page.getByRole('row').filter({ hasText: FIRST }).count()).resolves.toBe(0);

    const pages = page.getByRole('navigation', { name: 'Audit log pages' });
    await pages.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    await page.getByRole('row').filter({ hasText: FIRST }).waitFor();
    await expect(rows.count()).resolves.toBe(1);
    await expect(pages.getByRole('link', { name: 'Next page' }).count()).resolves.toBe(0);
    await pages.getByRole('link', { name: 'First page' }).click();
    await page.waitForURL(`${stack.url}/staff/audit?month=${month}`);
    await expect(rows.count()).resolves.toBe(50);

    // Another month: the picker is a plain GET form, so the month is in the address.
    await page.getByLabel('Month').fill('2020-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(`${stack.url}/staff/audit?month=2020-01`);
    await page.getByRole('heading', { name: 'Nothing logged this month' }).waitFor();
    await page.close();
  });

  it('downloads the month as CSV', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/staff/audit?month=${month}`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download CSV/ }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`audit-log-${month}.csv`);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'id,at,action,actorId,actorName,targetKind,postId,commentId,userId,reason,before,after',
    );
    const mine = lines.filter((l) => l.includes(stamp));
    expect(mine).toHaveLength(51);
    // Oldest first: the warning given in the page comes first.
    expect(mine[0]).toContain(FIRST);
    expect(mine[0]).toContain('sanction,');
    expect(mine[0]).toContain('Sam from Product');
    await page.close();
  });

  it('staff who are not admins can read neither the log nor its CSV', async () => {
    const page = await staff.newPage();
    const response = await page.goto(`${stack.url}/staff/audit`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole('link', { name: 'Audit log' }).count()).resolves.toBe(0);
    const csv = await staff.request.get(`${stack.url}/staff/audit/export.csv?month=${month}`);
    expect(csv.status()).toBe(403);
    await page.close();
  });
});
