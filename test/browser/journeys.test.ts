/**
 * The conversations around a post, in a real browser, with a customer and the staff each in their own
 * browser context: comments and replies, a status change that reaches the follower's inbox (the local
 * mailbox) with a working unsubscribe link, and merging duplicates.
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
  reloadHydrated,
  seriousA11yViolations,
  signedInContext,
  voteButton,
  voteCount,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let customer: BrowserContext;
let staff: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [customer, staff] = await Promise.all([
    signedInContext(browser, stack.url, 'Casey Customer'),
    signedInContext(browser, stack.url, 'Sam from Product'),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

// Generous: on a loaded machine a request and the re-render after it can take seconds.
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout });

/** Opens a seeded post from its board, as a visitor would; resolves to its id. */
async function openPost(page: Page, board: string, title: string): Promise<string> {
  await page.goto(`${stack.url}/b/${board}`);
  await page.getByRole('link', { name: title, exact: true }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  await waitForHydration(page);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

const commentsHeading = (page: Page) => page.getByRole('heading', { level: 2, name: /^\d+ comments?$/ });

describe('comments', () => {
  it('comments with Markdown, and staff reply with the team badge', async () => {
    const page = await customer.newPage();
    const title = 'Single sign-on with Okta';
    const id = await openPost(page, 'feature-requests', title);
    await expect(commentsHeading(page).textContent()).resolves.toBe('1 comment');

    await page.getByRole('textbox', { name: 'Add a comment' }).fill('We need **SAML** first, then `SCIM`.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForURL(new RegExp(`/p/${id}#comment-[0-9A-Z]{26}$`));
    const commentId = new URL(page.url()).hash.slice(1);
    const mine = page.locator(`article#${commentId}`);
    // The rendered text, not the Markdown source in the author's (closed) edit form.
    const shown = mine.locator('.prose');
    await shown.getByText('We need').waitFor();
    await expect(shown.locator('strong').textContent()).resolves.toBe('SAML');
    await expect(shown.locator('code').textContent()).resolves.toBe('SCIM');
    await expect(shown.textContent()).resolves.not.toContain('**');
    // The edit form stays out of the way (and out of the accessibility tree) until opened.
    await expect(mine.getByRole('textbox').count()).resolves.toBe(0);
    await mine.locator('summary', { hasText: 'Edit' }).click();
    await expect(mine.getByRole('textbox', { name: /^Your comment/ }).inputValue()).resolves.toBe(
      'We need **SAML** first, then `SCIM`.',
    );
    await expect(mine.getByRole('link', { name: 'Casey Customer' }).count()).resolves.toBe(1);
    await expect(mine.getByText('Team', { exact: true }).count()).resolves.toBe(0);
    await poll(() => commentsHeading(page).textContent()).toBe('2 comments');
    await expect(page.getByRole('status').textContent()).resolves.toContain('Your comment is posted');

    // Staff reply to it, in their own browser.
    const staffPage = await staff.newPage();
    await gotoHydrated(staffPage, `${stack.url}/p/${id}`);
    await staffPage.getByText('Reply to Casey Customer').click();
    await staffPage
      .getByRole('textbox', { name: /^Your reply/ })
      .fill('Both are on the plan: *SAML* ships first.');
    await staffPage.getByRole('button', { name: 'Post reply' }).click();
    await staffPage.waitForURL(new RegExp(`/p/${id}#comment-[0-9A-Z]{26}$`));

    // The customer sees the reply under their comment, marked as the team's.
    await reloadHydrated(page);
    const replies = page.getByRole('list', { name: 'Replies to Casey Customer' });
    const reply = replies.getByRole('listitem');
    await expect(reply.count()).resolves.toBe(1);
    await expect(reply.getByRole('link', { name: 'Sam from Product' }).count()).resolves.toBe(1);
    await expect(reply.getByText('Team', { exact: true }).count()).resolves.toBe(1);
    await expect(reply.locator('.prose em').textContent()).resolves.toBe('SAML');
    await expect(commentsHeading(page).textContent()).resolves.toBe('3 comments');
    expect(await seriousA11yViolations(page), 'post with a reply').toEqual([]);

    // And reply in turn: the thread stays one level deep, under the first comment.
    await page.getByText('Reply to Casey Customer').click();
    await page.getByRole('textbox', { name: /^Your reply/ }).fill('Thank you!');
    await page.getByRole('button', { name: 'Post reply' }).click();
    await page.waitForURL(new RegExp(`/p/${id}#comment-[0-9A-Z]{26}$`));
    await poll(() => replies.getByRole('listitem').count()).toBe(2);
    await expect(replies.getByRole('listitem').last().textContent()).resolves.toContain('Thank you!');
    await page.close();
    await staffPage.close();
  });
});

describe('status changes', () => {
  it('a follower gets an email when staff set the status, and can unsubscribe from it', async () => {
    const title = 'Bulk edit product prices';
    const page = await customer.newPage();
    const id = await openPost(page, 'feature-requests', title);
    await page.getByRole('button', { name: 'Follow', exact: true }).click();
    await page.getByRole('button', { name: 'Unfollow', exact: true }).waitFor();
    await expect(page.getByRole('status').textContent()).resolves.toContain('You follow this post');
    const vote = voteButton(page, title);
    const votes = await voteCount(vote);
    await vote.click();
    await poll(() => vote.getAttribute('aria-pressed')).toBe('true');
    await poll(() => voteCount(vote)).toBe(votes + 1);

    // Staff set it to planned with a note, through the inline control on the post page.
    const staffPage = await staff.newPage();
    await gotoHydrated(staffPage, `${stack.url}/p/${id}`);
    const manage = staffPage.getByRole('region', { name: /^Manage this post/ });
    await manage.getByText('Status and official response').click();
    await manage.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Planned' });
    await manage
      .getByRole('textbox', { name: /^Official response/ })
      .fill('We start on **bulk pricing** next sprint.');
    await manage.getByRole('button', { name: 'Save status' }).click();
    await staffPage.getByRole('status').getByText('Status: Planned').waitFor();

    // Everyone sees the official response and the history.
    await page.reload();
    const response = page.getByRole('region', { name: /^Official response/ });
    await expect(response.locator('.prose strong').textContent()).resolves.toBe('bulk pricing');
    await expect(response.textContent()).resolves.toContain('Sam from Product');
    await expect(page.locator('.meta .status').first().textContent()).resolves.toContain('Planned');
    const history = page.getByRole('region', { name: 'Activity' }).getByRole('listitem');
    await expect(history.count()).resolves.toBe(1);
    await expect(history.first().textContent()).resolves.toMatch(
      /Open\s*→\s*to\s*Status: Planned\s*by Sam from Product/,
    );
    await expect(history.first().locator('.prose strong').textContent()).resolves.toBe('bulk pricing');

    // The email arrives in the local mailbox (the notify handler runs on the in-process bus, just after).
    const email = await mailboxMessage(page, stack.url, {
      subject: `[Hearth] “${title}” is now planned`,
      hasText: 'casey@customer.example',
    });
    await email.getByText('Text version').click();
    const text = (await email.locator('pre').textContent()) ?? '';
    expect(text).toContain(`Sam from Product moved “${title}” from open to planned.`);
    // Markdown is rendered in the HTML part and stripped, not shown raw, in the text part.
    expect(text).toContain('We start on bulk pricing next sprint.');
    expect(text).not.toContain('**');
    expect(text).toContain(`${stack.url}/p/${id}`);
    await expect(email.textContent()).resolves.toMatch(/List-Unsubscribe/);

    // Its unsubscribe link works: a page that asks, then confirms.
    await email.getByRole('link', { name: /\/unsubscribe\// }).click();
    await page.waitForURL(/\/unsubscribe\/[^/?]+$/);
    await waitForHydration(page);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Unsubscribe');
    expect(await seriousA11yViolations(page), 'unsubscribe page').toEqual([]);
    await expect(page.getByRole('link', { name: title }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Unsubscribe from this post' }).click();
    await page.waitForURL(/\/unsubscribe\/[^/?]+\?done$/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('You are unsubscribed');
    await page.goto(`${stack.url}/p/${id}`);
    await expect(page.getByRole('button', { name: 'Follow', exact: true }).count()).resolves.toBe(1);
    await page.close();
    await staffPage.close();
  });
});

describe('merging', () => {
  it('merges a duplicate: its visitors are sent on, and the votes add up without double counting', async () => {
    const stamp = Date.now();
    const page = await customer.newPage();
    const targetTitle = `Schedule report emails ${stamp}`;
    const sourceTitle = `Email me the weekly report ${stamp}`;
    const target = await createPost(page, stack.url, 'feature-requests', targetTitle);
    const source = await createPost(page, stack.url, 'feature-requests', sourceTitle);

    // Staff vote for both (Casey already has, as the author); a customer on a sales call votes for the
    // duplicate only. Target: Casey, Sam = 2. Source: Casey, Sam, Pat = 3.
    const staffPage = await staff.newPage();
    for (const id of [target, source]) {
      await gotoHydrated(staffPage, `${stack.url}/p/${id}`);
      const vote = staffPage.locator('article.post').getByRole('button', { name: /vote for/ });
      await vote.click();
      await poll(() => vote.getAttribute('aria-pressed')).toBe('true');
    }
    const manage = staffPage.getByRole('region', { name: /^Manage this post/ });
    await manage.getByText('Vote on behalf of a customer').click();
    await manage.getByRole('textbox', { name: 'Customer’s email' }).fill('pat@buyer.example');
    await manage.getByRole('textbox', { name: /^Name/ }).fill('Pat Buyer');
    await manage.getByRole('textbox', { name: 'Where the request came from' }).fill('sales call');
    await manage.getByRole('button', { name: 'Add vote' }).click();
    await staffPage.getByRole('status').getByText('Vote recorded for pat@buyer.example').waitFor();
    expect(await voteCount(voteButton(staffPage, sourceTitle))).toBe(3);
    await staffPage.goto(`${stack.url}/p/${target}`);
    expect(await voteCount(voteButton(staffPage, targetTitle))).toBe(2);

    // Merge the duplicate into the target from the duplicate's page.
    await gotoHydrated(staffPage, `${stack.url}/p/${source}`);
    await manage.getByText('Merge into another post').click();
    await manage.getByRole('textbox', { name: 'Post to merge into' }).fill(`${stack.url}/p/${target}`);
    await manage.getByRole('button', { name: 'Merge' }).click();
    await staffPage.waitForURL(`${stack.url}/p/${target}?from=${source}`);
    await expect(staffPage.getByRole('status').textContent()).resolves.toContain(
      `Merged into “${targetTitle}”`,
    );
    // Casey and Sam voted for both: they count once. 2 + 3 would be 5; it is 3.
    await poll(() => voteCount(voteButton(staffPage, targetTitle))).toBe(3);

    // A visitor of the old link lands on the target, told why, with the merged post listed.
    await page.goto(`${stack.url}/p/${source}`);
    await page.waitForURL(`${stack.url}/p/${target}?from=${source}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(targetTitle);
    await expect(page.getByText('was merged into this one').textContent()).resolves.toContain(sourceTitle);
    const merged = page.getByRole('region', { name: 'Merged into this post' });
    await expect(merged.getByRole('link', { name: sourceTitle }).getAttribute('href')).resolves.toBe(
      `/p/${source}?view=merged`,
    );
    expect(await seriousA11yViolations(page), 'merge target with notice').toEqual([]);
    const vote = voteButton(page, targetTitle);
    expect(await voteCount(vote)).toBe(3);
    await expect(vote.getAttribute('aria-pressed')).resolves.toBe('true');

    // The merged post itself stays readable, closed, pointing to the target.
    await merged.getByRole('link', { name: sourceTitle }).click();
    await page.waitForURL(`${stack.url}/p/${source}?view=merged`);
    await expect(page.getByText('This post was merged').count()).resolves.toBe(1);
    await expect(page.locator('.notice').getByRole('link', { name: targetTitle }).count()).resolves.toBe(1);
    await expect(voteButton(page, sourceTitle).count()).resolves.toBe(0);
    await expect(page.getByRole('textbox', { name: 'Add a comment' }).count()).resolves.toBe(0);
    expect(await seriousA11yViolations(page), 'merged post').toEqual([]);

    // The board lists the target with the merged count, and no longer the duplicate.
    await page.goto(`${stack.url}/b/feature-requests?sort=new`);
    expect(await voteCount(voteButton(page, targetTitle))).toBe(3);
    await expect(page.getByRole('link', { name: sourceTitle }).count()).resolves.toBe(0);
    await page.close();
    await staffPage.close();
  });
});

describe('signing in by email', () => {
  it('emails a link; opening it asks first, then signs in; the link works once', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const email = `reader-${Date.now()}@example.com`;
    await page.goto(`${stack.url}/b/feature-requests`);
    await page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await waitForHydration(page);
    expect(await seriousA11yViolations(page), 'sign-in page').toEqual([]);
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: email }).count(), { timeout: 30_000 })
      .toBe(1);

    const mailbox = await browser.newPage();
    const mail = await mailboxMessage(mailbox, stack.url, { hasText: email });
    await mail.getByText('Text version').click();
    const link = /https?:\/\/\S+\/auth\/magic\/[\w-]+/.exec(
      (await mail.locator('pre').textContent()) ?? '',
    )?.[0];
    expect(link).toBeTruthy();
    await mailbox.close();

    // Opening the link (as a mail scanner would) signs nobody in; the button does.
    await page.goto(link ?? '');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${stack.url}/`);
    await expect(page.getByRole('banner').textContent()).resolves.toContain(email.split('@')[0]);
    // A second use is refused with a way forward.
    const again = await browser.newPage();
    await again.goto(link ?? '');
    await again.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => again.getByText(/expired or was already used/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await again.close();
    await context.close();
  });
});

describe('single sign-on from the host product', () => {
  it('signs in from ?sso=<token> on any page, drops the token from the address, and says when a token is bad', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const token = await signSsoToken(
      { sub: 'host-42', email: 'host.user@example.com', name: 'Host User', company: 'Hostco' },
      stack.runtime.config.ssoSecret,
    );
    await page.goto(`${stack.url}/b/feature-requests?sort=new&sso=${token}`);
    await page.waitForURL(`${stack.url}/b/feature-requests?sort=new`);
    await expect(page.getByRole('banner').textContent()).resolves.toContain('Host User');
    const bad = await browser.newPage();
    await bad.goto(`${stack.url}/roadmap?sso=not-a-token`);
    await bad.waitForURL(`${stack.url}/roadmap`);
    await expect(bad.getByText(/Single sign-on failed: .*malformed/).count()).resolves.toBe(1);
    await bad.close();
    await context.close();
  });
});
