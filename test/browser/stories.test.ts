/**
 * A success story from telling to taking down, in a real browser: the customer tells it under a consent
 * they choose, staff propose a quote that the author signs off word for word, the public page names the
 * author only as the consent allows and discloses the incentive, and a withdrawal takes the story off
 * the public web at once while its author and the audit trail keep it. Each person in their own context.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { CONSENT_TEXT } from '../../shared/domain/consent.ts';
import {
  gotoHydrated,
  launchChromium,
  reloadHydrated,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let author: BrowserContext;
let staff: BrowserContext;
let visitor: BrowserContext;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [author, staff] = await Promise.all([
    signedInContext(browser, stack.url, 'Casey Customer'),
    signedInContext(browser, stack.url, 'Sam from Product'),
  ]);
  visitor = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const TITLE = 'Month-end reports in minutes, not days';
const ROLE = 'Operations lead';
const FIRST_QUOTE = 'Reports that used to take a day are ready before my coffee.';
const REWORDED = 'Our month-end reports are ready before my first coffee.';
const INCENTIVE = 'a $50 gift card';

let storyPath = '';

const flash = (page: Page, text: string | RegExp) => page.getByRole('status').getByText(text).waitFor();

async function expectAccessible(page: Page, label: string) {
  expect(await seriousA11yViolations(page), label).toEqual([]);
}

describe('a success story', () => {
  it('is told through the story form, with the consent its author chose', async () => {
    const page = await author.newPage();
    await gotoHydrated(page, `${stack.url}/b/success-stories/new`);
    await expectAccessible(page, 'the story form');
    // Story words, not an idea's.
    await expect(page.getByText(/what this would change|gets in the way/i).count()).resolves.toBe(0);

    await page.getByRole('textbox', { name: 'What did you achieve?' }).fill(TITLE);
    await page
      .getByRole('textbox', { name: /^Tell the story/ })
      .fill('We schedule the revenue report and it lands in finance’s inbox on the first.');
    await page.getByRole('textbox', { name: /^Outcome/ }).fill('2 days a month saved');
    await page.getByRole('textbox', { name: /^Your role/ }).fill(ROLE);
    await page.getByRole('textbox', { name: /^A sentence we could quote/ }).fill(FIRST_QUOTE);
    await page
      .getByRole('group', { name: /^Product areas/ })
      .getByRole('checkbox', { name: 'Reporting' })
      .check();
    const consent = page.getByRole('group', { name: 'How may we use your story?' });
    await expect(consent.getByRole('radio').count()).resolves.toBe(5);
    await consent.getByRole('radio', { name: CONSENT_TEXT.first_name_role, exact: true }).check();
    await page.getByRole('button', { name: 'Share story', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    await waitForHydration(page);
    storyPath = new URL(page.url()).pathname;

    await flash(page, /Thank you for your story/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
    const article = page.locator('article.post');
    await expect(article.getByText('2 days a month saved').count()).resolves.toBe(1);
    // No roadmap status on a story, and the vote is a reaction.
    await expect(article.locator('.status').count()).resolves.toBe(0);
    await expect(article.getByRole('button', { name: /Inspiring/ }).count()).resolves.toBe(1);
    // Its author sees the consent they gave, word for word, and may change it.
    const mine = page.getByRole('region', { name: 'How we may use your story' });
    await expect(mine.locator('q').first().textContent()).resolves.toBe(CONSENT_TEXT.first_name_role);
    await expect(
      mine.getByRole('radio', { name: CONSENT_TEXT.first_name_role, exact: true }).isChecked(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'the story as its author');
    await page.close();
  });

  it('starts from a post the author names (?from=), and ignores one they cannot see', async () => {
    const page = await author.newPage();
    await page.goto(`${stack.url}/b/feature-requests`);
    await page.getByRole('link', { name: 'Export reports as CSV', exact: true }).click();
    await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
    const from = new URL(page.url()).pathname.split('/').pop() ?? '';
    await gotoHydrated(page, `${stack.url}/b/success-stories/new?from=${from}`);
    await expect(page.getByRole('textbox', { name: 'What did you achieve?' }).inputValue()).resolves.toBe(
      'How Export reports as CSV helped us',
    );
    await expect(page.getByRole('checkbox', { name: 'Reporting' }).isChecked()).resolves.toBe(true);

    await gotoHydrated(page, `${stack.url}/b/success-stories/new?from=01ARZ3NDEKTSV4RRFFQ69G5FAV`);
    await expect(page.getByRole('textbox', { name: 'What did you achieve?' }).inputValue()).resolves.toBe('');
    await page.close();
  });

  it('gets a quote the author signs off; a stale sign-off is refused, not an error', async () => {
    const staffPage = await staff.newPage();
    await gotoHydrated(staffPage, `${stack.url}${storyPath}`);
    await expect(staffPage.getByRole('combobox', { name: 'Status' }).count()).resolves.toBe(0);
    const proposal = staffPage.getByRole('textbox', { name: 'Propose a quote' });
    // Prefilled with the author's own suggestion.
    await expect(proposal.inputValue()).resolves.toBe(FIRST_QUOTE);
    await staffPage
      .locator('form[action="?/proposeQuote"]')
      .getByRole('button', { name: 'Propose quote' })
      .click();
    await flash(staffPage, /^Quote proposed/);

    // The author reads the first wording; staff then reword it.
    const page = await author.newPage();
    await gotoHydrated(page, `${stack.url}${storyPath}`);
    await expect(page.locator('.story-author blockquote').textContent()).resolves.toContain(FIRST_QUOTE);
    await reloadHydrated(staffPage);
    await staffPage.getByRole('textbox', { name: 'Propose a quote' }).fill(REWORDED);
    await staffPage.getByRole('button', { name: 'Propose quote' }).click();
    await flash(staffPage, /^Quote proposed/);

    const decision = page.locator('form[action="?/quoteDecision"]');
    await decision.getByRole('button', { name: 'Approve this quote' }).click();
    await page.getByRole('alert').getByText('The quote was reworded since you read it').waitFor();

    await reloadHydrated(page);
    await expect(page.locator('.story-author blockquote').textContent()).resolves.toContain(REWORDED);
    await page.getByRole('button', { name: 'Approve this quote' }).click();
    await flash(page, /^Quote approved/);
    await page.getByText('You approved this quote').waitFor();
    await staffPage.close();
    await page.close();
  });

  it('shows the approved quote to the public under the byline the consent allows', async () => {
    const page = await visitor.newPage();
    const response = await page.goto(`${stack.url}${storyPath}`);
    expect(response?.status()).toBe(200);
    const quote = page.locator('article.post figure');
    await expect(quote.locator('blockquote').textContent()).resolves.toContain(REWORDED);
    await expect(quote.locator('figcaption').textContent()).resolves.toBe(`— Casey, ${ROLE}`);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Casey Customer');
    await expect(page.locator('article.post a.author').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: 'How we may use your story' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'the story as a visitor');
    await page.close();
  });

  it('is featured with its incentive recorded, and then carries the disclosure', async () => {
    const page = await staff.newPage();
    await gotoHydrated(page, `${stack.url}${storyPath}`);
    await page.getByRole('checkbox', { name: 'Featured on the stories wall' }).check();
    await page.getByRole('textbox', { name: /^Internal note/ }).fill('Great for the finance landing page.');
    await page.getByRole('textbox', { name: /^Incentive given/ }).fill(INCENTIVE);
    await page.locator('form[action="?/curate"]').getByRole('button', { name: 'Save curation' }).click();
    await flash(page, 'Curation saved.');
    await expect(
      page.getByRole('checkbox', { name: 'Featured on the stories wall' }).isChecked(),
    ).resolves.toBe(true);
    await expectAccessible(page, 'the story as staff');
    await page.close();

    const visit = await visitor.newPage();
    await visit.goto(`${stack.url}${storyPath}`);
    await visit.getByText(`This customer received ${INCENTIVE} for sharing their story.`).waitFor();
    await expect(visit.locator('main').textContent()).resolves.not.toContain('finance landing page');
    await visit.close();
  });

  it('comes down for the public when its author withdraws consent; the author still sees it', async () => {
    const page = await author.newPage();
    await gotoHydrated(page, `${stack.url}${storyPath}`);
    await page.locator('form[action="?/consent"]').getByRole('button', { name: 'Withdraw consent' }).click();
    await flash(page, /^Your consent is withdrawn/);
    await page.getByText('You withdrew your consent.').waitFor();
    await page.close();

    const visit = await visitor.newPage();
    const response = await visit.goto(`${stack.url}${storyPath}`);
    expect(response?.status()).toBe(404);
    await visit.close();

    const again = await author.newPage();
    const mine = await again.goto(`${stack.url}${storyPath}`);
    expect(mine?.status()).toBe(200);
    await expect(again.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(TITLE);
    await again.close();
  });

  it('keeps every step in the audit trail staff read', async () => {
    const page = await staff.newPage();
    await page.goto(`${stack.url}${storyPath}`);
    const rows = page.getByRole('table', { name: 'Audit trail' }).locator('tbody tr');
    const lines = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    const what = (action: string) => lines.filter((l) => l.includes(action));
    expect(what('Story posted')).toHaveLength(1);
    expect(what('Story posted')[0]).toContain(CONSENT_TEXT.first_name_role);
    expect(what('Quote proposed')).toHaveLength(2);
    expect(what('Quote approved')).toHaveLength(1);
    expect(what('Quote approved')[0]).toContain(REWORDED);
    expect(what('Quote approved')[0]).toContain('Casey Customer');
    expect(what('Incentive recorded')[0]).toContain(INCENTIVE);
    expect(what('Featured')).toHaveLength(1);
    expect(what('Consent withdrawn')).toHaveLength(1);
    expect(what('Consent withdrawn')[0]).toContain(CONSENT_TEXT.withdrawn);
    await page.close();
  });
});
