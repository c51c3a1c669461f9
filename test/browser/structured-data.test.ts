/**
 * What search engines read, in a real browser against the demo stack: a question's page carries a
 * QAPage, an idea's a DiscussionForumPosting, both with their canonical address; the sitemap lists the
 * public posts and nothing of a private board; robots.txt points at the sitemap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { ANONYMOUS, actorFor, type Post, type PostKind } from '../../shared/domain/types.ts';
import { gotoHydrated, launchChromium, signedInContext } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
const ids = { question: '', answer: '', hiddenComment: '', idea: '', bug: '', story: '' };
let secret: Post;

/** The demo post of a board: its first, newest first. */
async function demoPost(board: string, kind: PostKind): Promise<string> {
  const { posts } = await stack.runtime.services.posts.list(ANONYMOUS, board, { sort: 'new' });
  const post = posts.find((p) => p.kind === kind);
  if (!post) throw new Error(`The demo data has no ${kind} on ${board}.`);
  return post.id;
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  const { stores, services } = stack.runtime;
  [ids.question, ids.idea, ids.bug, ids.story] = await Promise.all([
    demoPost('questions', 'question'),
    demoPost('feature-requests', 'idea'),
    demoPost('bugs', 'bug'),
    demoPost('success-stories', 'story'),
  ]);
  const staff = actorFor(
    await stores.users.upsertByIdentity(
      'sso',
      'structured-data-staff',
      { email: 'seo-staff@hearth.example', name: 'Staff Member', role: 'staff' },
      new Date().toISOString(),
    ),
  );
  // The question gets an accepted answer, and a comment staff hid.
  const answer = await services.comments.create(staff, ids.question, {
    body: 'Choose **Invite** and the *Viewer* role.',
  });
  const hidden = await services.comments.create(staff, ids.question, { body: 'Withheld words' });
  await services.comments.setHidden(staff, ids.question, hidden.id, true);
  await services.posts.acceptAnswer(staff, ids.question, { commentId: answer.id });
  ids.answer = answer.id;
  ids.hiddenComment = hidden.id;
  // The demo data has no private board: one of Acme's own.
  await stores.boards.create({
    slug: 'acme-roadmap',
    name: 'Acme roadmap',
    description: '',
    kinds: ['idea'],
    archived: false,
    private: true,
    allowedDomains: ['acme.example'],
    createdAt: new Date().toISOString(),
  });
  secret = await services.posts.create(staff, 'acme-roadmap', { title: 'Project Kestrel for Acme' });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The page's JSON-LD scripts, parsed: a script that is not JSON fails the test here. */
async function structuredData(page: Page): Promise<Record<string, unknown>[]> {
  const scripts = await page.locator('script[type="application/ld+json"]').allTextContents();
  return scripts.map((text) => JSON.parse(text) as Record<string, unknown>);
}

const canonical = (page: Page) =>
  page.locator('link[rel="canonical"]').evaluateAll((links) => links.map((l) => l.getAttribute('href')));

describe('structured data', () => {
  it('makes the demo question a QAPage with its accepted answer, and names its address', async () => {
    const page = await browser.newPage();
    try {
      await gotoHydrated(page, `${stack.url}/p/${ids.question}?comments=`);
      await expect(canonical(page)).resolves.toEqual([`${stack.url}/p/${ids.question}`]);
      const [data, ...more] = await structuredData(page);
      expect(more).toEqual([]);
      expect(data).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'QAPage',
        mainEntity: {
          '@type': 'Question',
          name: 'How do I invite a teammate without giving admin rights?',
          acceptedAnswer: {
            '@type': 'Answer',
            text: 'Choose Invite and the Viewer role.',
            url: `${stack.url}/p/${ids.question}#comment-${ids.answer}`,
          },
        },
      });
      // The demo's staff answer is another one.
      expect(JSON.stringify(data)).toContain('Settings → Team');
      // The comment staff hid is nowhere in it.
      expect(JSON.stringify(data)).not.toContain(ids.hiddenComment);
      // The anchor it names is the comment on the page.
      await expect(page.locator(`#comment-${ids.answer}`).count()).resolves.toBe(1);
    } finally {
      await page.close();
    }
  });

  it('makes an idea and a bug DiscussionForumPostings', async () => {
    const page = await browser.newPage();
    try {
      for (const id of [ids.idea, ids.bug]) {
        await gotoHydrated(page, `${stack.url}/p/${id}`);
        await expect(canonical(page)).resolves.toEqual([`${stack.url}/p/${id}`]);
        const [data] = await structuredData(page);
        expect(data).toMatchObject({
          '@type': 'DiscussionForumPosting',
          url: `${stack.url}/p/${id}`,
          interactionStatistic: [
            { interactionType: 'https://schema.org/LikeAction' },
            { interactionType: 'https://schema.org/CommentAction' },
          ],
        });
      }
    } finally {
      await page.close();
    }
  });

  it('leaves stories, and private boards even to those who may read them, without any', async () => {
    const visitor = await browser.newPage();
    const staff = await signedInContext(browser, stack.url, 'Sam from Product');
    const staffPage = await staff.newPage();
    try {
      await gotoHydrated(visitor, `${stack.url}/p/${ids.story}`);
      await expect(structuredData(visitor)).resolves.toEqual([]);
      await expect(canonical(visitor)).resolves.toEqual([]);

      await gotoHydrated(staffPage, `${stack.url}/p/${secret.id}`);
      await staffPage.getByRole('heading', { name: secret.title }).waitFor();
      await expect(structuredData(staffPage)).resolves.toEqual([]);
      await expect(canonical(staffPage)).resolves.toEqual([]);
    } finally {
      await visitor.close();
      await staff.close();
    }
  });
});

describe('the sitemap and robots.txt', () => {
  it('lists the public posts, and nothing of a private board', async () => {
    const response = await fetch(`${stack.url}/sitemap.xml`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
    const text = await response.text();
    // Well-formed XML, as the browser's own parser reads it.
    const page = await browser.newPage();
    try {
      const parsed = await page.evaluate((source) => {
        const doc = new DOMParser().parseFromString(source, 'application/xml');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? null,
          root: doc.documentElement.localName,
          locs: [...doc.getElementsByTagName('loc')].map((l) => l.textContent),
          lastmods: doc.getElementsByTagName('lastmod').length,
        };
      }, text);
      expect(parsed.error).toBeNull();
      expect(parsed.root).toBe('urlset');
      for (const path of ['/', '/b/questions', '/roadmap', '/changelog', '/stories'])
        expect(parsed.locs).toContain(`${stack.url}${path}`);
      for (const id of [ids.question, ids.idea, ids.bug, ids.story])
        expect(parsed.locs).toContain(`${stack.url}/p/${id}`);
      expect(parsed.lastmods).toBeGreaterThanOrEqual(4);
    } finally {
      await page.close();
    }
    for (const trace of [secret.id, 'acme-roadmap']) expect(text).not.toContain(trace);
  });

  it('robots.txt names the sitemap and keeps crawlers out of private pages', async () => {
    const response = await fetch(`${stack.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain(`Sitemap: ${stack.url}/sitemap.xml`);
    for (const path of ['/staff', '/account', '/dev', '/api']) expect(text).toContain(`Disallow: ${path}`);
  });
});
