/**
 * Who voted and for which company, in a real browser: staff read a post's voters with each company's
 * MRR and follow a company to its page (its people, what it asked for); an admin lets a board's
 * customers see the voters through the settings form; customers then see names and companies there
 * (never MRR), nothing on other boards, and no company page at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { actorFor, type Board, type User } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium, seriousA11yViolations, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;

const HOOLI = { id: 'hooli', name: 'Hooli', mrr: 4_321, plan: 'Enterprise' };
const PIED_PIPER = { id: 'pied-piper', name: 'Pied Piper', mrr: 150 };
/** Votes beyond the first page of voters (20), so "Load more voters" shows. */
const EXTRA_VOTERS = 20;

let openPost: string;
let closedPost: string;
let gavin: User;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  const { services, stores, config } = stack.runtime;
  let n = 0;
  /** A customer signed in through single sign-on, as the host product sends them. */
  const person = async (name: string, company?: SsoClaims['company']) => {
    const sub = `company-page-${++n}`;
    const token = await signSsoToken(
      { sub, email: `${sub}@customer.example`, name, ...(company ? { company } : {}) },
      config.ssoSecret,
    );
    return (await services.auth.signInWithSso({ token })).user;
  };
  const board = async (slug: string): Promise<Board> => {
    const created: Board = {
      slug,
      name: `Board ${slug}`,
      description: '',
      kinds: ['idea'],
      archived: false,
      private: false,
      allowedDomains: [],
      createdAt: new Date().toISOString(),
    };
    await stores.boards.create(created);
    return created;
  };
  const [shown, hidden] = [await board('voters-shown'), await board('voters-hidden')];

  gavin = await person('Gavin Belson', HOOLI);
  const richard = await person('Richard Hendricks', PIED_PIPER);
  const open = await services.posts.create(actorFor(gavin), shown.slug, { title: 'Signature box export' });
  await services.votes.vote(actorFor(richard), open.id);
  const closed = await services.posts.create(actorFor(gavin), hidden.slug, {
    title: 'Middle-out compression',
  });
  await services.votes.vote(actorFor(richard), closed.id);
  const extras = await Promise.all(
    Array.from({ length: EXTRA_VOTERS }, (_, i) => person(`Extra Voter ${i + 1}`)),
  );
  for (const extra of extras) await services.votes.vote(actorFor(extra), open.id);
  [openPost, closedPost] = [open.id, closed.id];
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('voters and companies', () => {
  it('staff see the voters with company and MRR, and follow a company to its page', async () => {
    const context = await signedInContext(browser, stack.url, 'Sam from Product');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/p/${openPost}`);

    const voters = page.getByRole('region', { name: 'Voters' });
    const gavinRow = voters.getByRole('row', { name: /Gavin Belson/ });
    await expect(gavinRow.getByRole('cell', { name: '$4,321' }).count()).resolves.toBe(1);
    await expect(gavinRow.getByRole('cell', { name: 'Self', exact: true }).count()).resolves.toBe(1);
    await expect(
      voters
        .getByRole('row', { name: /Richard Hendricks/ })
        .getByRole('cell', { name: '$150' })
        .count(),
    ).resolves.toBe(1);
    // The post's demand beside its vote count, in the staff panel.
    await expect(
      page
        .getByRole('region', { name: /^Manage this post/ })
        .getByText('22 votes · 2 companies · $4,471 MRR')
        .count(),
    ).resolves.toBe(1);
    await expect(
      voters.getByRole('link', { name: 'Download voters (CSV)' }).getAttribute('href'),
    ).resolves.toBe(`/p/${openPost}/voters.csv`);

    // The second page of voters, through a plain link.
    await voters.getByRole('link', { name: 'Load more voters' }).click();
    await page.waitForURL(/[?&]voters=/);
    // Votes are listed in the order of their voters' ids, so which two extras come second is not fixed.
    await expect.poll(() => voters.locator('tbody tr').count()).toBe(2);
    await expect(voters.locator('tbody tr', { hasText: /Extra Voter \d+/ }).count()).resolves.toBe(2);
    await expect(voters.getByRole('link', { name: 'Load more voters' }).count()).resolves.toBe(0);
    await expect(voters.getByRole('link', { name: 'First voters' }).count()).resolves.toBe(1);

    await gotoHydrated(page, `${stack.url}/p/${openPost}`);
    await voters
      .getByRole('row', { name: /Gavin Belson/ })
      .getByRole('link', { name: 'Hooli' })
      .click();
    await page.waitForURL(`${stack.url}/staff/companies/hooli`);
    await page.getByRole('heading', { level: 1, name: 'Hooli' }).waitFor();
    await expect(page.title()).resolves.toMatch(/^Hooli — Companies/);
    const people = page.getByRole('region', { name: 'People' });
    await expect(people.getByRole('link', { name: 'Gavin Belson' }).getAttribute('href')).resolves.toBe(
      `/u/${gavin.id}`,
    );
    await expect(people.getByText(gavin.email).count()).resolves.toBe(1);
    const asks = page.getByRole('region', { name: 'What they asked for' });
    await expect(asks.getByRole('link', { name: 'Signature box export' }).getAttribute('href')).resolves.toBe(
      `/p/${openPost}`,
    );
    await expect(asks.getByRole('link', { name: 'Middle-out compression' }).count()).resolves.toBe(1);
    const account = page.getByRole('region', { name: 'Account' });
    await expect(account.getByRole('definition').filter({ hasText: '$4,321' }).count()).resolves.toBe(1);
    await expect
      .poll(() => account.locator('.demand').innerText())
      .toBe('2 open posts asked for, with 2 votes, and $4,321 MRR behind each.');
    await page.getByText('Nothing Hooli asked for has shipped yet.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('an admin lets the board’s customers see who voted, through the settings form', async () => {
    const context = await signedInContext(browser, stack.url, 'Alex Admin');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/b/voters-shown/settings`);
    const settings = page.locator('form[action="?/update"]');
    const box = settings.getByRole('checkbox', { name: /^Show who voted/ });
    await expect(box.isChecked()).resolves.toBe(false);
    await box.check();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Board settings saved.').waitFor();
    await gotoHydrated(page, `${stack.url}/b/voters-shown/settings`);
    await expect(box.isChecked()).resolves.toBe(true);
    await context.close();
  });

  it('customers see names and companies where the board allows it, nothing elsewhere, and no company page', async () => {
    const context = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/p/${openPost}`);
    const voters = page.getByRole('region', { name: 'Voters' });
    await voters.getByRole('link', { name: 'Richard Hendricks' }).waitFor();
    const text = await voters.innerText();
    expect(text).toContain('Gavin Belson');
    expect(text).toContain('Hooli');
    expect(text).toContain('Pied Piper');
    for (const secret of ['$', 'MRR', 'Self', 'Download voters']) expect(text).not.toContain(secret);
    expect(await page.content()).not.toContain('4321');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await gotoHydrated(page, `${stack.url}/p/${closedPost}`);
    await page.getByRole('heading', { level: 1, name: 'Middle-out compression' }).waitFor();
    await expect(page.getByRole('region', { name: 'Voters' }).count()).resolves.toBe(0);
    expect(await page.content()).not.toContain('Richard Hendricks');

    const response = await page.goto(`${stack.url}/staff/companies/hooli`);
    expect(response?.status()).toBe(403);
    expect(await page.content()).not.toContain('Gavin Belson');
    await context.close();
  });
});
