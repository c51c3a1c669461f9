/**
 * The weekly digest's pages in a real browser, on the demo seed's activity: an admin gives two staff
 * members a team (`?/team`), previews the coming digest as one of them, sends the week that ended
 * (`?/send`) and reads who got it in the archive; a staff member turns the digest off (`?/digest`); a
 * digest's unsubscribe link stops it after a confirmation (`?/unsubscribe`); a customer gets none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { isoWeekOf, localDay, weekThatEnded } from '../../shared/domain/iso-week.ts';
import type { User } from '../../shared/domain/types.ts';
import { signDigestUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import {
  eventually,
  gotoHydrated,
  launchChromium,
  reloadHydrated,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let riley: User;
let sam: User;
let admin: User;
/** The week that ended, which "Send now" offers; the seed's posts, votes and comments fill it. */
let lastWeek: string;

const person = async (email: string): Promise<User> => {
  const user = await stack.runtime.stores.users.findByEmail(email);
  if (!user) throw new Error(`The seed has no ${email}`);
  return user;
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [riley, sam, admin] = await Promise.all([
    person('riley@hearth.example'),
    person('sam@hearth.example'),
    person('alex@hearth.example'),
  ]);
  const zone = stack.runtime.config.digestTimeZone ?? 'UTC';
  lastWeek = weekThatEnded(new Date(), zone);
  // Not a check of the pages: a week without activity would send nothing, and the test would say less.
  const built = await stack.runtime.services.digests.preview(
    { kind: 'user', user: admin },
    { week: lastWeek },
  );
  expect(built.empty, `the seed should leave activity in ${lastWeek}`).toBe(false);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The digest email in the page's sandboxed frame. */
const email = (page: Page) => page.frameLocator('iframe[title^="The digest email"]');

describe('the weekly digest, as an admin', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await signedInContext(browser, stack.url, 'Alex Admin');
  });
  afterAll(() => context?.close());

  it('gives staff a digest team on their profile', async () => {
    const page = await context.newPage();
    // Riley moves to marketing and back (whatever the seed gave), Sam gets product's sections.
    for (const [who, team] of [
      [riley, 'Marketing'],
      [riley, 'Sales'],
      [sam, 'Product'],
    ] as const) {
      await gotoHydrated(page, `${stack.url}/u/${who.id}`);
      const form = page.locator('form[action="?/team"]');
      await form.getByRole('combobox', { name: `Digest team of ${who.name}` }).selectOption({ label: team });
      await form.getByRole('button', { name: 'Save team' }).click();
      await page.getByRole('status').getByText(`${who.name}’s digest team is now ${team}.`).waitFor();
      await waitForHydration(page);
      await expect(
        page.getByRole('combobox', { name: `Digest team of ${who.name}` }).inputValue(),
      ).resolves.toBe(team.toLowerCase());
    }
    expect((await person(riley.email)).team).toBe('sales');

    // A customer has no team to set.
    const casey = await person('casey@customer.example');
    await gotoHydrated(page, `${stack.url}/u/${casey.id}`);
    await page.getByRole('combobox', { name: 'Role of Casey Customer' }).waitFor();
    await expect(page.locator('form[action="?/team"]').count()).resolves.toBe(0);
    await page.close();
  });

  it('previews the coming digest, as another recipient gets it', async () => {
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Digest', exact: true })
      .click();
    await page.waitForURL(`${stack.url}/staff/digests`);
    const thisWeek = isoWeekOf(localDay(new Date(), stack.runtime.config.digestTimeZone ?? 'UTC'));
    await page.getByRole('heading', { level: 2, name: new RegExp(`^Preview of ${thisWeek}`) }).waitFor();
    await expect(page.getByRole('textbox', { name: /^Week/ }).first().inputValue()).resolves.toBe(thisWeek);
    // The admin has no team: the preview is their own letter, with product's sections.
    await email(page).getByText('Hi Alex Admin,').waitFor();
    await email(page)
      .getByRole('heading', { level: 1, name: /^Hearth weekly:/ })
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page
      .getByRole('combobox', { name: 'Recipient' })
      .selectOption({ label: 'Riley from Sales <riley@hearth.example> · Sales' });
    await page.getByRole('button', { name: 'Show preview' }).click();
    await page.waitForURL(/\/staff\/digests\?.*as=user%3A/);
    await email(page).getByText('Hi Riley from Sales,').waitFor();
    await expect(page.locator('dd').first().textContent()).resolves.toMatch(/^Hearth weekly:/);
    await page.getByText('riley@hearth.example (Riley from Sales').waitFor();

    // A week that does not exist is the field's error, over the default preview.
    await gotoHydrated(page, `${stack.url}/staff/digests?week=2026-W99`);
    await page
      .locator('#week-error')
      .getByText(/ISO week that exists/)
      .waitFor();
    await email(page).getByText('Hi Alex Admin,').waitFor();
    await page.close();
  });

  it('sends the week that ended now, and shows who got it', async () => {
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/staff/digests`);
    // Before any send nothing is archived.
    await page.getByRole('heading', { name: 'No digest was built yet' }).waitFor();
    const send = page.locator('form[action="?/send"]');
    await expect(send.getByRole('textbox', { name: /^Week/ }).inputValue()).resolves.toBe(lastWeek);

    // The week in progress cannot be sent: the 409 is the form's error.
    const thisWeek = isoWeekOf(localDay(new Date(), stack.runtime.config.digestTimeZone ?? 'UTC'));
    await send.getByRole('textbox', { name: /^Week/ }).fill(thisWeek);
    await send.getByRole('button', { name: 'Send now' }).click();
    await send
      .getByRole('alert')
      .getByText(`Week ${thisWeek} has not ended yet; preview it instead.`)
      .waitFor();

    // Everyone with a team gets it: Riley and Sam, and whoever else the demo seed gave a team.
    const recipients = await stack.runtime.services.digests.recipients({ kind: 'user', user: admin });
    const count = recipients.length;
    expect(recipients.map((r) => r.email)).toEqual(
      expect.arrayContaining(['riley@hearth.example', 'sam@hearth.example']),
    );
    await send.getByRole('textbox', { name: /^Week/ }).fill(lastWeek);
    await send.getByRole('button', { name: 'Send now' }).click();
    const outcome = page.getByRole('status').filter({ hasText: lastWeek });
    await outcome.waitFor();
    await outcome
      .getByText(`${lastWeek}: ${count} emails on the way, 0 recipients had it already.`)
      .waitFor();
    // The archive below shows the week now (the enhanced form reloads the page's data).
    const row = page
      .getByRole('region', { name: 'Past digests' })
      .getByRole('row')
      .filter({ hasText: lastWeek });
    await row.getByRole('link', { name: lastWeek }).waitFor();

    await outcome.getByRole('link', { name: 'See who got it' }).click();
    await page.waitForURL(`${stack.url}/staff/digests/${lastWeek}`);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: `Digest ${lastWeek}` }).waitFor();
    // Delivered by the in-process bus after the send answered: maybe not yet.
    const sends = page.getByRole('region', { name: 'Who got it' });
    await eventually(async () => {
      if ((await sends.getByRole('cell', { name: 'Sent', exact: true }).count()) !== count) {
        await reloadHydrated(page);
        throw new Error('Not every digest is sent yet');
      }
    });
    await expect(
      sends.getByRole('row').filter({ hasText: 'riley@hearth.example' }).textContent(),
    ).resolves.toMatch(/riley@hearth\.example\s*Sales\s*Sent\s*\w/);
    await expect(
      sends.getByRole('row').filter({ hasText: 'sam@hearth.example' }).textContent(),
    ).resolves.toMatch(/Product\s*Sent/);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The email as Riley got it.
    await page
      .getByRole('combobox', { name: 'Recipient' })
      .selectOption({ label: 'Riley from Sales <riley@hearth.example> · Sales' });
    await page.getByRole('button', { name: 'Show email' }).click();
    await page.waitForURL(/as=user%3A/);
    await email(page).getByText('Hi Riley from Sales,').waitFor();

    // A second send emails nobody twice.
    await gotoHydrated(page, `${stack.url}/staff/digests`);
    await page.locator('form[action="?/send"]').getByRole('button', { name: 'Send now' }).click();
    await page
      .getByRole('status')
      .getByText(`${lastWeek}: 0 emails on the way, ${count} recipients had it already.`)
      .waitFor();

    // A week never built is a 404 page, not an error.
    const missing = await page.goto(`${stack.url}/staff/digests/2020-W01`);
    expect(missing?.status()).toBe(404);
    expect((await page.goto(`${stack.url}/staff/digests/not-a-week`))?.status()).toBe(404);
    await page.close();
  });
});

describe('a staff member with a team', () => {
  it('turns the digest off in their account', async () => {
    const context = await signedInContext(browser, stack.url, 'Sam from Product');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/account#digest`);
    const section = page.locator('#digest');
    const box = section.getByRole('checkbox', { name: 'Email me the weekly digest' });
    await expect(box.isChecked()).resolves.toBe(true);
    await box.uncheck();
    await section
      .locator('form[action="?/digest"]')
      .getByRole('button', { name: 'Save digest setting' })
      .click();
    await page.getByRole('status').getByText('The weekly digest is off: no more Monday emails.').waitFor();
    await waitForHydration(page);
    await expect(page.locator('#digest').getByRole('checkbox').isChecked()).resolves.toBe(false);
    expect((await person(sam.email)).digestOptOut).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});

describe('a digest’s unsubscribe link', () => {
  it('stops the digest once confirmed, with no session', async () => {
    const page = await browser.newPage();
    const token = signDigestUnsubscribe(stack.runtime.config.ssoSecret, `user:${riley.id}`);
    await gotoHydrated(page, `${stack.url}/unsubscribe/digest/${token}`);
    await page.getByRole('heading', { level: 1, name: 'Unsubscribe from the weekly digest' }).waitFor();
    // Opening the link changed nothing: link scanners in mail systems open it too.
    expect((await person(riley.email)).digestOptOut).toBeFalsy();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page
      .locator('form[action="?/unsubscribe"]')
      .getByRole('button', { name: 'Unsubscribe from the digest' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'You are unsubscribed' }).waitFor();
    expect((await person(riley.email)).digestOptOut).toBe(true);

    // A broken link says so, and posting it anyway is the form's error, not a server error.
    const broken = await page.goto(`${stack.url}/unsubscribe/digest/${token.slice(0, -3)}abc`);
    expect(broken?.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'This link does not work' }).waitFor();
    const posted = await page.request.post(`${stack.url}/unsubscribe/digest/not-a-token?/unsubscribe`, {
      form: {},
      // As a browser without JavaScript posts it: the page comes back, with the form's failure.
      headers: { origin: stack.url, accept: 'text/html' },
      maxRedirects: 0,
    });
    expect(posted.status()).toBe(400);
    expect(await posted.text()).toContain('This link does not work');
    await page.close();
  });
});

describe('a customer', () => {
  it('gets no digest pages', async () => {
    const context = await signedInContext(browser, stack.url, 'Casey Customer');
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Digest', exact: true }).count()).resolves.toBe(0);
    for (const path of ['/staff/digests', `/staff/digests/${lastWeek}`]) {
      const response = await page.goto(`${stack.url}${path}`);
      expect(response?.status(), path).toBe(403);
    }
    // Nor a digest setting: the account says nothing about it.
    await page.goto(`${stack.url}/account`);
    await expect(page.locator('#digest').count()).resolves.toBe(0);
    await context.close();
  });
});
