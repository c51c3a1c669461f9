/**
 * Moderation in a real browser (issue 17): members flag a comment and a post (a repeat is refused
 * politely); once the flags weigh enough the post is hidden pending review and leaves its board; staff
 * review the queue with the flags and the author's history, agree on one (its author reads the reason)
 * and disagree on another (published again); a new member's post with a link is held until staff
 * approve it; staff hide a comment directly with a reason; an admin lowers the flag threshold; a board
 * that holds first posts holds a new member's first post.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { gotoHydrated, launchChromium, signedInContext, waitForHydration } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
/** Ada writes; Ben and Cleo flag; Dan and Eve are brand new; Sam is staff, Alex the admin. */
let ada: BrowserContext;
let ben: BrowserContext;
let cleo: BrowserContext;
let dan: BrowserContext;
let eve: BrowserContext;
let staff: BrowserContext;
let admin: BrowserContext;

const stamp = Date.now().toString(36);
const name = (first: string) => `${first} Mod ${stamp}`;
const FLAGGED_POST = `Your export is a joke and so are you (${stamp})`;
const COMMENT = `Nobody wants this, go away (${stamp})`;
const SECOND_POST = `Dark mode for the invoice editor (${stamp})`;
const LINK_POST = `Cheap licences at my shop (${stamp})`;
const FIRST_BUG = `Totals flicker on reload (${stamp})`;
const AGREE_REASON = `Personal attacks are not allowed here (${stamp})`;
const HIDE_REASON = `Off-topic advertising in a comment (${stamp})`;

/** Where the shared flow got to. */
const at = {
  flaggedPost: '',
  secondPost: '',
  commentId: '',
  secondCommentId: '',
  linkPost: '',
  firstBug: '',
};

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000 });

/** A customer signed in through the host product's single sign-on: a brand-new member. */
async function customer(who: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sub = who.toLowerCase().replace(/\W+/g, '-');
  const token = await signSsoToken(
    { sub, email: `${sub}@mod.example`, name: who, company: 'Modco' },
    stack.runtime.config.ssoSecret,
  );
  await page.goto(`${stack.url}/?sso=${token}`);
  await page.waitForURL(`${stack.url}/`);
  await page.getByRole('banner').getByText(`Signed in as ${who}`).waitFor();
  await page.close();
  return context;
}

/** Ticks "I accept the community guidelines" when the form asks (a first post or comment). */
async function acceptGuidelinesIfAsked(form: Locator): Promise<void> {
  const box = form.getByRole('checkbox', { name: /accept the community guidelines/i });
  if ((await box.count()) > 0) await box.check();
}

/** Posts through the new-post form; resolves to the new post's path. */
async function post(page: Page, board: string, title: string, body: string, button: RegExp) {
  await gotoHydrated(page, `${stack.url}/b/${board}/new`);
  const form = page.locator('form[action="?/post"]');
  await form.getByRole('textbox', { name: /^(Title|What went wrong)/ }).fill(title);
  await form
    .getByRole('textbox', { name: /^(Details|Steps to reproduce)/ })
    .first()
    .fill(body);
  await acceptGuidelinesIfAsked(form);
  await form.getByRole('button', { name: button }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  await waitForHydration(page);
  return new URL(page.url()).pathname;
}

/** Comments on a post; resolves to the comment's id. */
async function comment(page: Page, path: string, body: string): Promise<string> {
  await gotoHydrated(page, `${stack.url}${path}`);
  const form = page.locator('form[action="?/comment"]');
  await form.getByRole('textbox').first().fill(body);
  await acceptGuidelinesIfAsked(form);
  await form.getByRole('button', { name: 'Post comment', exact: true }).click();
  await page.waitForURL(/#comment-[0-9A-Z]{26}$/);
  await waitForHydration(page);
  return new URL(page.url()).hash.slice('#comment-'.length);
}

const flash = (page: Page) => page.locator('.flash');
const commentOf = (page: Page, id: string) => page.locator(`article#comment-${id}`);
const postArticle = (page: Page) => page.locator('article.post');

/** Opens a flag form (a <details>), picks a reason, writes a note if given and sends it. */
async function sendFlag(scope: Locator, reason: string, note?: string): Promise<void> {
  const details = scope.locator('details.flag');
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await details.getByRole('radio', { name: reason, exact: true }).check();
  if (note !== undefined) await details.getByRole('textbox', { name: /^Note for the moderators/ }).fill(note);
  await details.locator('form[action="?/flag"]').getByRole('button', { name: 'Send flag' }).click();
}

/** The decision button of a queue item, and staff's direct moderation button. */
const decideButton = (item: Locator) =>
  item.locator('form[action="?/decide"]').getByRole('button', { name: /^Decide/ });
const applyButton = (scope: Locator) =>
  scope.locator('form[action="?/moderate"]').getByRole('button', { name: 'Apply' });

/** The queue's card for a post or a comment on it. */
const queueItem = (page: Page, title: string) => page.getByRole('article', { name: title, exact: true });

/** Answers 404 to someone who is not its author nor staff. */
async function expectNotFound(context: BrowserContext, path: string) {
  const response = await context.request.get(`${stack.url}${path}`);
  expect(response.status(), path).toBe(404);
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [ada, ben, cleo, dan, eve, staff, admin] = await Promise.all([
    customer(name('Ada')),
    customer(name('Ben')),
    customer(name('Cleo')),
    customer(name('Dan')),
    customer(name('Eve')),
    signedInContext(browser, stack.url, 'Sam from Product'),
    signedInContext(browser, stack.url, 'Alex Admin'),
  ]);
  // Ada's post and comment, to be flagged; a second post of hers for staff to act on directly.
  const page = await ada.newPage();
  at.flaggedPost = await post(page, 'feature-requests', FLAGGED_POST, 'Seriously, fix it.', /^Post/);
  at.commentId = await comment(page, at.flaggedPost, COMMENT);
  at.secondPost = await post(page, 'feature-requests', SECOND_POST, 'The editor is too bright.', /^Post/);
  at.secondCommentId = await comment(page, at.secondPost, 'Buy my theme pack, cheapest on the web.');
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('flags, the review queue and staff decisions', { timeout: 240_000 }, () => {
  it('a member flags a comment: the form, the thanks, and a repeat refused politely', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, `${stack.url}${at.flaggedPost}`);
    // Their own content has no flag form; another's does.
    const item = commentOf(page, at.commentId);
    await sendFlag(item, 'Abusive or harassing');
    await flash(page).getByText('Thank you: the moderators will review this comment.').waitFor();
    await expect(item.getByText(COMMENT).count()).resolves.toBe(1);

    await sendFlag(commentOf(page, at.commentId), 'Spam');
    await poll(() => commentOf(page, at.commentId).getByRole('alert').textContent()).toMatch(/already/i);
    await page.close();

    const own = await ada.newPage();
    await gotoHydrated(own, `${stack.url}${at.flaggedPost}`);
    await expect(commentOf(own, at.commentId).locator('details.flag').count()).resolves.toBe(0);
    await expect(postArticle(own).locator('details.flag').count()).resolves.toBe(0);
    await own.close();
  });

  it('a member flags a post: "Something else" needs a note, then the thanks', async () => {
    const page = await ben.newPage();
    await gotoHydrated(page, `${stack.url}${at.flaggedPost}`);
    await sendFlag(postArticle(page), 'Something else');
    const note = postArticle(page).getByRole('textbox', { name: /^Note for the moderators/ });
    await poll(() => note.getAttribute('aria-invalid')).toBe('true');
    await sendFlag(postArticle(page), 'Something else', 'It insults the team by name.');
    await flash(page).getByText('Thank you: the moderators will review this post.').waitFor();
    await page.close();
  });

  it('the admin lowers the flag threshold', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/staff/moderation/settings`);
    const threshold = page.getByRole('spinbutton', { name: 'Flag threshold' });
    await expect(threshold.inputValue()).resolves.toBe('4');
    await threshold.fill('2');
    await page.locator('form[action="?/save"]').getByRole('button', { name: 'Save settings' }).click();
    await flash(page)
      .getByText(/Moderation settings saved: flags weighing 2 or more/)
      .waitFor();
    await expect(threshold.inputValue()).resolves.toBe('2');
    await page.close();
  });

  it('flags from enough members hide the post pending review: it leaves the board', async () => {
    const page = await cleo.newPage();
    await gotoHydrated(page, `${stack.url}${at.flaggedPost}`);
    await sendFlag(commentOf(page, at.commentId), 'Abusive or harassing');
    await flash(page).getByText('Thank you: the comment is hidden until the moderators review it.').waitFor();
    // Pending review, it is left out of the thread for everyone but its author and staff (no placeholder).
    await commentOf(page, at.commentId).waitFor({ state: 'detached' });

    await sendFlag(postArticle(page), 'Abusive or harassing');
    // The flagger can no longer read it: they land on its board, where it is no longer listed.
    await page.waitForURL(`${stack.url}/b/feature-requests`);
    await flash(page).getByText('Thank you: the post is hidden until the moderators review it.').waitFor();
    await expect(page.getByRole('link', { name: FLAGGED_POST }).count()).resolves.toBe(0);
    await expectNotFound(cleo, at.flaggedPost);
    await page.close();

    // Its author still reads it, with the banner.
    const own = await ada.newPage();
    await gotoHydrated(own, `${stack.url}${at.flaggedPost}`);
    // The post's banner, then its comment's (hidden by the flags too).
    await own.getByRole('note', { name: 'Hidden pending review' }).first().waitFor();
    await expect(own.getByRole('note', { name: 'Hidden pending review' }).count()).resolves.toBe(2);
    await own.close();
  });

  it('staff disagree on the flagged comment: it is published again', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review queue' }).click();
    await page.waitForURL(`${stack.url}/staff/moderation`);
    await waitForHydration(page);
    const item = queueItem(page, `Comment on “${FLAGGED_POST}”`);
    await item.getByRole('radio', { name: 'Disagree: restore' }).check();
    await decideButton(item).click();
    await flash(page).getByText('Published: everyone can read it.').waitFor();
    await page.close();

    // The post itself is still hidden pending review: its author reads the comment, without a banner now.
    const own = await ada.newPage();
    await gotoHydrated(own, `${stack.url}${at.flaggedPost}`);
    await commentOf(own, at.commentId).getByText(COMMENT).waitFor();
    await expect(commentOf(own, at.commentId).getByRole('note').count()).resolves.toBe(0);
    await own.close();
  });

  it('staff review the queue: the flags and the author’s history; agree hides the post with a reason', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}/staff/moderation`);

    const item = queueItem(page, FLAGGED_POST);
    await item.waitFor();
    await expect(item.getByText('Hidden pending review').count()).resolves.toBe(1);
    const flags = item.getByRole('table');
    await expect(flags.getByRole('row', { name: new RegExp(name('Ben')) }).textContent()).resolves.toContain(
      'Something else: It insults the team by name.',
    );
    await expect(flags.getByRole('row', { name: new RegExp(name('Cleo')) }).textContent()).resolves.toContain(
      'Abusive or harassing',
    );
    const author = item.getByRole('region', { name: /^Author:/ });
    await expect(author.getByRole('link', { name: name('Ada') }).count()).resolves.toBe(1);
    await expect(author.textContent()).resolves.toMatch(/New.*Nothing hidden or removed before/s);

    await item.getByRole('radio', { name: 'Agree: hide' }).check();
    await queueItem(page, FLAGGED_POST)
      .getByRole('textbox', { name: /^Reason/ })
      .fill(AGREE_REASON);
    await decideButton(queueItem(page, FLAGGED_POST)).click();
    await flash(page)
      .getByText(/^Hidden: only its author and staff/)
      .waitFor();
    await expect(queueItem(page, FLAGGED_POST).count()).resolves.toBe(0);
    await page.close();

    const own = await ada.newPage();
    await gotoHydrated(own, `${stack.url}${at.flaggedPost}`);
    const banner = own.getByRole('note', { name: 'Hidden by moderators' });
    await expect(banner.textContent()).resolves.toContain(AGREE_REASON);
    await own.close();
    await expectNotFound(ben, at.flaggedPost);
  });

  it('staff hide a comment directly with a reason; its author reads why, others a placeholder', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${at.secondPost}`);
    const item = commentOf(page, at.secondCommentId);
    await item.locator('details.moderate summary').click();
    await item.getByRole('radio', { name: 'Hide', exact: true }).check();
    // Without a reason: refused, the form stays open with the field's message.
    await applyButton(item).click();
    const reason = item.getByRole('textbox', { name: /^Reason/ });
    await poll(() => reason.getAttribute('aria-invalid')).toBe('true');
    await expect(item.locator('.field-error').textContent()).resolves.toMatch(/author reads it/);
    await reason.fill(HIDE_REASON);
    await applyButton(item).click();
    await flash(page)
      .getByText(/^The comment is hidden: only its author and staff/)
      .waitFor();
    await expect(
      commentOf(page, at.secondCommentId).getByRole('note', { name: 'Hidden by moderators' }).textContent(),
    ).resolves.toContain(HIDE_REASON);
    await page.close();

    const own = await ada.newPage();
    await gotoHydrated(own, `${stack.url}${at.secondPost}`);
    await expect(
      commentOf(own, at.secondCommentId).getByRole('note', { name: 'Hidden by moderators' }).textContent(),
    ).resolves.toContain(HIDE_REASON);
    await own.close();

    const other = await ben.newPage();
    await gotoHydrated(other, `${stack.url}${at.secondPost}`);
    await commentOf(other, at.secondCommentId).getByText('This comment was hidden by the team.').waitFor();
    await expect(other.getByText(HIDE_REASON).count()).resolves.toBe(0);
    await other.close();
  });

  it('a new member’s post with a link is held until staff approve it', async () => {
    const page = await dan.newPage();
    at.linkPost = await post(
      page,
      'feature-requests',
      LINK_POST,
      'Licences half price at https://licences.example/deal',
      /^Post/,
    );
    await page.getByRole('note', { name: 'Waiting for review' }).waitFor();
    await page.close();
    await expectNotFound(ben, at.linkPost);

    const review = await staff.newPage();
    await gotoHydrated(review, `${stack.url}/staff/moderation`);
    const item = queueItem(review, LINK_POST);
    await expect(item.getByText(/Posts with links from new members/).count()).resolves.toBe(1);
    await item.getByRole('radio', { name: 'Approve', exact: true }).check();
    await decideButton(item).click();
    await flash(review).getByText('Published: everyone can read it.').waitFor();
    await review.close();

    const reader = await ben.newPage();
    await gotoHydrated(reader, `${stack.url}/b/feature-requests?sort=new`);
    await reader.getByRole('link', { name: LINK_POST }).waitFor();
    await reader.close();
  });

  it('a board that holds first posts holds a new member’s first post', async () => {
    const page = await admin.newPage();
    await gotoHydrated(page, `${stack.url}/b/bugs/settings`);
    const box = page.getByRole('checkbox', { name: 'Hold new members’ first posts for review' });
    await expect(box.isChecked()).resolves.toBe(false);
    await box.check();
    await page.locator('form[action="?/update"]').getByRole('button', { name: 'Save settings' }).click();
    await flash(page).getByText('Board settings saved.').waitFor();
    await poll(() =>
      page.getByRole('checkbox', { name: 'Hold new members’ first posts for review' }).isChecked(),
    ).toBe(true);
    await page.close();

    const mine = await eve.newPage();
    at.firstBug = await post(
      mine,
      'bugs',
      FIRST_BUG,
      'The totals flicker when I reload the report.',
      /^(Post|Report)/,
    );
    await mine.getByRole('note', { name: 'Waiting for review' }).waitFor();
    await mine.close();
    await expectNotFound(ben, at.firstBug);

    const review = await staff.newPage();
    await gotoHydrated(review, `${stack.url}/staff/moderation`);
    const item = queueItem(review, FIRST_BUG);
    await expect(item.getByText(/first posts are reviewed/).count()).resolves.toBe(1);
    await review.close();
  });
});

describe('without JavaScript', { timeout: 120_000 }, () => {
  it('staff restore the hidden post with a plain form post: everyone reads it again', async () => {
    const context = await signedInContext(browser, stack.url, 'Sam from Product', {
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${stack.url}${at.flaggedPost}`);
    const tools = postArticle(page).locator('details.moderate');
    await tools.locator('summary').click();
    await tools.getByRole('radio', { name: 'Restore', exact: true }).check();
    await tools.getByRole('textbox', { name: /^Reason/ }).fill('Apologised and edited, says the team.');
    await applyButton(tools).click();
    await flash(page).getByText('The post is published again.').waitFor();
    await expect(page.getByRole('note').count()).resolves.toBe(0);
    await context.close();

    const reader = await ben.newPage();
    const response = await reader.goto(`${stack.url}${at.flaggedPost}`);
    expect(response?.status()).toBe(200);
    await reader.getByRole('heading', { level: 1, name: FLAGGED_POST }).waitFor();
    await reader.close();
  });
});
