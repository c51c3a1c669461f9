/**
 * The demo sales rep and marketer, end to end on the seeded local stack: the sign-in pages offer them,
 * they sign in as staff, and the rep owns the demo companies the seed made.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { DEMO_SALES } from '../../shared/demo/identities.ts';
import { gotoHydrated, launchChromium, signIn } from '../setup/browser.ts';

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

describe('demo staff for sales and marketing', () => {
  it('/sign-in offers the sales rep, whose one click signs in as the owner of the demo companies', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/sign-in`);
    await page.getByRole('button', { name: 'Sign in as Morgan from Marketing' }).waitFor();
    await page.getByRole('button', { name: 'Sign in as Riley from Sales' }).click();
    await page.getByText('Signed in as Riley from Sales').waitFor();
    // Companies are staff-only: the rep reads one, and it names them as its owner.
    const response = await page.request.get(`${stack.url}/api/companies/acme-logistics`);
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { company: object }).company).toMatchObject({
      name: 'Acme Logistics',
      owner: DEMO_SALES.email,
      mrr: expect.any(Number),
    });
    await context.close();
  });

  it('/dev/sign-in signs the marketer in as staff', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, stack.url, 'Morgan from Marketing');
    const response = await page.request.get(`${stack.url}/api/companies`);
    expect(response.status()).toBe(200);
    const { companies } = (await response.json()) as { companies: { id: string }[] };
    expect(companies.map((c) => c.id)).toEqual(expect.arrayContaining(['acme-logistics', 'wayne-freight']));
    await context.close();
  });
});
