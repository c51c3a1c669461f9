/**
 * The accounts journey end to end, in a real browser: an admin imports a company with its MRR from a
 * CSV file; a person of that company signs in through SSO and votes; staff see the vote's company and
 * MRR among the post's voters, follow the company to its page, and export the board with the company's
 * demand in it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import { actorFor } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium, signedInContext } from '../setup/browser.ts';

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

const COMPANY_CSV =
  'id,name,mrr,plan,owner\nvandelay,Vandelay Industries,7000,Enterprise,riley@hearth.example\n';
const TITLE = 'Latex import for the quarterly report';

describe('import → voters → company page → export', () => {
  it('follows a company from its CSV row to its vote, its page and the board export', async () => {
    const admin = await signedInContext(browser, stack.url, 'Alex Admin');
    const page = await admin.newPage();

    // 1. The admin imports the company from a file.
    await gotoHydrated(page, `${stack.url}/staff/companies`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'accounts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(COMPANY_CSV),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page
      .getByRole('region', { name: 'All companies' })
      .getByRole('link', { name: 'Vandelay Industries' })
      .waitFor();

    // 2. Its person signs in from the host product (the claim names the company, not its MRR) and votes.
    const { services, config } = stack.runtime;
    const token = await signSsoToken(
      {
        sub: 'art-vandelay',
        email: 'art@vandelay.example',
        name: 'Art Vandelay',
        company: { id: 'vandelay', name: 'Vandelay Industries' },
      },
      config.ssoSecret,
    );
    const art = (await services.auth.signInWithSso({ token })).user;
    const author = (
      await services.auth.signInWithSso({
        token: await signSsoToken(
          { sub: 'kel-varnsen', email: 'kel@example.com', name: 'Kel Varnsen' },
          config.ssoSecret,
        ),
      })
    ).user;
    const post = await services.posts.create(actorFor(author), 'feature-requests', { title: TITLE });
    await services.votes.vote(actorFor(art), post.id);

    // 3. Staff see who voted, with the company and what it pays.
    await gotoHydrated(page, `${stack.url}/p/${post.id}`);
    const artRow = page.getByRole('region', { name: 'Voters' }).getByRole('row', { name: /Art Vandelay/ });
    await expect(artRow.getByRole('cell', { name: '$7,000' }).count()).resolves.toBe(1);

    // 4. The company's page: its person, and what it asked for.
    await artRow.getByRole('link', { name: 'Vandelay Industries' }).click();
    await page.waitForURL(`${stack.url}/staff/companies/vandelay`);
    await page.getByRole('heading', { level: 1, name: 'Vandelay Industries' }).waitFor();
    await page.getByRole('region', { name: 'People' }).getByRole('link', { name: 'Art Vandelay' }).waitFor();
    await page
      .getByRole('region', { name: 'What they asked for' })
      .getByRole('link', { name: TITLE })
      .waitFor();

    // 5. The board's export carries the post with its one company and that company's MRR.
    await gotoHydrated(page, `${stack.url}/b/feature-requests`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const [header = [], ...rows] = parseCsv(await readFile(await download.path(), 'utf8'));
    const row = rows.find((r) => r[header.indexOf('title')] === TITLE);
    expect(row?.[header.indexOf('companies')]).toBe('1');
    expect(row?.[header.indexOf('mrr')]).toBe('7000');
    expect(row?.[header.indexOf('link')]).toMatch(new RegExp(`/p/${post.id}$`));
    await admin.close();
  });
});
