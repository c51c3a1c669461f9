/**
 * The inbox in a real browser, on the demo board: staff comment on the demo customer's idea and mention
 * her; she sees "Notifications (n)" in the header, opens the inbox, marks one read (`?/markRead`), then
 * all (`?/markAllRead`), and changes what is emailed on her account page (`?/notifications`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import {
  gotoHydrated,
  launchChromium,
  seriousA11yViolations,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let casey: User;
let post: Post;

const person = async (email: string): Promise<User> => {
  const user = await stack.runtime.stores.users.findByEmail(email);
  if (!user) throw new Error(`The seed has no ${email}`);
  return user;
};

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  const { services } = stack.runtime;
  casey = await person('casey@customer.example');
  const sam = await person('sam@hearth.example');
  const [board] = (await services.boards.list({ kind: 'user', user: casey })).filter((b) =>
    b.kinds.includes('idea'),
  );
  if (!board) throw new Error('The seed has no idea board');
  post = await services.posts.create({ kind: 'user', user: casey }, board.slug, {
    title: 'Notify me about this idea',
  });
  // Everything the seed and earlier runs left is read: the count below is this test's alone.
  await services.inbox.markRead({ kind: 'user', user: casey }, { all: true });
  await new Promise((resolve) => setTimeout(resolve, 5));
  const staff = { kind: 'user' as const, user: sam };
  await services.comments.create(staff, post.id, { body: 'We are looking into this.' });
  await services.comments.create(staff, post.id, { body: 'Any details, @Casey Customer?' });
  await stack.runtime.drainEvents?.();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('the inbox, as the demo customer', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await signedInContext(browser, stack.url, 'Casey Customer');
  });
  afterAll(() => context?.close());

  it('shows the unread count in the header and the items, newest first, in the inbox', async () => {
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/`);
    const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', {
      name: 'Notifications, 2 unread',
    });
    expect((await link.textContent())?.replace(/\s+/g, ' ')).toBe('Notifications (2)');
    await link.click();
    await page.waitForURL(`${stack.url}/notifications`);
    await waitForHydration(page);
    const items = page.locator('ul.inbox > li');
    await expect(items.count()).resolves.toBe(2);
    await expect(items.nth(0).textContent()).resolves.toContain('Sam from Product mentioned you');
    await expect(items.nth(1).textContent()).resolves.toContain('Sam from Product commented');
    await page.getByText('2 unread.').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Each links to its comment.
    const href = await items.nth(0).getByRole('link').first().getAttribute('href');
    expect(href).toMatch(new RegExp(`^/p/${post.id}#comment-`));
    await page.close();
  });

  it('marks one read, then all read, and the header follows', async () => {
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/notifications`);
    await page.locator('ul.inbox > li').nth(0).getByRole('button', { name: 'Mark read' }).click();
    await page.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
    await waitForHydration(page);
    await expect(page.locator('ul.inbox > li.unread').count()).resolves.toBe(1);

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('All notifications are marked read.').waitFor();
    await waitForHydration(page);
    await expect(page.locator('ul.inbox > li.unread').count()).resolves.toBe(0);
    await expect(
      page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Notifications', exact: true })
        .textContent(),
    ).resolves.toBe('Notifications');
    expect((await stack.runtime.stores.users.get(casey.id))?.unreadNotifications).toBeUndefined();
    await page.close();
  });

  it('saves what is emailed, per kind, on the account page', async () => {
    const page = await context.newPage();
    await gotoHydrated(page, `${stack.url}/account`);
    const form = page.locator('form[action="?/notifications"]');
    await form
      .getByRole('group', { name: 'A new comment or answer on my post' })
      .getByRole('radio', { name: 'Daily summary' })
      .check();
    await form
      .getByRole('group', { name: 'A post I follow is merged or answered' })
      .getByRole('radio', { name: 'Off' })
      .check();
    await form.getByRole('button', { name: 'Save notification settings' }).click();
    await page.getByText('Your notification settings are saved.').waitFor();
    await waitForHydration(page);
    const prefs = await stack.runtime.services.inbox.preferences({ kind: 'user', user: casey });
    expect(prefs).toMatchObject({ comment: 'daily', followed: 'off', mention: 'email' });
    await expect(
      page
        .locator('form[action="?/notifications"]')
        .getByRole('group', { name: 'A new comment or answer on my post' })
        .getByRole('radio', { name: 'Daily summary' })
        .isChecked(),
    ).resolves.toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});
