/**
 * Sanctions in a real browser: staff warn a customer, then silence them (a banner on every page, and
 * posting, commenting and voting refused with the reason), then lift it; an admin suspends them: their
 * open session ends, and signing in by the emailed link or by single sign-on is refused with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import {
  createPost,
  gotoHydrated,
  launchChromium,
  mailboxMessage,
  signedInContext,
  voteButton,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let staff: BrowserContext;
let admin: BrowserContext;
let customer: BrowserContext;

const stamp = Date.now().toString(36);
const NAME = `Trudy Troll ${stamp}`;
const SUB = `trudy-${stamp}`;
const EMAIL = `${SUB}@sanctions.example`;
const TITLE = `Dark mode for invoices (${stamp})`;
const WARNING = `Keep it civil in the comments (${stamp})`;
const SILENCE = `Insulted another member twice (${stamp})`;
const SUSPENSION = `Came back and did it again (${stamp})`;

/** What the flow found: the customer's profile and the staff's post. */
const at = { profile: '', post: '' };

const ssoToken = () =>
  signSsoToken({ sub: SUB, email: EMAIL, name: NAME, company: 'Trollco' }, stack.runtime.config.ssoSecret);

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [staff, admin] = await Promise.all([
    signedInContext(browser, stack.url, 'Sam from Product'),
    signedInContext(browser, stack.url, 'Alex Admin'),
  ]);
  // The customer arrives from the host product by single sign-on, as customers do.
  customer = await browser.newContext();
  const page = await customer.newPage();
  await page.goto(`${stack.url}/?sso=${await ssoToken()}`);
  await page.getByRole('banner').getByText(`Signed in as ${NAME}`).waitFor();
  at.profile =
    (await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'My profile' })
      .getAttribute('href')) ?? '';
  expect(at.profile).toMatch(/^\/u\/[0-9A-Z]{26}$/);
  await page.close();
  const staffPage = await staff.newPage();
  at.post = `/p/${await createPost(staffPage, stack.url, 'feature-requests', TITLE)}`;
  await staffPage.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The customer's profile as staff or admin, the sanction controls open. */
async function sanctionControls(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await gotoHydrated(page, `${stack.url}${at.profile}`);
  const standing = page.getByRole('region', { name: 'Standing' });
  await standing.locator('summary', { hasText: 'Sanction' }).click();
  return page;
}

async function sanction(page: Page, level: RegExp, reason: string, days?: number) {
  await page.getByRole('radio', { name: level }).check();
  await page.getByRole('textbox', { name: 'Reason' }).fill(reason);
  if (days !== undefined) await page.getByRole('spinbutton', { name: /^Days/ }).fill(String(days));
  const posted = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('?/sanction'),
  );
  await page.getByRole('button', { name: 'Apply sanction' }).click();
  expect((await posted).status()).toBe(200);
}

const banner = (page: Page) => page.getByRole('note').filter({ hasText: 'You are silenced' });

describe('sanctions', { timeout: 180_000 }, () => {
  it('staff warn the customer: their profile and the customer’s account say so; staff cannot ban', async () => {
    const page = await sanctionControls(staff);
    const standing = page.getByRole('region', { name: 'Standing' });
    await expect(standing.getByText('In good standing').count()).resolves.toBe(1);
    await expect(page.getByRole('radio', { name: /^Ban/ }).count()).resolves.toBe(0);
    await sanction(page, /^Warn/, WARNING);
    await page.getByRole('status').getByText('Warning given.').waitFor();
    await standing.getByText('Warned', { exact: true }).waitFor();
    await expect(standing.textContent()).resolves.toContain(WARNING);
    await page.close();

    const mine = await customer.newPage();
    await gotoHydrated(mine, `${stack.url}/account`);
    const own = mine.getByRole('region', { name: 'Your standing' });
    await expect(own.getByText('Warned', { exact: true }).count()).resolves.toBe(1);
    await expect(own.textContent()).resolves.toContain(WARNING);
    // A warning forbids nothing: no banner.
    await expect(banner(mine).count()).resolves.toBe(0);
    await mine.close();
  });

  it('a silence needs days; once silenced the customer sees a banner and cannot post, comment or vote', async () => {
    const page = await sanctionControls(staff);
    await sanction(page, /^Silence/, SILENCE);
    await page.locator('#sanction-days-error').waitFor();
    await expect(page.locator('#sanction-days-error').textContent()).resolves.toContain('how many days');
    await expect(page.getByRole('spinbutton', { name: /^Days/ }).getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await page.getByRole('spinbutton', { name: /^Days/ }).fill('3');
    await page.getByRole('button', { name: 'Apply sanction' }).click();
    await page
      .getByRole('status')
      .getByText(/^Silenced: they can read/)
      .waitFor();
    await page.getByRole('region', { name: 'Standing' }).getByText('Silenced', { exact: true }).waitFor();
    await page.close();

    const mine = await customer.newPage();
    await gotoHydrated(mine, `${stack.url}${at.post}`);
    await expect(banner(mine).textContent()).resolves.toContain(SILENCE);
    await expect(banner(mine).locator('time').count()).resolves.toBe(1);

    // A comment: refused with the reason, the text kept.
    const box = mine.getByRole('textbox', { name: /^Add a comment/ });
    await box.fill('You are all wrong.');
    await mine.getByRole('button', { name: 'Post comment', exact: true }).click();
    const refusal = mine.locator('form.new-comment').getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(`You are silenced until`);
    await expect(refusal.textContent()).resolves.toContain(SILENCE);
    await expect(box.inputValue()).resolves.toBe('You are all wrong.');

    // A vote: refused by its button, the count unchanged.
    const vote = voteButton(mine, TITLE);
    await vote.click();
    const voteRefusal = mine.locator('.refusal[role="alert"]');
    await voteRefusal.waitFor();
    await expect(voteRefusal.textContent()).resolves.toContain(SILENCE);
    await expect(vote.getAttribute('aria-pressed')).resolves.toBe('false');

    // A new post.
    await gotoHydrated(mine, `${stack.url}/b/feature-requests/new`);
    await expect(banner(mine).count()).resolves.toBe(1);
    await mine.getByRole('textbox', { name: 'Title' }).fill(`Everything here is terrible (${stamp})`);
    await mine.getByRole('button', { name: /^Post/ }).click();
    await mine
      .locator('.form-error')
      .getByText(/You are silenced until/)
      .waitFor();
    expect(new URL(mine.url()).pathname).toBe('/b/feature-requests/new');

    // Their account says the same.
    await gotoHydrated(mine, `${stack.url}/account`);
    const own = mine.getByRole('region', { name: 'Your standing' });
    await expect(own.getByText('Silenced', { exact: true }).count()).resolves.toBe(1);
    await mine.close();
  });

  it('staff lift the silence: the banner goes and the customer comments again', async () => {
    const page = await sanctionControls(staff);
    await page.getByRole('textbox', { name: /^Why lift it/ }).fill('Apologised to the member.');
    const lifted = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes('?/liftSanction'),
    );
    await page.getByRole('button', { name: 'Lift sanction' }).click();
    expect((await lifted).status()).toBe(200);
    await page.getByRole('status').getByText('Sanction lifted.').waitFor();
    const standing = page.getByRole('region', { name: 'Standing' });
    await standing.getByText('In good standing').waitFor();
    await expect(standing.getByRole('listitem').filter({ hasText: 'sanction lifted' }).count()).resolves.toBe(
      1,
    );
    await page.close();

    const mine = await customer.newPage();
    await gotoHydrated(mine, `${stack.url}${at.post}`);
    await expect(banner(mine).count()).resolves.toBe(0);
    await mine.getByRole('textbox', { name: /^Add a comment/ }).fill('Sorry, I got carried away.');
    await mine.getByRole('button', { name: 'Post comment', exact: true }).click();
    await mine.getByRole('status').getByText('Your comment is posted.').waitFor();
    await mine.close();
  });

  it('an admin suspends the customer: the open session ends, and signing in is refused with the reason', async () => {
    // A sign-in link asked for before the suspension, to use after it.
    const asking = await browser.newContext();
    const ask = await asking.newPage();
    await gotoHydrated(ask, `${stack.url}/sign-in`);
    await ask.getByLabel('Email address').fill(EMAIL);
    await ask.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await ask.getByRole('status').filter({ hasText: EMAIL }).waitFor();
    const mail = await mailboxMessage(ask, stack.url, {
      subject: 'Your Hearth sign-in link',
      hasText: EMAIL,
    });
    await mail.getByText('Text version').click();
    const link = /https?:\/\/\S+\/auth\/magic\/[\w-]+/.exec(
      (await mail.locator('pre').textContent()) ?? '',
    )?.[0];
    expect(link).toBeTruthy();

    const page = await sanctionControls(admin);
    await expect(page.getByRole('radio', { name: /^Ban/ }).count()).resolves.toBe(1);
    await sanction(page, /^Suspend/, SUSPENSION, 7);
    await page
      .getByRole('status')
      .getByText(/^Suspended: their sessions ended/)
      .waitFor();
    await page.close();

    // The customer's open session: the next page is signed out.
    const mine = await customer.newPage();
    await mine.goto(`${stack.url}${at.post}`);
    await mine.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await expect(mine.getByText(`Signed in as ${NAME}`).count()).resolves.toBe(0);
    await mine.close();

    // The emailed link: refused (403, not an error page) with until when and why.
    const url = new URL(link ?? '');
    await gotoHydrated(ask, `${stack.url}${url.pathname}`);
    const answered = ask.waitForResponse((r) => r.request().method() === 'POST');
    await ask.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await answered).status()).toBe(403);
    const refusal = ask.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('You are suspended until');
    await expect(refusal.textContent()).resolves.toContain(SUSPENSION);
    await expect(ask.getByText(`Signed in as ${NAME}`).count()).resolves.toBe(0);

    // Single sign-on from the host product: refused the same way.
    await ask.goto(`${stack.url}/?sso=${await ssoToken()}`);
    await waitForHydration(ask);
    await expect(ask.locator('.flash').textContent()).resolves.toContain(
      'Single sign-on failed: You are suspended until',
    );
    await expect(ask.getByText(`Signed in as ${NAME}`).count()).resolves.toBe(0);
    await asking.close();
  });
});
