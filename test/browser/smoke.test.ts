/**
 * A smoke test of every page and every form, as each kind of person: a visitor, someone new who signs in
 * by email link, the demo customer, the staff member and the admin. Each opens every page they can reach
 * and presses every submit button of every form there with valid input, one at a time. It fails on any
 * 5xx the browser sees (pages, form posts, fetches, redirects), on a missing script (no hydration), on
 * any uncaught error in a page, and on any submission the app refuses (the input is meant to be valid).
 *
 * The forms are discovered, not listed: each is known by where it is (the page's route, or the layout),
 * where it posts and the words on its button. The last test checks that every form any page showed was
 * submitted, so a new form that nobody presses fails here until it is. A few forms need particular input
 * or a particular place (a throwaway post to merge, an account to delete): `FORMS` says which.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIResponse, Browser, BrowserContext, Locator, Page, Request, Response } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { signDigestUnsubscribe, signUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { actorFor } from '../../shared/domain/types.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../shared/demo/identities.ts';
import {
  createPost,
  eventually,
  gotoHydrated,
  launchChromium,
  signIn,
  waitForHydration,
  type DemoPerson,
} from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;

type PersonaName = 'visitor' | 'newcomer' | 'customer' | 'staff' | 'admin';

interface Persona {
  name: PersonaName;
  /** Demo people sign in again after a form that signed them out or in as someone else. */
  who?: DemoPerson;
  email?: string;
}

const NEWCOMER_EMAIL = `newcomer-${Date.now()}@smoke.example`;
const PERSONAS: Record<PersonaName, Persona> = {
  visitor: { name: 'visitor' },
  newcomer: { name: 'newcomer', email: NEWCOMER_EMAIL },
  customer: { name: 'customer', who: 'Casey Customer' },
  staff: { name: 'staff', who: 'Sam from Product' },
  admin: { name: 'admin', who: 'Alex Admin' },
};

/** Ids found once the stack runs. */
const ids = {
  casey: '',
  sam: '',
  /** A seeded post of each kind. */
  idea: '',
  question: '',
  story: '',
  bug: '',
  /** Throwaway posts: the staff merge the first into the second. */
  mergeSource: '',
  mergeTarget: '',
  /** Throwaway posts: the staff moderate the first directly; the second waits in the review queue. */
  moderateTarget: '',
  queued: '',
  /** A question with an accepted answer, asked by someone else than the personas: its helpful form. */
  answered: '',
};

/** One discovered submit button of one form. */
interface FoundForm {
  /** Where it is, where it posts and what its button says: the same form on any page of a route. */
  key: string;
  formIndex: number;
  buttonIndex: number;
  method: string;
  /** The absolute URL it submits to (the button's formaction, else the form's action). */
  action: string;
  /** It sits in the layout's header (sign-out), not in the page. */
  layout: boolean;
}

interface FormRule {
  /** Fills what generic input would get wrong; runs before the generic filling of empty fields. */
  fill?: (form: Locator, persona: Persona) => Promise<void>;
  /** Where and by whom it may be submitted (default: anywhere, by anyone who sees it). */
  allowed?: (url: URL, persona: Persona) => boolean;
  /** Lower goes first: forms that end the page (delete, merge) go after the others on it. */
  order?: number;
  /** It signs the browser out, or in as someone else: the persona is restored afterwards. */
  changesSession?: boolean;
}

const isPage = (url: URL, id: string) => url.pathname === `/p/${id}`;
const setField = (form: Locator, name: string, value: string) => form.locator(`[name="${name}"]`).fill(value);

/** Per-form needs, by key pattern. Everything else gets generic valid input. */
const FORMS: [RegExp, FormRule][] = [
  // Demo people sign in again afterwards; the newcomer could not.
  [/^layout POST \/sign-out(\?\/out)? /, { changesSession: true, order: 20, allowed: (_url, p) => !!p.who }],
  [/ POST \/sign-out\?\/everywhere /, { changesSession: true, order: 20, allowed: (_url, p) => !!p.who }],
  [/ POST \/dev\/sign-in /, { changesSession: true, order: 20, allowed: (_url, p) => p.name !== 'newcomer' }],
  [
    /^\/sign-in POST \/sign-in /,
    {
      // Asks for a link for the newcomer, who uses it in their own test.
      fill: (form) => setField(form, 'email', NEWCOMER_EMAIL),
      allowed: (_url, p) => p.name === 'visitor',
    },
  ],
  [/^\/auth\/magic\/\[token\] POST /, { allowed: (_url, p) => p.name === 'newcomer' }],
  [
    /^\/account POST \/account\?\/delete /,
    {
      fill: (form, p) => setField(form, 'confirmEmail', p.email ?? ''),
      allowed: (_url, p) => p.name === 'newcomer',
      order: 30,
    },
  ],
  [
    /^\/ POST \/\?\/createBoard /,
    {
      fill: async (form) => {
        await setField(form, 'slug', `smoke-${Date.now()}`);
        await form.getByRole('checkbox').first().check();
      },
    },
  ],
  [
    /^\/b\/\[slug\]\/settings POST \/b\/\[slug\]\/settings\?\/access /,
    { fill: (form) => setField(form, 'allowedDomains', 'customer.example') },
  ],
  [/^\/tags POST \/tags\?\/save /, { fill: (form) => setField(form, 'slug', `smoke-${Date.now()}`) }],
  [
    /^\/p\/\[id\] POST \/p\/\[id\]\?\/merge /,
    {
      fill: (form) => setField(form, 'into', `${stack.url}/p/${ids.mergeTarget}`),
      allowed: (url) => isPage(url, ids.mergeSource),
      order: 30,
    },
  ],
  [
    /^\/p\/\[id\] POST \/p\/\[id\]\?\/status /,
    {
      // A real change, with a public note; closing statuses end voting, so it waits for the rest.
      fill: async (form) => {
        const status = form.getByRole('combobox', { name: 'Status' });
        const current = await status.inputValue();
        const next = current === 'planned' ? 'in_progress' : 'planned';
        await status.selectOption(next);
        await setField(form, 'note', 'Smoke test: moving this along.');
      },
      order: 10,
    },
  ],
  [/ POST \/p\/\[id\]\?\/delete /, { order: 30 }],
  // Hiding a post leaves it to its author and staff: only the throwaway one, after its other forms.
  [/ POST \/p\/\[id\]\?\/moderate /, { allowed: (url) => isPage(url, ids.moderateTarget), order: 40 }],
  [/ POST \/p\/\[id\]\?\/deleteComment /, { order: 15 }],
  // Marking one read first: marking all would take the one's button away.
  [/ POST \/notifications\?\/markAllRead /, { order: 5 }],
];

const ruleFor = (key: string): FormRule => FORMS.find(([pattern]) => pattern.test(key))?.[1] ?? {};

/** A page path as its route, so that one form on many posts or boards is one form. */
function routeOf(pathname: string): string {
  const routes: [RegExp, string][] = [
    [/^\/b\/[^/]+\/new$/, '/b/[slug]/new'],
    [/^\/b\/[^/]+\/settings$/, '/b/[slug]/settings'],
    [/^\/b\/[^/]+\/similar$/, '/b/[slug]/similar'],
    [/^\/b\/[^/]+$/, '/b/[slug]'],
    [/^\/p\/[^/]+$/, '/p/[id]'],
    [/^\/u\/[^/]+$/, '/u/[id]'],
    [/^\/auth\/magic\/[^/]+$/, '/auth/magic/[token]'],
    [/^\/unsubscribe\/digest\/[^/]+$/, '/unsubscribe/digest/[token]'],
    [/^\/unsubscribe\/[^/]+$/, '/unsubscribe/[token]'],
  ];
  return routes.find(([pattern]) => pattern.test(pathname))?.[1] ?? pathname;
}

/**
 * Every form action in web/src/routes, as `/route?/name` (or `/route` for a default action), read from
 * each +page.server.ts: an action that no page shows a button for is still an action someone can post to.
 */
function definedActions(): string[] {
  const routes = fileURLToPath(new URL('../../web/src/routes/', import.meta.url));
  const files = (readdirSync(routes, { recursive: true }) as string[]).filter((f) =>
    f.endsWith('+page.server.ts'),
  );
  return files.flatMap((file) => {
    const source = readFileSync(join(routes, file), 'utf8');
    const block = source.split('export const actions')[1];
    if (block === undefined) return [];
    const route = `/${file.split('/').slice(0, -1).join('/')}`.replace(/\/$/, '') || '/';
    return [...block.matchAll(/^ {2}(\w+): async/gm)].map(([, name]) =>
      name === 'default' ? route : `${route}?/${name}`,
    );
  });
}

/** An action URL as its route and named action (`/p/[id]?/vote`); other query parameters do not count. */
function actionOf(action: string): string {
  const url = new URL(action);
  const named = url.search.startsWith('?/') ? (url.search.split('&')[0] ?? '') : '';
  return `${routeOf(url.pathname)}${named}`;
}

/** Every form's submit buttons that a person could press (visible, or inside a closed <details>). */
async function discoverForms(page: Page): Promise<FoundForm[]> {
  const raw = await page.evaluate(() =>
    Array.from(document.forms).flatMap((form, formIndex) => {
      const buttons = Array.from(
        form.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
          'button:not([type]), button[type="submit"], input[type="submit"]',
        ),
      );
      return buttons.map((button, buttonIndex) => {
        // Inside a closed <details> it is one click away; otherwise it must be rendered.
        const inClosedDetails = !!button.parentElement?.closest('details:not([open])');
        const rendered = button.getClientRects().length > 0;
        // The visible words: the screen-reader text adds titles and names that vary by page.
        const clone = button.cloneNode(true) as HTMLElement;
        clone.querySelectorAll('.sr-only').forEach((el) => el.remove());
        const label =
          (button instanceof HTMLInputElement ? button.value : (clone.textContent ?? ''))
            .replace(/\d+/g, '')
            .replace(/\s+/g, ' ')
            .trim() || 'submit';
        return {
          formIndex,
          buttonIndex,
          label,
          method: (button.hasAttribute('formmethod') ? button.formMethod : form.method).toUpperCase(),
          action: button.hasAttribute('formaction') ? button.formAction : form.action,
          layout: !!form.closest('nav[aria-label="Main"]'),
          reachable: !button.disabled && (rendered || inClosedDetails),
        };
      });
    }),
  );
  const route = routeOf(new URL(page.url()).pathname);
  return raw
    .filter((f) => f.reachable)
    .map((f) => ({
      key: `${f.layout ? 'layout' : route} ${f.method} ${actionOf(f.action)} “${f.label}”`,
      formIndex: f.formIndex,
      buttonIndex: f.buttonIndex,
      method: f.method,
      action: f.action,
      layout: f.layout,
    }));
}

/** Every form seen, with where it was first seen; and every form submitted. */
const seen = new Map<string, string>();
const submitted = new Set<string>();

/**
 * One browser context for a persona, watching everything it does: every response of any of its pages
 * (documents, form posts, fetches, redirects) and every uncaught page error.
 */
class Session {
  readonly problems: string[] = [];
  private inFlight = new Set<Request>();
  private constructor(
    readonly persona: Persona,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(persona: Persona): Promise<Session> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const session = new Session(persona, context, page);
    context.on('response', (response) => {
      // A missing script or stylesheet (the build changed under a running stack) stops hydration.
      const asset = new URL(response.url()).pathname.startsWith('/_app/');
      if (response.status() >= 500 || (asset && response.status() >= 400)) {
        session.problems.push(
          `${response.status()} for ${response.request().method()} ${response.url()} (${persona.name})`,
        );
      }
    });
    page.on('pageerror', (error) =>
      session.problems.push(`uncaught error on ${page.url()} (${persona.name}): ${error.message}`),
    );
    page.on('request', (request) => session.inFlight.add(request));
    page.on('requestfinished', (request) => session.inFlight.delete(request));
    page.on('requestfailed', (request) => session.inFlight.delete(request));
    await session.restore();
    return session;
  }

  /** Back to who the persona is: signed in as their demo person, or signed out. */
  async restore(): Promise<void> {
    await this.context.clearCookies();
    if (this.persona.who) await signIn(this.page, stack.url, this.persona.who);
  }

  /** The page has nothing in flight: two looks a polling interval apart both see no request. */
  async settled(): Promise<void> {
    await eventually(async () => {
      for (let look = 0; look < 2; look++) {
        if (this.inFlight.size > 0) {
          throw new Error(`Still loading: ${[...this.inFlight].map((r) => r.url()).join(', ')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
  }

  /** A request outside the pages (downloads, feeds): checked like the pages' own. */
  async fetch(path: string): Promise<APIResponse> {
    const response = await this.context.request.get(`${stack.url}${path}`);
    if (response.status() >= 500)
      this.problems.push(`${response.status()} for GET ${path} (${this.persona.name})`);
    return response;
  }

  /**
   * Opens each path, and on each presses every form not yet pressed (by anyone), reloading the page
   * before each. Pages a submission lands on (a new post) are visited in turn.
   */
  async visitAll(paths: string[]): Promise<void> {
    const queue = [...paths];
    const visited = new Set<string>();
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      if (visited.has(path)) continue;
      visited.add(path);
      const landed = await this.pressEverything(path);
      for (const next of landed) if (!visited.has(next)) queue.push(next);
    }
  }

  private async pressEverything(path: string): Promise<string[]> {
    const landed: string[] = [];
    const url = `${stack.url}${path}`;
    const tried = new Set<string>();
    // After a form answered on the same page, the page shows the new state already (enhanced forms
    // reload its data, plain ones redirect back): it is loaded again only when elsewhere.
    let load = true;
    for (;;) {
      if (load) {
        try {
          await gotoHydrated(this.page, url);
        } catch (error) {
          this.problems.push(`${path} did not load (${this.persona.name}): ${(error as Error).message}`);
          return landed;
        }
      }
      const here = new URL(this.page.url());
      const forms = await discoverForms(this.page);
      for (const form of forms)
        if (!seen.has(form.key)) seen.set(form.key, `${here.pathname} (${this.persona.name})`);
      const next = forms
        .filter((f) => !submitted.has(f.key) && !tried.has(f.key))
        .filter((f) => ruleFor(f.key).allowed?.(here, this.persona) ?? true)
        .sort((a, b) => (ruleFor(a.key).order ?? 0) - (ruleFor(b.key).order ?? 0))[0];
      if (!next) return landed;
      tried.add(next.key);
      let failed = false;
      try {
        await this.submit(next);
        submitted.add(next.key);
      } catch (error) {
        failed = true;
        this.problems.push(`${next.key} on ${path} (${this.persona.name}): ${(error as Error).message}`);
      }
      const after = new URL(this.page.url());
      if (after.origin === stack.url && after.pathname !== here.pathname) landed.push(after.pathname);
      load = failed || after.pathname !== here.pathname;
      if (ruleFor(next.key).changesSession) {
        await this.restore();
        load = true;
      }
    }
  }

  private async submit(found: FoundForm): Promise<void> {
    const rule = ruleFor(found.key);
    const form = this.page.locator('form').nth(found.formIndex);
    // Open the <details> it is in, as a person would.
    await form.evaluate((el) => {
      for (let d = el.closest('details'); d; d = d.parentElement?.closest('details') ?? null) d.open = true;
    });
    await rule.fill?.(form, this.persona);
    await fillEmptyFields(form);

    const target = new URL(found.action);
    const isAnswer = (r: Response) => {
      const url = new URL(r.url());
      return (
        r.request().method() === found.method &&
        url.pathname.replace(/\/__data\.json$/, '') === target.pathname &&
        (found.method !== 'POST' || url.search.startsWith(target.search.split('&')[0] ?? ''))
      );
    };
    // Set up before the click, so that nothing is missed however fast the page is: the answer; a new
    // document if the browser navigates; the page's data reloaded after an enhanced form post.
    const answered = this.page.waitForResponse(isAnswer);
    const loaded = this.page.waitForEvent('load', { timeout: 0 });
    loaded.catch(() => undefined);
    let answerSeen = false;
    let onResponse: (r: Response) => void = () => undefined;
    const reloaded = new Promise<void>((resolve) => {
      onResponse = (r) => {
        if (isAnswer(r)) answerSeen = true;
        else if (answerSeen && new URL(r.url()).pathname.endsWith('/__data.json')) resolve();
      };
      this.page.on('response', onResponse);
    });
    try {
      await form
        .locator('button:not([type]), button[type="submit"], input[type="submit"]')
        .nth(found.buttonIndex)
        .click();
      const response = await answered;
      const request = response.request();
      if (request.isNavigationRequest()) {
        if (response.status() >= 400) {
          throw new Error(`refused: ${response.status()} ${(await response.text()).slice(0, 200)}`);
        }
        await loaded;
        await waitForHydration(this.page);
      } else if (request.headers()['x-sveltekit-action']) {
        // Enhanced form posts answer 200 with the outcome inside; the page then reloads its data.
        const result = (await response.json()) as { type: string; status?: number; data?: string };
        if (result.type !== 'success' && result.type !== 'redirect') {
          throw new Error(`refused: ${result.type} ${result.status ?? ''} ${result.data ?? ''}`);
        }
        await reloaded;
      } else if (response.status() >= 400) {
        throw new Error(`refused: ${response.status()} for ${response.url()}`);
      }
      await this.settled();
    } finally {
      this.page.off('response', onResponse);
    }
  }
}

/** Valid input for every empty text field a form has (required or not): a person fills them in. */
async function fillEmptyFields(form: Locator): Promise<void> {
  const fields = form.locator(
    'input:is([type="text"], [type="email"], [type="url"], [type="search"], :not([type])):not([readonly]), textarea',
  );
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  for (const field of await fields.all()) {
    if (!(await field.isVisible()) || (await field.inputValue()) !== '') continue;
    const type = (await field.getAttribute('type')) ?? 'text';
    const name = (await field.getAttribute('name')) ?? '';
    if (type === 'search' || name === 'q') continue; // an empty search is a valid search
    await field.fill(
      type === 'email'
        ? `smoke-${stamp}@customer.example`
        : type === 'url'
          ? `https://example.com/${stamp}`
          : (await field.evaluate((el) => el.tagName)) === 'TEXTAREA'
            ? `Smoke test text ${stamp}, written as a person would.`
            : `Smoke test ${stamp}`,
    );
  }
  // A required choice (a story's consent) nobody made yet: a person picks one, the first.
  const radios = form.locator('input[type="radio"][required]');
  for (const radio of await radios.all()) {
    const name = (await radio.getAttribute('name')) ?? '';
    if (await form.locator(`input[type="radio"][name="${name}"]:checked`).count()) continue;
    if (await radio.isVisible()) await radio.check();
  }
}

/** The pages everyone tries; some answer 404 or send them to sign in, which is fine. */
const pagesForEveryone = () => [
  // First: the customer accepts the community guidelines before any form that posts.
  '/guidelines',
  '/',
  '/b/feature-requests',
  '/b/bugs',
  '/b/questions',
  '/b/success-stories',
  '/b/feature-requests/new',
  '/b/bugs/new',
  '/b/questions/new',
  '/b/success-stories/new',
  `/p/${ids.idea}`,
  `/p/${ids.question}`,
  `/p/${ids.story}`,
  `/p/${ids.bug}`,
  `/p/${ids.answered}`,
  '/roadmap',
  '/changelog',
  '/stories',
  '/champions',
  '/champions?period=all',
  '/staff/stories',
  '/staff/digests',
  '/staff/guidelines',
  '/staff/audit',
  '/staff/moderation',
  '/staff/moderation/settings',
  '/staff/analytics',
  `/u/${ids.casey}`,
  `/u/${ids.sam}`,
  '/tags',
  '/b/feature-requests/settings',
  '/account',
  '/notifications',
  '/sign-in',
  '/dev/sign-in',
  '/dev/mailbox',
];

async function runPersona(persona: Persona, paths: string[]): Promise<Session> {
  const session = await Session.open(persona);
  await session.visitAll(paths);
  for (const path of ['/changelog.atom', '/account/export', '/api/openapi.json']) {
    await session.fetch(path);
  }
  return session;
}

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  // Ids, as the JSON API gives them; two throwaway posts by the customer, for the staff to merge.
  const context = await browser.newContext();
  const page = await context.newPage();
  const api = async <T>(path: string): Promise<T> => {
    const response = await context.request.get(`${stack.url}${path}`);
    expect(response.status(), path).toBeLessThan(300);
    return (await response.json()) as T;
  };
  await signIn(page, stack.url, 'Sam from Product');
  ids.sam = (await api<{ user: { id: string } }>('/api/me')).user.id;
  await context.clearCookies();
  await signIn(page, stack.url, 'Casey Customer');
  ids.casey = (await api<{ user: { id: string } }>('/api/me')).user.id;
  const firstTitled = async (board: string, title: string) => {
    const { posts } = await api<{ posts: { id: string; title: string }[] }>(
      `/api/boards/${board}/posts?limit=100`,
    );
    return posts.find((p) => p.title === title)?.id ?? '';
  };
  ids.idea = await firstTitled('feature-requests', 'Export reports as CSV');
  ids.question = await firstTitled('questions', 'How do I invite a teammate without giving admin rights?');
  ids.story = await firstTitled('success-stories', 'We cut month-end close from three days to one');
  ids.bug = await firstTitled('bugs', 'Report totals are off by one day in the Pacific time zone');
  for (const key of ['mergeSource', 'mergeTarget', 'moderateTarget', 'queued'] as const) {
    ids[key] = await createPost(page, stack.url, 'feature-requests', `Smoke ${key} ${Date.now()}`);
  }
  // An answered question (issue 18: "Did this answer your question?"), asked by a customer who is none
  // of the personas, so that the visitor and the demo customer are both asked; the staff answer it.
  const { services } = stack.runtime;
  const asker = await signSsoToken(
    { sub: 'smoke-asker', email: 'smoke-asker@customer.example', name: 'Smoke Asker', company: 'Smokeco' },
    stack.runtime.config.ssoSecret,
  ).then(async (token) => actorFor((await services.auth.signInWithSso({ token })).user));
  const answerer = await stack.runtime.stores.users.findByEmail(DEMO_SIGN_IN_PEOPLE.staff.email);
  const question = await services.posts.create(asker, 'questions', {
    title: `Smoke answered question ${Date.now()}`,
    kind: 'question',
  });
  const answer = await services.comments.create(actorFor(answerer), question.id, { body: 'Like this.' });
  await services.posts.acceptAnswer(asker, question.id, { commentId: answer.id });
  ids.answered = question.id;
  // A staff flag withholds a post at once and puts it in the review queue, for its decision form.
  await context.clearCookies();
  await signIn(page, stack.url, 'Sam from Product');
  const flagged = await context.request.post(`${stack.url}/api/posts/${ids.queued}/flags`, {
    data: { reason: 'spam' },
    headers: { origin: stack.url },
  });
  expect(flagged.status(), 'staff flag').toBe(201);
  // Community guidelines (issue 17), written once the customer's posts above are in: the customer
  // persona accepts them first thing (`/guidelines` leads its pages), as a new member would.
  await context.clearCookies();
  await signIn(page, stack.url, 'Alex Admin', '/staff/guidelines');
  await page.getByRole('textbox', { name: /^Guidelines/ }).fill('## Be kind\n\nNo spam, no insults.');
  await page.getByRole('button', { name: 'Save a new version', exact: true }).click();
  await page
    .getByRole('status')
    .getByText(/^Guidelines saved/)
    .waitFor();
  for (const [key, id] of Object.entries(ids)) expect(id, key).not.toBe('');
  await context.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('every page and every form', { timeout: 600_000 }, () => {
  it('as a visitor, who also asks for a sign-in link and opens an unsubscribe link', async () => {
    const token = signUnsubscribe(stack.runtime.config.ssoSecret, { postId: ids.idea, userId: ids.casey });
    const digestToken = signDigestUnsubscribe(stack.runtime.config.ssoSecret, `user:${ids.sam}`);
    const session = await runPersona(PERSONAS.visitor, [
      ...pagesForEveryone(),
      `/unsubscribe/${token}`,
      '/unsubscribe/not-a-token',
      `/unsubscribe/digest/${digestToken}`,
      '/unsubscribe/digest/not-a-token',
      `/p/${ids.mergeSource}`,
    ]);
    expect(session.problems).toEqual([]);
    await session.context.close();
  });

  it('as someone new, who signs in with the emailed link and deletes their account', async () => {
    // Sent by the in-process bus after the visitor's request answered.
    const link = await eventually(async () => {
      const mail = (await listOutbox(stack.outboxDir)).find((m) => m.to.includes(NEWCOMER_EMAIL));
      const found = /\/auth\/magic\/[\w-]+/.exec(mail?.text ?? '')?.[0];
      if (!found) throw new Error(`No sign-in link for ${NEWCOMER_EMAIL} yet`);
      return found;
    });
    const session = await runPersona(PERSONAS.newcomer, [link, '/account']);
    expect(session.problems).toEqual([]);
    await session.context.close();
  });

  it('as the demo customer', async () => {
    const session = await runPersona(PERSONAS.customer, pagesForEveryone());
    expect(session.problems).toEqual([]);
    await session.context.close();
  });

  it('as the staff, who also merge a duplicate', async () => {
    const session = await runPersona(PERSONAS.staff, [
      `/p/${ids.mergeSource}`,
      `/p/${ids.moderateTarget}`,
      ...pagesForEveryone(),
    ]);
    expect(session.problems).toEqual([]);
    await session.context.close();
  });

  it('as the admin', async () => {
    const session = await runPersona(PERSONAS.admin, [...pagesForEveryone(), `/u/${ids.casey}`]);
    expect(session.problems).toEqual([]);
    await session.context.close();
  });

  it('pressed every form that any page showed', () => {
    // Sanity: the discovery finds what is known to be there.
    expect([...seen.keys()]).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^layout POST \/sign-out\S* “Sign out”$/),
        '/p/[id] POST /p/[id]?/vote “▲”',
        '/b/[slug]/new POST /b/[slug]/new?/post “Post idea”',
        '/p/[id] POST /p/[id]?/status “Save status”',
        '/p/[id] POST /p/[id]?/merge “Merge”',
        '/u/[id] POST /u/[id]?/role “Save role”',
        '/auth/magic/[token] POST /auth/magic/[token] “Sign in”',
        '/account POST /account?/delete “Delete my account”',
      ]),
    );
    const unpressed = [...seen]
      .filter(([key]) => !submitted.has(key))
      .map(([key, where]) => `${key} on ${where}`);
    expect(unpressed).toEqual([]);
  });

  it('pressed every form action the source defines, even one no page showed', () => {
    const defined = definedActions();
    // Sanity: the source is read as it is written.
    expect(defined).toEqual(
      expect.arrayContaining([
        '/sign-out?/out',
        '/sign-out?/everywhere',
        '/account?/name',
        '/tags?/save',
        '/b/[slug]/new?/similar',
        '/auth/magic/[token]',
      ]),
    );
    const targets = [...submitted].map((key) => key.split(' ')[2]);
    expect(defined.filter((action) => !targets.includes(action))).toEqual([]);
  });
});
