/** Debian's Chromium driven by playwright-core; Playwright's own browser downloads are not possible here. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated, not added as a <script>: the pages' Content-Security-Policy blocks inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
}

/** The demo people of `/dev/sign-in` (local mode). */
export type DemoPerson =
  'Casey Customer' | 'Sam from Product' | 'Riley from Sales' | 'Morgan from Marketing' | 'Alex Admin';

/**
 * Signs in through the local demo sign-in page (a plain form: it works with or without JavaScript), and
 * waits for the page it lands on to hydrate unless the context runs without JavaScript.
 */
export async function signIn(
  page: Page,
  baseUrl: string,
  who: DemoPerson,
  next = '/',
  { javaScript = true } = {},
): Promise<void> {
  await page.goto(`${baseUrl}/dev/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: `Sign in as ${who}` }).click();
  await page.waitForURL(`${baseUrl}${next}`);
  await page.getByText(`Signed in as ${who}`).waitFor();
  if (javaScript) await waitForHydration(page);
}

/** A fresh context (its own cookies) signed in as one of the demo people. */
export async function signedInContext(
  browser: Browser,
  baseUrl: string,
  who: DemoPerson,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, baseUrl, who, '/', { javaScript: options.javaScriptEnabled !== false });
  await page.close();
  return context;
}

/**
 * Waits until the app has hydrated: the root layout marks `<html data-hydrated>` once mounted. Until
 * then Svelte's handlers are not attached (a click posts the plain no-JS form instead of the enhanced
 * one) and typing is worse than unhandled: hydration can set an input back to its rendered value. Call it
 * after every full page load that is followed by interaction (goto, reload, a form post without
 * `use:enhance`, a redirect); navigations inside the app keep the layout, so the marker stays.
 */
export async function waitForHydration(page: Page): Promise<void> {
  try {
    await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
  } catch (error) {
    // The usual cause is not the page: web/build was rebuilt under the running stack, so the page's
    // scripts are gone (404) and it never starts.
    throw new Error(
      `${page.url()} did not hydrate (was web/build rebuilt while the test ran?): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Opens a page and waits until the app has hydrated. */
export async function gotoHydrated(page: Page, url: string): Promise<Response | null> {
  const response = await page.goto(url);
  await waitForHydration(page);
  return response;
}

/** Reloads a page and waits until the app has hydrated again. */
export async function reloadHydrated(page: Page): Promise<void> {
  await page.reload();
  await waitForHydration(page);
}

/**
 * Retries `check` until it resolves, for what happens after the request that caused it has answered:
 * emails and anything else the in-process event bus delivers. Polls briefly; gives up with the last
 * error after `timeout`, which stays under the browser tests' own timeout.
 */
export async function eventually<T>(check: () => Promise<T>, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * The mailbox entry (`/dev/mailbox`) that matches, once delivered: the notify handler runs on the
 * in-process bus after the request that raised the event has answered, so the page is reloaded until
 * the message is there.
 */
export async function mailboxMessage(
  page: Page,
  baseUrl: string,
  filter: { subject?: string; hasText?: string | RegExp },
): Promise<Locator> {
  let message = page.getByRole('listitem');
  if (filter.subject)
    message = message.filter({ has: page.getByRole('heading', { name: filter.subject, exact: true }) });
  if (filter.hasText !== undefined) message = message.filter({ hasText: filter.hasText });
  await page.goto(`${baseUrl}/dev/mailbox`);
  await eventually(async () => {
    if ((await message.count()) !== 1) {
      await page.reload();
      throw new Error(`No single message in the mailbox matches ${JSON.stringify(filter)}`);
    }
  });
  await waitForHydration(page);
  return message;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A post's vote button (board rows, post page, roadmap) by the post's title, voted or not. */
export const voteButton = (page: Page, title: string): Locator =>
  page.getByRole('button', { name: new RegExp(`(vote for|remove your vote for) ${escapeRegExp(title)}$`) });

/** The number a vote button shows. */
export const voteCount = async (button: Locator): Promise<number> =>
  Number(await button.locator('.count').textContent());

/** Posts an idea through the new-post form (signed in already); resolves to the new post's id. */
export async function createPost(
  page: Page,
  baseUrl: string,
  board: string,
  title: string,
  body = '',
): Promise<string> {
  await gotoHydrated(page, `${baseUrl}/b/${board}/new`);
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  if (body) await page.getByRole('textbox', { name: /^Details/ }).fill(body);
  await page.getByRole('button', { name: /^Post/ }).click();
  await page.waitForURL(/\/p\/[0-9A-Z]{26}$/);
  await waitForHydration(page);
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}
