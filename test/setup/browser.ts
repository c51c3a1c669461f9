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
  await page.addScriptTag({ content: axeSource });
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
export type DemoPerson = 'Casey Customer' | 'Sam from Product' | 'Alex Admin';

/** Signs in through the local demo sign-in page (a plain form: it works with or without JavaScript). */
export async function signIn(page: Page, baseUrl: string, who: DemoPerson, next = '/'): Promise<void> {
  await page.goto(`${baseUrl}/dev/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByRole('button', { name: `Sign in as ${who}` }).click();
  await page.waitForURL(`${baseUrl}${next}`);
  await page.getByText(`Signed in as ${who}`).waitFor();
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
  await signIn(page, baseUrl, who);
  await page.close();
  return context;
}

/**
 * Opens a page and waits until the app has hydrated: SvelteKit starts from dynamic imports, which the
 * load event does not wait for, so the network has to settle before typing can reach Svelte's handlers.
 * Typing earlier is worse than unhandled: hydration can set an input back to its rendered value.
 */
export async function gotoHydrated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
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
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}
