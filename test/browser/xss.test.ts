/**
 * Cross-site scripting, in a real browser: well-known payloads go in through every channel people write
 * to (post titles and bodies, comments, display names and companies from SSO, staff notes, and the names
 * admins give boards and tags), then every page that shows them is opened, rendered on the server and on
 * the client, and checked: nothing ran (no `window.__xss`, no dialog), the DOM holds no script, event
 * handler attribute or script URL the payloads brought, and titles and names read as the text typed.
 * The Atom feed and the status emails are checked as the text they are, and as HTML a reader would render.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { SESSION_COOKIE } from '../../shared/auth/session-token.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import type { Role } from '../../shared/domain/types.ts';
import {
  createPost,
  gotoHydrated,
  launchChromium,
  signedInContext,
  waitForHydration,
} from '../setup/browser.ts';

/**
 * Each payload sets `window.__xss` (or opens a dialog) if it ever runs. Every one is at most 80
 * characters, so it also fits a display name; one post per payload keeps within the posting limits.
 */
const PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload=window.__xss=1>',
  '[click](javascript:window.__xss=1)',
  '<a href="javascript:window.__xss=1">x</a>',
  '"><script>window.__xss=1</script>',
  '<iframe src="javascript:window.__xss=1">',
  '<details open ontoggle=window.__xss=1>',
  '<math><mi xlink:href="javascript:window.__xss=1">x</mi></math>',
  "<style>@import 'javascript:window.__xss=1'</style>",
  "{{constructor.constructor('window.__xss=1')()}}",
  '<img src="data:image/svg+xml,%3Csvg onload=window.__xss=1%3E">',
  '![x](data:text/html,%3Cscript%3Ewindow.__xss=1%3C/script%3E)',
  '&lt;script&gt;window.__xss=1&lt;/script&gt;',
  '![x" onerror="window.__xss=1](https://example.com/x.png)',
  '![x](x"onerror="window.__xss=1)',
  '</textarea><script>window.__xss=1</script>',
  '</title><script>window.__xss=1</script>',
  '<img src=x onerror=alert(document.domain)>',
  '<a href="&#106;avascript:window.__xss=1">x</a>',
  '[x](JaVaScRiPt:window.__xss=1)',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
  '<form><button formaction=javascript:window.__xss=1>x</button></form>',
  '<!--><img src=x onerror=window.__xss=1>-->',
];

/** Every payload as its own Markdown block, then all of them inline in one paragraph. */
const ALL_PAYLOADS_MARKDOWN = `${PAYLOADS.join('\n\n')}\n\nInline: ${PAYLOADS.join(' ')}`;

const STAFF_NAME = 'Sam "><svg/onload=window.__xss=1>';
const BOARD = { slug: 'xss-board', name: '<svg onload=window.__xss=1> ideas' };
const TAG = { slug: 'xss-tag', name: '<img src=x onerror=window.__xss=1>' };

interface Person {
  id: string;
  name: string;
  /** The session cookie's value. */
  session: string;
}

interface PayloadPost {
  payload: string;
  id: string;
  author: Person;
  status: 'planned' | 'in_progress' | 'shipped' | 'under_review';
}

let stack: LocalStack;
let browser: Browser;
let staff: Person;
let posts: PayloadPost[];
/** The post on the payload board whose body, comments and staff note hold every payload. */
let combinedId: string;
let casey: BrowserContext;
let admin: BrowserContext;

const STATUSES = ['planned', 'in_progress', 'shipped', 'under_review'] as const;

/** Signs in through the SSO JSON API, as a host product's backend would. */
async function ssoSignIn(sub: string, name: string, extra: { company?: string; role?: Role } = {}) {
  const token = await signSsoToken(
    { sub, email: `${sub}@example.com`, name, ...extra },
    stack.runtime.config.ssoSecret,
  );
  const response = await fetch(`${stack.url}/api/auth/sso`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  const { user } = (await response.json()) as { user: { id: string; name: string } };
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`)) ?? '';
  const session = cookie.slice(SESSION_COOKIE.length + 1).split(';')[0] ?? '';
  expect(session).not.toBe('');
  expect(user.name).toBe(name);
  return { id: user.id, name: user.name, session };
}

/** A JSON API call with the person's cookie, from the site's own origin (as the app's pages would). */
async function api<T>(who: Person, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      origin: stack.url,
      cookie: `${SESSION_COOKIE}=${who.session}`,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A browser context holding the person's session cookie. */
async function contextAs(who: Person): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.addCookies([
    { name: SESSION_COOKIE, value: who.session, url: stack.url, httpOnly: true, sameSite: 'Lax' },
  ]);
  return context;
}

beforeAll(async () => {
  for (const payload of PAYLOADS) expect(payload.length, payload).toBeLessThanOrEqual(80);
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  [casey, admin] = await Promise.all([
    signedInContext(browser, stack.url, 'Casey Customer'),
    signedInContext(browser, stack.url, 'Alex Admin'),
  ]);

  // An admin names a board and a tag with payloads.
  const boss = await ssoSignIn('xss-admin', 'Admin of the payloads', { role: 'admin' });
  await api(boss, 'POST', '/api/boards', {
    slug: BOARD.slug,
    name: BOARD.name,
    description: PAYLOADS.slice(0, 8).join(' '),
    kinds: ['idea'],
  });
  await api(boss, 'POST', '/api/tags', TAG);
  // The payloads are links from brand-new accounts, which moderation would hold for review; this file
  // checks how published text renders, so the holds are switched off (moderation tests cover them).
  await api(boss, 'PUT', '/api/moderation/settings', { flagThreshold: 4, holdLinksFromNewMembers: false });
  staff = await ssoSignIn('xss-staff', STAFF_NAME, { role: 'staff' });

  // One person per payload, named (and employed) by it, posts it as a title and as the body.
  const people = await Promise.all(
    PAYLOADS.map((payload, i) => ssoSignIn(`xss-${i}`, payload, { company: payload })),
  );
  posts = await Promise.all(
    PAYLOADS.map(async (payload, i) => {
      const author = people[i] as Person;
      const { post } = await api<{ post: { id: string } }>(
        author,
        'POST',
        '/api/boards/feature-requests/posts',
        { title: payload, body: payload },
      );
      return { payload, id: post.id, author, status: STATUSES[i % STATUSES.length] ?? 'planned' };
    }),
  );

  // Every payload at once in a body and a comment, typed into the forms; then one comment per person.
  const page = await casey.newPage();
  combinedId = await createPost(
    page,
    stack.url,
    BOARD.slug,
    'Every payload in one body',
    ALL_PAYLOADS_MARKDOWN,
  );
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(ALL_PAYLOADS_MARKDOWN);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await page.waitForURL(new RegExp(`/p/${combinedId}#comment-[0-9A-Z]{26}$`));
  await page.close();
  await Promise.all(
    posts.map(({ payload, author }) =>
      api(author, 'POST', `/api/posts/${combinedId}/comments`, { body: payload }),
    ),
  );

  // Staff move the posts along the roadmap, with every payload in the note.
  await Promise.all(
    posts.map((post) =>
      api(staff, 'POST', `/api/posts/${post.id}/status`, {
        status: post.status,
        note: ALL_PAYLOADS_MARKDOWN,
      }),
    ),
  );
  await api(staff, 'PUT', `/api/posts/${combinedId}/tags`, { tags: [TAG.slug] });
  await api(staff, 'POST', `/api/posts/${combinedId}/status`, {
    status: 'shipped',
    note: ALL_PAYLOADS_MARKDOWN,
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/**
 * Runs in the page: what a payload could have left behind. Any script that is not the app's own counts
 * (so the count of scripts mentioning `__xss` outside the app's is zero); the app's own are its module
 * scripts under /_app/ and SvelteKit's inline start-up script, which carries the page's data, payloads
 * included, as escaped JavaScript strings: it must not hold a tag that could end it early.
 */
function auditDom(): string[] {
  const problems: string[] = [];
  // Inside the function: it runs in the page, where nothing from this module is in scope.
  const isJson = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const marker = (window as unknown as { __xss?: unknown }).__xss;
  if (marker !== undefined) problems.push(`window.__xss is ${String(marker)}`);
  const show = (el: Element) => el.outerHTML.slice(0, 160);

  // Every script element, SVG ones included (document.scripts lists only HTML ones).
  for (const script of Array.from(document.querySelectorAll('script'))) {
    const text = script.textContent ?? '';
    const src = script.getAttribute('src');
    // Structured data for search engines (JSON-LD) is the app's own data island: it must be JSON and,
    // like the start-up script, hold no markup that could end it early.
    const structuredData = script.getAttribute('type') === 'application/ld+json' && isJson(text);
    const own = src
      ? new URL(src, document.baseURI).origin === location.origin &&
        new URL(src, document.baseURI).pathname.startsWith('/_app/')
      : text.includes('__sveltekit_') ||
        structuredData ||
        (script.getAttribute('type') === 'application/json' && script.hasAttribute('data-sveltekit-fetched'));
    if (!own) problems.push(`a script that is not the app's: ${show(script)}`);
    else if (/<(!--|\/?script)/i.test(text)) {
      problems.push(`the app's start-up script carries markup: ${text.slice(0, 160)}`);
    }
  }

  // A sandbox without allow-scripts runs nothing (the local mailbox shows email HTML that way).
  const inertFrame = (el: Element) =>
    el.tagName === 'IFRAME' &&
    el.hasAttribute('sandbox') &&
    !(el.getAttribute('sandbox') ?? '').split(/\s+/).includes('allow-scripts');
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'ping'];
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`an event handler attribute ${name}: ${show(el)}`);
      if (name === 'srcdoc' && !inertFrame(el)) problems.push(`a srcdoc: ${show(el)}`);
      if (!urlAttributes.includes(attr.localName.toLowerCase())) continue;
      let scheme: string;
      try {
        scheme = new URL(attr.value, document.baseURI).protocol;
      } catch {
        scheme = attr.value.trim().toLowerCase().split(':')[0] + ':';
      }
      if (['javascript:', 'vbscript:', 'data:'].includes(scheme)) {
        problems.push(`a ${scheme} URL in ${name}: ${show(el)}`);
      }
    }
  }

  const dangerous = 'iframe, frame, frameset, object, embed, applet, base, math, portal';
  for (const el of Array.from(document.querySelectorAll(dangerous))) {
    if (!inertFrame(el)) problems.push(`a dangerous element: ${show(el)}`);
  }
  for (const el of Array.from(document.querySelectorAll('body style, body link, body meta'))) {
    problems.push(`markup that belongs in the head, in the body: ${show(el)}`);
  }
  // Rendered Markdown holds formatting only.
  const notFormatting =
    'img, svg, video, audio, source, details, form, input, button, textarea, select, style, script, noscript, template, iframe, object, embed, math';
  for (const el of Array.from(document.querySelectorAll(`.prose :is(${notFormatting})`))) {
    problems.push(`more than formatting in user content: ${show(el)}`);
  }
  return problems;
}

const dialogs = new WeakMap<Page, string[]>();

/** A page that records every dialog (an alert is the classic proof of XSS) and dismisses it. */
async function auditedPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  const opened: string[] = [];
  page.on('dialog', (dialog) => {
    opened.push(`a dialog opened (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  dialogs.set(page, opened);
  return page;
}

/** Lets a page settle without a fixed sleep: images loaded or failed, then two frames for queued events. */
async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done)))),
  );
}

async function expectNoXss(page: Page, where: string): Promise<void> {
  await settle(page);
  const problems = [...(await page.evaluate(auditDom)), ...(dialogs.get(page) ?? [])];
  expect(problems, `XSS on ${where}`).toEqual([]);
}

/** Loads a page from the server, lets it hydrate, and checks it. */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${stack.url}${path}`);
  expect(response?.status(), path).toBe(200);
  await waitForHydration(page);
  await expectNoXss(page, path);
}

/**
 * Runs a check for each item, a few pages at a time: most of a page's time is waiting for its network
 * to go quiet. Every check runs; the first failure is reported.
 */
async function inParallel<T>(items: readonly T[], check: (item: T) => Promise<void>, width = 3) {
  const queue = [...items];
  const failures: unknown[] = [];
  const worker = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      await check(next).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  if (failures.length > 0) throw failures[0];
}

/**
 * What the first element each selector finds shows, in one round trip: a form field's value, a meta
 * tag's content, otherwise the text, trimmed; null when nothing matches.
 */
function shown<K extends string>(
  page: Page,
  selectors: Record<K, string>,
): Promise<Record<K, string | null>> {
  const plain: Record<string, string> = selectors;
  return page.evaluate((wanted) => {
    const read = (el: Element | null) => {
      if (!el) return null;
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return el.value;
      if (el instanceof HTMLMetaElement) return el.content;
      return (el.textContent ?? '').trim();
    };
    return Object.fromEntries(
      Object.entries(wanted).map(([key, selector]) => [key, read(document.querySelector(selector))]),
    );
  }, plain) as Promise<Record<K, string | null>>;
}

const text = (page: Page, selector: string) => page.locator(selector).allTextContents();
const trimmed = (texts: string[]) => texts.map((t) => t.trim());

describe('the checks', () => {
  it('catch payloads that do run, in a page that renders them unescaped', async () => {
    // The pages' Content-Security-Policy would stop most payloads; these checks must see them run.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await auditedPage(context);
    await page.goto(`${stack.url}/`);
    // The deliberately unsafe rendering: each payload parsed as HTML and inserted as it is, scripts
    // and all, as a page that skipped the sanitizer would.
    await page.evaluate((payloads) => {
      for (const payload of payloads) {
        const div = document.createElement('div');
        div.className = 'prose';
        div.append(document.createRange().createContextualFragment(payload));
        document.body.append(div);
      }
    }, PAYLOADS);
    await page.waitForFunction(() => (window as unknown as { __xss?: number }).__xss === 1);
    await settle(page);
    const problems = [...(await page.evaluate(auditDom)), ...(dialogs.get(page) ?? [])];
    expect(problems).toEqual(
      expect.arrayContaining([
        'window.__xss is 1',
        "a script that is not the app's: <script>window.__xss=1</script>",
        'an event handler attribute onerror: <img src="x" onerror="window.__xss=1">',
        'an event handler attribute ontoggle: <details open="" ontoggle="window.__xss=1"></details>',
        'a javascript: URL in href: <a href="javascript:window.__xss=1">x</a>',
        'a dangerous element: <iframe src="javascript:window.__xss=1"></iframe>',
        'more than formatting in user content: <svg onload="window.__xss=1"></svg>',
        'a dialog opened (alert): 127.0.0.1',
      ]),
    );
    await context.close();
  });
});

describe('payloads stay text', () => {
  it('on the boards and board lists, rendered on the server and after navigating in the app', async () => {
    const page = await auditedPage(casey);
    await visit(page, '/');
    await expect(text(page, '.boards h2')).resolves.toContain(BOARD.name);

    // Newest first, over as many pages as it takes.
    await visit(page, '/b/feature-requests?sort=new');
    const listed = new Map<string, { title: string; author: string }>();
    for (;;) {
      const rows = await page.locator('ol.posts > li').evaluateAll((items) =>
        items.map((li) => ({
          href: li.querySelector('.title a')?.getAttribute('href') ?? '',
          title: li.querySelector('.title a')?.textContent ?? '',
          author: li.querySelector('a.author')?.textContent ?? '',
        })),
      );
      for (const row of rows) listed.set(row.href, row);
      const more = page.getByRole('link', { name: 'More posts' });
      if ((await more.count()) === 0) break;
      const url = page.url();
      await more.click();
      await page.waitForURL((u) => u.href !== url);
      await page.locator('ol.posts').waitFor();
      await expectNoXss(page, page.url());
    }
    for (const { payload, id, author } of posts) {
      expect(listed.get(`/p/${id}`), payload).toEqual({
        href: `/p/${id}`,
        title: payload,
        author: author.name,
      });
    }
    // The board an admin named with a payload, and its description.
    await visit(page, `/b/${BOARD.slug}`);
    await expect(page.locator('h1').textContent()).resolves.toBe(BOARD.name);
    await expect(page.title()).resolves.toBe(`${BOARD.name} · Hearth`);
    await expect(text(page, 'ol.posts .title a')).resolves.toEqual(['Every payload in one body']);

    // Navigating inside the app renders in the browser (Markdown through innerHTML), not on the server.
    // The same components draw every post: a few payload posts, then the post holding every payload
    // in its body, comments and staff note, and on from there to a commenter's profile, cover the path.
    await visit(page, '/b/feature-requests?sort=new');
    const firstListed = await page
      .locator('ol.posts .title a')
      .evaluateAll((links) => links.slice(0, 4).map((a) => a.getAttribute('href')));
    const newest = posts.filter((p) => firstListed.includes(`/p/${p.id}`));
    expect(newest).toHaveLength(4);
    for (const { payload, id } of newest) {
      await page.locator(`ol.posts .title a[href="/p/${id}"]`).click();
      await page.waitForURL(`${stack.url}/p/${id}`);
      await page.locator('h1#post-title').filter({ hasText: payload }).waitFor();
      await expectNoXss(page, `/p/${id} (navigated to)`);
      await expect(page.locator('h1#post-title').textContent()).resolves.toBe(payload);
      await page.goBack();
      await page.waitForURL(`${stack.url}/b/feature-requests?sort=new`);
      await page.locator('ol.posts').waitFor();
    }
    await page.getByRole('link', { name: 'All boards' }).click();
    await page.getByRole('link', { name: BOARD.name, exact: true }).click();
    await page.getByRole('link', { name: 'Every payload in one body', exact: true }).click();
    await page.waitForURL(`${stack.url}/p/${combinedId}`);
    await page.locator('.threads').waitFor();
    await expectNoXss(page, `/p/${combinedId} (navigated to)`);
    const commenter = posts.find((p) => p.payload.includes('alert')) ?? posts[0];
    await page
      .locator('.threads a.author')
      .getByText(commenter?.payload ?? '', { exact: true })
      .click();
    await page.waitForURL(`${stack.url}/u/${commenter?.author.id}`);
    await page.locator('#tab-heading').filter({ hasText: 'Posts by' }).waitFor();
    await expectNoXss(page, `/u/${commenter?.author.id} (navigated to)`);
    await page.getByRole('navigation', { name: 'Activity' }).getByRole('link', { name: 'Comments' }).click();
    await page.locator('#tab-heading').filter({ hasText: 'Comments by' }).waitFor();
    await expectNoXss(page, `/u/${commenter?.author.id}?tab=comments (navigated to)`);
    await expect(text(page, '.items .on a')).resolves.toEqual(['Every payload in one body']);
    await page.close();
  });

  it('on every post page, as its author (with the edit form) and with the status history', async () => {
    await inParallel(posts, async ({ payload, id, author, status }) => {
      const context = await contextAs(author);
      const page = await auditedPage(context);
      await visit(page, `/p/${id}`);
      await expect(page.locator('h1#post-title').isVisible()).resolves.toBe(true);
      await expect(
        shown(page, {
          title: 'title',
          heading: 'h1#post-title',
          author: '.meta a.author',
          signedInAs: '.who strong',
          editTitle: '#edit-title',
          editBody: '#edit-body',
          description: 'meta[name="description"]',
          responseBy: '.response .by',
        }),
      ).resolves.toEqual({
        title: `${payload} · Feature requests · Hearth`,
        heading: payload,
        author: payload,
        signedInAs: payload,
        editTitle: payload,
        editBody: payload,
        description: payload,
        // The official response is signed by the staff member who wrote it.
        responseBy: status === 'under_review' ? expect.anything() : expect.stringContaining(STAFF_NAME),
      });
      await context.close();
    });
  });

  it('on the post with every payload in its body, comments, tag, board and staff note, as staff', async () => {
    const context = await contextAs(staff);
    const page = await auditedPage(context);
    await visit(page, `/p/${combinedId}`);
    await expect(page.locator('.crumbs a').textContent()).resolves.toBe(`← ${BOARD.name}`);
    await expect(page.title()).resolves.toBe(`Every payload in one body · ${BOARD.name} · Hearth`);
    await expect(text(page, 'p.tags a.tag')).resolves.toEqual([TAG.name]);
    const authors = trimmed(await text(page, '.threads article.comment .meta a.author'));
    expect(authors).toEqual(expect.arrayContaining([...PAYLOADS, 'Casey Customer']));
    await expect(text(page, '.timeline .change .muted')).resolves.toEqual([
      expect.stringContaining(`by ${STAFF_NAME},`),
    ]);
    // The payloads written as Markdown come out as readable text, not as markup.
    const bodyText = (await page.locator('.post .content > .prose').textContent()) ?? '';
    expect(bodyText).toContain("{{constructor.constructor('window.__xss=1')()}}");
    expect(bodyText).toContain('<script>window.__xss=1</script>');
    await context.close();
  });

  it('on every profile, with its posts, as an admin who may change roles', async () => {
    await inParallel(posts, async ({ payload, author }) => {
      const page = await auditedPage(admin);
      await visit(page, `/u/${author.id}`);
      await expect(
        shown(page, {
          title: 'title',
          heading: 'h1',
          company: '.facts span',
          roleLabel: 'label[for="role"]',
          tabHeading: '#tab-heading',
          post: '.items .title a',
        }),
      ).resolves.toEqual({
        title: `${payload} · Hearth`,
        heading: payload,
        company: payload,
        roleLabel: `Role of ${payload}`,
        tabHeading: `Posts by ${payload}`,
        post: payload,
      });
      await page.close();
    });
  });

  it('on the roadmap, the changelog, the tags page, the board settings and the mailbox', async () => {
    const page = await auditedPage(admin);
    await visit(page, '/roadmap');
    for (const [column, status] of [
      ['planned', 'planned'],
      ['in_progress', 'in_progress'],
      ['shipped', 'shipped'],
    ] as const) {
      const shown = await text(page, `section[aria-labelledby="col-${column}"] h3 a`);
      const expected = posts.filter((p) => p.status === status).map((p) => p.payload);
      expect(shown).toEqual(expect.arrayContaining(expected));
    }
    await expect(text(page, '.board')).resolves.toContain(BOARD.name);

    await visit(page, '/changelog');
    const shipped = posts.filter((p) => p.status === 'shipped').map((p) => p.payload);
    await expect(text(page, '.entries h2 a')).resolves.toEqual(
      expect.arrayContaining([...shipped, 'Every payload in one body']),
    );
    await expect(text(page, '.entries .by')).resolves.toEqual(
      expect.arrayContaining([STAFF_NAME, STAFF_NAME]),
    );

    await visit(page, '/tags');
    await expect(page.getByText(TAG.name, { exact: true }).count()).resolves.toBeGreaterThan(0);
    await visit(page, `/b/${BOARD.slug}/settings`);
    await visit(page, '/dev/mailbox');
    await expect(text(page, '.messages h2')).resolves.toEqual(
      expect.arrayContaining(shipped.map((title) => `[Hearth] “${title}” is now shipped`)),
    );
    await page.close();
  });

  it('in search results, in the query shown back, and in the similar posts found while typing', async () => {
    const page = await auditedPage(casey);
    await visit(page, '/b/feature-requests?q=xss');
    await expect(text(page, 'ol.posts .title a')).resolves.toEqual(
      expect.arrayContaining(posts.map((p) => p.payload).filter((p) => p.includes('xss'))),
    );
    // The query comes back in the heading and the search box: a few payloads per query (at most 200
    // characters are kept).
    const queries: string[] = [];
    for (const payload of PAYLOADS) {
      const last = queries.at(-1);
      if (last !== undefined && last.length + 1 + payload.length <= 200)
        queries[queries.length - 1] += ` ${payload}`;
      else queries.push(payload);
    }
    for (const q of queries) {
      await visit(page, `/b/feature-requests?q=${encodeURIComponent(q)}`);
      await expect(page.locator('#q').inputValue()).resolves.toBe(q);
      await expect(page.getByText(`Ideas matching “${q}”`, { exact: true }).count()).resolves.toBe(1);
    }

    await gotoHydrated(page, `${stack.url}/b/feature-requests/new`);
    await page.getByRole('textbox', { name: 'Title' }).pressSequentially('constructor');
    const suggestions = page.locator('.similar li a');
    await suggestions.first().waitFor();
    await expect(suggestions.allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        "{{constructor.constructor('window.__xss=1')()}}",
        'Every payload in one body',
      ]),
    );
    await expect(text(page, '.similar .facts .muted')).resolves.toContain(`in ${BOARD.name}`);
    await expectNoXss(page, 'similar posts on /b/feature-requests/new');
    await page.close();
  });
});

describe('payloads outside the pages', () => {
  it('the Atom feed escapes titles and names, and its HTML content is sanitized', async () => {
    const response = await fetch(`${stack.url}/changelog.atom`);
    expect(response.headers.get('content-type')).toContain('application/atom+xml');
    const feed = await response.text();
    // As text: the only tags are the feed's own; every payload's markup is escaped.
    const tags = new Set([...feed.matchAll(/<\/?([A-Za-z?][\w:.-]*)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      [
        '?xml',
        'author',
        'content',
        'entry',
        'feed',
        'id',
        'link',
        'name',
        'subtitle',
        'title',
        'updated',
      ].sort(),
    );

    const page = await auditedPage(await browser.newContext());
    await page.goto(`${stack.url}/dev/mailbox`);
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        entries: Array.from(doc.querySelectorAll('entry')).map((entry) => ({
          title: entry.querySelector('title')?.textContent ?? '',
          author: entry.querySelector('author name')?.textContent ?? null,
          html: entry.querySelector('content')?.textContent ?? '',
        })),
      };
    }, feed);
    expect(parsed.error).toBeNull();
    const shipped = posts.filter((p) => p.status === 'shipped');
    for (const { payload } of shipped) {
      const entry = parsed.entries.find((e) => e.title === payload);
      expect(entry, payload).toBeDefined();
      expect(entry?.author).toBe(STAFF_NAME);
    }
    // As a feed reader shows it: each entry's HTML, rendered as a page.
    const notes = parsed.entries.filter((e) => e.author === STAFF_NAME);
    expect(notes.length).toBe(shipped.length + 1);
    for (const [i, entry] of notes.entries()) {
      await page.setContent(entry.html);
      await expectNoXss(page, `feed entry ${i} (${entry.title})`);
      await expect(page.locator('body').textContent()).resolves.toContain('<script>window.__xss=1</script>');
    }
    await page.close();
  });

  it('the status emails escape titles, names and notes, in their text and their HTML', async () => {
    const emails = await listOutbox(stack.outboxDir);
    const statusEmails = emails.filter((m) => m.subject.includes('” is now '));
    expect(statusEmails.length).toBeGreaterThanOrEqual(posts.length);
    const page = await auditedPage(await browser.newContext());
    for (const email of statusEmails) {
      expect(email.html, email.subject).toBeTruthy();
      // Rendered as a mail client without its own sanitizer would.
      await page.setContent(email.html ?? '');
      await expectNoXss(page, `the email “${email.subject}”`);
      await expect(page.locator('body').textContent()).resolves.toContain(STAFF_NAME);
    }
    await page.close();
  });
});
