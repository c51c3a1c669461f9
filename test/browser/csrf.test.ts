/**
 * Cross-site request forgery, in a real browser: the victim is signed in to Hearth, and in the same
 * browser opens an attacker's pages, served from another origin, that post forms to Hearth's form
 * actions and call its JSON API with the victim's cookie. Nothing changes, and a vote made on Hearth's own
 * page still works.
 *
 * Which defence stops what:
 * - The session cookie is SameSite=Lax. From another *site* (here: http://localhost:<port>, a different
 *   host) Lax keeps the cookie off form POSTs and off fetches. But a site is the scheme and the registrable
 *   domain, not the port or the subdomain: a page on another port of the same host (here:
 *   http://127.0.0.1:<port>), or in production on a sibling subdomain, is same-site, and the cookie rides
 *   along on everything. (Cookies are not kept apart by port at all: the attacker's own server on
 *   127.0.0.1 receives the victim's Hearth cookie.) So SameSite is a second line only.
 * - The first line is the request's Origin. SvelteKit refuses form submissions (form content types,
 *   POST) whose Origin is not the app's own: 403 "Cross-site POST form submissions are forbidden". The
 *   JSON API refuses state-changing requests whose Origin is foreign (functions/http/origin-check.ts):
 *   403 cross_origin. A text/plain POST is a "simple" request that the browser sends without asking, so
 *   this check is what stops the forged post (and the API would not read text/plain as JSON anyway: 415).
 * - A PUT is not simple: the browser first asks with a CORS preflight (OPTIONS). The API answers it
 *   without Access-Control-Allow-Origin, so the browser never sends the PUT at all; the origin check
 *   would refuse it too, which a request sent outside the browser shows.
 * - In every case the attacker's page cannot read the answer (no CORS headers): the fetches reject.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { SESSION_COOKIE } from '../../shared/auth/session-token.ts';
import { gotoHydrated, launchChromium, signedInContext, voteButton, voteCount } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;
let victim: BrowserContext;
let attacker: Server;
/** The attacker's pages, by path. */
const attackerPages = new Map<string, string>();
interface Target {
  id: string;
  title: string;
  voteCount: number;
}
/** Seeded posts the victim has not voted for: one per attacker, one to vote for on Hearth itself. */
const targets: Record<'same-site' | 'cross-site' | 'hearth', Target> = {} as never;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
  victim = await signedInContext(browser, stack.url, 'Casey Customer');
  // Listening on every address: the attacker is reached as 127.0.0.1 and as localhost.
  attacker = createServer((req, res) => {
    const html = attackerPages.get(new URL(req.url ?? '/', 'http://x').pathname);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'Not found');
  });
  await new Promise<void>((resolve) => attacker.listen(0, resolve));

  type Listed = {
    id: string;
    title: string;
    voteCount: number;
    viewerHasVoted: boolean;
    votingOpen: boolean;
  };
  const { boards } = await apiAsVictim<{ boards: { slug: string }[] }>('/api/boards');
  const lists = await Promise.all(
    boards.map((b) => apiAsVictim<{ posts: Listed[] }>(`/api/boards/${b.slug}/posts?limit=100`)),
  );
  const posts = lists.flatMap((l) => l.posts);
  const open = posts.filter((p) => !p.viewerHasVoted && p.votingOpen);
  if (open.length < 3) throw new Error('Too few seeded posts left for the victim to vote for');
  for (const [i, key] of (['same-site', 'cross-site', 'hearth'] as const).entries()) {
    const { id, title, voteCount } = open[i] as Target;
    targets[key] = { id, title, voteCount };
  }
});
afterAll(async () => {
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
  await browser?.close();
  await stack?.stop();
});

/** A GET on the JSON API with the victim's cookies (the browser context's own request client). */
async function apiAsVictim<T>(path: string): Promise<T> {
  const response = await victim.request.get(`${stack.url}${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

/** What the attacker would like to have changed, as the victim sees it. */
async function victimState(target: Target) {
  const { post } = await apiAsVictim<{ post: { voteCount: number; viewerHasVoted: boolean } }>(
    `/api/posts/${target.id}`,
  );
  const { posts } = await apiAsVictim<{ posts: { title: string }[] }>(
    '/api/boards/feature-requests/posts?sort=new&limit=5',
  );
  const { user } = await apiAsVictim<{ user: { name: string } }>('/api/me');
  return {
    voteCount: post.voteCount,
    voted: post.viewerHasVoted,
    newestTitles: posts.map((p) => p.title),
    signedInAs: user.name,
  };
}

const html = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An attacker's page that posts a form to `action` as soon as it loads. */
function autoSubmittingForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${html(name)}" value="${html(value)}">`)
    .join('');
  return `<!doctype html><title>Win a prize</title>
<form id="f" method="POST" action="${html(action)}">${inputs}</form>
<script>document.getElementById('f').submit();</script>`;
}

interface Exchange {
  method: string;
  url: string;
  /** 'preflight' for the browser's own CORS question. */
  initiator?: string;
  /** The status the server answered with, whether or not the page may read it. */
  status?: number;
  /** The session cookie as the browser handled it: sent, blocked (and why), or not there at all. */
  sessionCookie?: 'sent' | `blocked: ${string}` | 'absent';
  corsError?: string;
  failed?: string;
}

/**
 * Everything the page sends and what comes back, from the DevTools protocol: unlike the page itself it
 * sees the status of an answer that CORS hides, CORS preflights, and cookies SameSite held back.
 */
async function recordNetwork(page: Page): Promise<Map<string, Exchange>> {
  const exchanges = new Map<string, Exchange>();
  const entry = (id: string) =>
    exchanges.get(id) ?? (exchanges.set(id, { method: '', url: '' }).get(id) as Exchange);
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) =>
    Object.assign(entry(e.requestId), {
      method: e.request.method,
      url: e.request.url,
      initiator: e.initiator.type,
    }),
  );
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
    const cookie = e.associatedCookies.find((c) => c.cookie.name === SESSION_COOKIE);
    entry(e.requestId).sessionCookie = !cookie
      ? 'absent'
      : cookie.blockedReasons.length === 0
        ? 'sent'
        : `blocked: ${cookie.blockedReasons.join(', ')}`;
  });
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    entry(e.requestId).status = e.statusCode;
  });
  cdp.on('Network.loadingFailed', (e) =>
    Object.assign(entry(e.requestId), { failed: e.errorText, corsError: e.corsErrorStatus?.corsError }),
  );
  await cdp.send('Network.enable');
  return exchanges;
}

/** The exchanges with Hearth by method and path, once the browser has said how each one ended. */
async function exchangesWith(log: Map<string, Exchange>, method: string, path: string): Promise<Exchange[]> {
  const matching = () =>
    [...log.values()].filter((x) => x.method === method && x.url === `${stack.url}${path}`);
  await expect
    .poll(
      () =>
        matching().length > 0 && matching().every((x) => x.status !== undefined || x.failed !== undefined),
      { timeout: 30_000 },
    )
    .toBe(true);
  return matching();
}

const ATTACKERS = [
  {
    kind: 'same-site',
    host: '127.0.0.1',
    // Same host, other port: same site, so SameSite=Lax lets the cookie through.
    cookie: 'sent',
  },
  {
    kind: 'cross-site',
    host: 'localhost',
    // Another host: SameSite=Lax keeps the cookie off POSTs and fetches.
    cookie: expect.stringMatching(/^blocked: .*SameSiteLax/),
  },
] as const;

describe.each(ATTACKERS)('an attacker page on a $kind origin', ({ kind, host, cookie }) => {
  const attackerUrl = (path: string) => `http://${host}:${(attacker.address() as AddressInfo).port}${path}`;

  it('cannot vote, post or sign the victim out with auto-submitted forms: SvelteKit answers 403', async () => {
    const target = targets[kind];
    const before = await victimState(target);
    expect(before).toMatchObject({ voted: false, voteCount: target.voteCount, signedInAs: 'Casey Customer' });
    const forms: { name: string; action: string; fields: Record<string, string> }[] = [
      { name: 'vote', action: `/p/${target.id}?/vote`, fields: { postId: target.id } },
      {
        name: 'new-post',
        action: '/b/feature-requests/new?/post',
        fields: { title: `Forged from a ${kind} page`, body: 'Posted by someone else.', kind: 'idea' },
      },
      { name: 'sign-out', action: '/sign-out?/out', fields: {} },
    ];
    for (const form of forms) {
      const path = `/${kind}-${form.name}`;
      attackerPages.set(path, autoSubmittingForm(`${stack.url}${form.action}`, form.fields));
      const page = await victim.newPage();
      const log = await recordNetwork(page);
      const answered = page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url() === `${stack.url}${form.action}`,
      );
      await page.goto(attackerUrl(path));
      const response = await answered;
      expect(response.status(), form.name).toBe(403);
      await expect(response.text()).resolves.toBe('Cross-site POST form submissions are forbidden');
      const [exchange] = await exchangesWith(log, 'POST', form.action);
      expect(exchange, form.name).toMatchObject({ status: 403, sessionCookie: cookie });
      await page.close();
    }
    await expect(victimState(target)).resolves.toEqual(before);
  });

  it('cannot vote or post with fetch: the PUT is never sent, the text/plain POST gets 403', async () => {
    const target = targets[kind];
    const before = await victimState(target);
    expect(before).toMatchObject({ voted: false, voteCount: target.voteCount });
    const votePath = `/api/posts/${target.id}/vote`;
    const postPath = '/api/boards/feature-requests/posts';
    const forged = JSON.stringify({ title: `Forged by fetch from a ${kind} page`, body: '' });
    attackerPages.set(
      `/${kind}-fetch`,
      `<!doctype html><title>Cute cats</title>
<script>
  const outcome = (request) => request.then((r) => 'read status ' + r.status, (e) => 'rejected: ' + e.name);
  window.outcomes = Promise.all([
    outcome(fetch(${JSON.stringify(stack.url + votePath)}, { method: 'PUT', credentials: 'include' })),
    outcome(fetch(${JSON.stringify(stack.url + postPath)}, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'text/plain' },
      body: ${JSON.stringify(forged)},
    })),
  ]);
</script>`,
    );
    const page = await victim.newPage();
    const log = await recordNetwork(page);
    await page.goto(attackerUrl(`/${kind}-fetch`));
    // The attacker's page learns nothing: both requests fail as far as it can tell.
    await expect(
      page.evaluate(() => (window as unknown as { outcomes: Promise<string[]> }).outcomes),
    ).resolves.toEqual(['rejected: TypeError', 'rejected: TypeError']);

    // The PUT: the browser asked first, was not told yes, and never sent it.
    const vote = await exchangesWith(log, 'PUT', votePath);
    expect(vote).toHaveLength(1);
    expect(vote[0]).toMatchObject({
      failed: 'net::ERR_FAILED',
      corsError: 'PreflightMissingAllowOriginHeader',
    });
    // Never on the wire: no headers went out (so no cookie either) and no status came back.
    expect(vote[0]?.sessionCookie).toBeUndefined();
    expect(vote[0]?.status).toBeUndefined();
    const [preflight] = await exchangesWith(log, 'OPTIONS', votePath);
    expect(preflight).toMatchObject({ initiator: 'preflight', sessionCookie: 'absent' });
    expect(preflight?.status).not.toBe(204);
    // The POST: sent (with the cookie when same-site), refused by the origin check.
    // Its status arrives before the CORS verdict (loadingFailed), which a loaded machine may deliver later.
    await expect
      .poll(async () => (await exchangesWith(log, 'POST', postPath))[0]?.corsError, { timeout: 30_000 })
      .toBe('MissingAllowOriginHeader');
    const [post] = await exchangesWith(log, 'POST', postPath);
    expect(post).toMatchObject({ status: 403, sessionCookie: cookie, corsError: 'MissingAllowOriginHeader' });
    await page.close();

    // Were the browser to send the PUT anyway, with the cookie and the attacker's Origin, it gets 403 too.
    const direct = await victim.request.put(`${stack.url}${votePath}`, {
      headers: { origin: attackerUrl('').replace(/\/$/, '') },
    });
    expect(direct.status()).toBe(403);
    await expect(direct.json()).resolves.toMatchObject({ error: { code: 'cross_origin' } });

    await expect(victimState(target)).resolves.toEqual(before);
  });
});

describe('on Hearth itself, in the same browser', () => {
  it('the victim still votes through the page', async () => {
    const target = targets.hearth;
    const before = await victimState(target);
    expect(before).toMatchObject({ voted: false, voteCount: target.voteCount });
    const page = await victim.newPage();
    await gotoHydrated(page, `${stack.url}/p/${target.id}`);
    const button = voteButton(page, target.title);
    expect(await voteCount(button)).toBe(target.voteCount);
    await button.click();
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => voteCount(button)).toBe(target.voteCount + 1);
    await expect(victimState(target)).resolves.toEqual({
      ...before,
      voted: true,
      voteCount: target.voteCount + 1,
    });
    await page.close();
  });
});
