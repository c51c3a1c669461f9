/**
 * Private boards in a real browser: a public post merged into a private one, seen by an anonymous
 * visitor, names nothing of the private post (not in the page, nor in the data serialized into it for
 * hydration), and a private post's address reads exactly like a missing one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { actorFor, type Board, type Post } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium } from '../setup/browser.ts';

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

async function aBoard(slug: string, access: Partial<Board> = {}): Promise<Board> {
  const board: Board = {
    slug,
    name: `Board ${slug}`,
    description: '',
    kinds: ['idea'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: new Date().toISOString(),
    ...access,
  };
  await stack.runtime.stores.boards.create(board);
  return board;
}

describe('a public post merged into a private one', () => {
  let open: Post;
  let secret: Post;

  beforeAll(async () => {
    const { stores, services } = stack.runtime;
    const staff = actorFor(
      await stores.users.upsertByIdentity(
        'sso',
        'private-merge-staff',
        { email: 'staff@hearth.example', name: 'Staff Member', role: 'staff' },
        new Date().toISOString(),
      ),
    );
    const publicBoard = await aBoard('open-wishes');
    const privateBoard = await aBoard('acme-only', { private: true, allowedDomains: ['acme.example'] });
    open = await services.posts.create(staff, publicBoard.slug, { title: 'Faster exports please' });
    secret = await services.posts.create(staff, privateBoard.slug, { title: 'Project Kestrel for Acme' });
    await services.posts.merge(staff, open.id, { into: secret.id });
  });

  it('shows an anonymous visitor that it was merged, and nothing of where to', async () => {
    const page = await browser.newPage();
    try {
      const response = await gotoHydrated(page, `${stack.url}/p/${open.id}`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe(`/p/${open.id}`);
      await page.getByText('This post was merged').waitFor();
      await expect.poll(() => page.locator('main').innerText()).toContain('into another post');
      // The whole document, the hydration data included.
      const html = await page.content();
      expect(html).toContain('Faster exports please');
      for (const trace of [secret.title, 'Kestrel', secret.id, 'acme-only'])
        expect(html).not.toContain(trace);
    } finally {
      await page.close();
    }
  });

  it('answers the private post’s address exactly as a missing post’s', async () => {
    const page = await browser.newPage();
    try {
      const texts: string[] = [];
      for (const id of [secret.id, '01KC0000000000000000000000']) {
        const response = await page.goto(`${stack.url}/p/${id}`);
        expect(response?.status()).toBe(404);
        texts.push(await page.locator('main').innerText());
      }
      expect(texts[0]).toContain('Post not found');
      expect(texts[0]).toBe(texts[1]);
    } finally {
      await page.close();
    }
  });
});
