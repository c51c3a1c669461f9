/**
 * The JSON API end to end: API Gateway v2 events into the router the Lambda handler uses, services on
 * DynamoDB Local, responses out. Security headers, methods and origins: api-http-edges.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../functions/http/routes.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, as } from '../setup/fixtures.ts';
import type { User } from '../../shared/domain/types.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { apiClient, type Call } from '../setup/api-client.ts';

let t: TestTable;
let runtime: Runtime;
const { call, signIn } = apiClient(() => runtime);

beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
});
afterAll(() => t.drop());

describe('JSON API', () => {
  it('signs in with SSO and answers /api/me; 401 without a session', async () => {
    expect((await call({ path: '/api/me' })).status).toBe(401);
    const cookies = await signIn('ada');
    const me = await call({ path: '/api/me', cookies });
    expect(me.status).toBe(200);
    expect(me.json.user).toMatchObject({ name: 'ada', role: 'customer' });
    const out = await call({ method: 'POST', path: '/api/auth/sign-out', cookies });
    expect(out.status).toBe(204);
    expect(out.result.cookies?.[0]).toMatch(/Max-Age=0/);
    expect((await call({ path: '/api/me', cookies })).status).toBe(401);
  });

  it('posts, lists and votes through the API', async () => {
    const board = await aBoard(t);
    const cookies = await signIn('bo');
    const created = await call({
      method: 'POST',
      path: `/api/boards/${board.slug}/posts`,
      body: { title: 'CSV export', body: 'Please' },
      cookies,
    });
    expect(created.status).toBe(201);
    const id = created.json.post.id as string;
    expect((await call({ method: 'PUT', path: `/api/posts/${id}/vote`, cookies })).json).toEqual({
      postId: id,
      voted: true,
      voteCount: 1,
    });
    expect((await call({ method: 'PUT', path: `/api/posts/${id}/vote`, cookies })).json.voteCount).toBe(1);
    const list = await call({ path: `/api/boards/${board.slug}/posts`, query: 'sort=top&limit=10', cookies });
    expect(list.status).toBe(200);
    expect(list.json.posts[0]).toMatchObject({ id, voteCount: 1, viewerHasVoted: true });
    expect(list.json.posts[0].pk).toBeUndefined();
    expect((await call({ method: 'DELETE', path: `/api/posts/${id}/vote`, cookies })).json.voteCount).toBe(0);
    expect((await call({ path: `/api/posts/${id}` })).json.post.voteCount).toBe(0);
  });

  it('answers anonymous visitors with public fields only: no counters, keys, emails or staff-only settings', async () => {
    const board = await aBoard(t, { private: false, allowedDomains: ['stale.example'] });
    const hidden = await aBoard(t, { private: true, allowedDomains: ['acme.example'] });
    const author = await signIn('flo');
    const staff = await signIn('gus', 'staff');
    const created = await call({
      method: 'POST',
      path: `/api/boards/${board.slug}/posts`,
      body: { title: 'Capybara mode', body: 'Please' },
      cookies: author,
    });
    const { id, authorId } = created.json.post as { id: string; authorId: string };
    expect(created.json.post).not.toHaveProperty('trendScore');
    const moved = await call({
      method: 'POST',
      path: `/api/posts/${id}/status`,
      body: { status: 'shipped', note: 'Out now' },
      cookies: staff,
    });
    expect(moved.status).toBe(200);
    expect(moved.json.post).not.toHaveProperty('rev');

    const internal = [
      'trendScore',
      'rev',
      'voteSeq',
      'pk',
      'sk',
      'gsi1pk',
      'allowedDomains',
      'email',
      'company',
    ];
    const keysOf = (value: unknown): string[] =>
      Array.isArray(value)
        ? value.flatMap(keysOf)
        : value && typeof value === 'object'
          ? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)])
          : [];
    for (const [path, query] of [
      ['/api/boards', ''],
      [`/api/boards/${board.slug}`, ''],
      [`/api/boards/${board.slug}/posts`, ''],
      [`/api/posts/${id}`, ''],
      ['/api/search', 'q=capybara'],
      ['/api/roadmap', ''],
      ['/api/changelog', ''],
      [`/api/users/${authorId}`, ''],
    ] as const) {
      const res = await call({ path, query });
      expect(res.status, path).toBe(200);
      if (!path.startsWith('/api/boards')) expect(JSON.stringify(res.json), path).toContain(id);
      expect(
        keysOf(res.json).filter((k) => internal.includes(k)),
        path,
      ).toEqual([]);
    }
    // Staff see which domains see a private board (admins edit them); customers of those domains do not.
    const forStaff = await call({ path: `/api/boards/${hidden.slug}`, cookies: staff });
    expect(forStaff.json.board.allowedDomains).toEqual(['acme.example']);

    // A private board's post answers as a missing one, word for word, to reads and writes alike.
    const staffUser = (await t.stores.users.findByEmail('gus@example.com')) as User;
    const secret = await t.services.posts.create(as(staffUser), hidden.slug, { title: 'Private thing' });
    const missing = '01KC0000000000000000000000';
    for (const [method, suffix] of [
      ['GET', ''],
      ['PUT', '/vote'],
      ['PATCH', ''],
      ['PUT', '/follow'],
    ] as const) {
      const body =
        method === 'PATCH' ? { title: 'Renamed' } : method === 'PUT' ? { following: true } : undefined;
      const onSecret = await call({
        method,
        path: `/api/posts/${secret.id}${suffix}`,
        body,
        cookies: author,
      });
      const onMissing = await call({ method, path: `/api/posts/${missing}${suffix}`, body, cookies: author });
      expect([onSecret.status, onSecret.json], `${method} ${suffix}`).toEqual([404, onMissing.json]);
    }
  });

  it('answers client mistakes with 4xx and a message per field, never 500', async () => {
    const board = await aBoard(t);
    const cookies = await signIn('cy');
    const post = (b: Call['body'], extra: Partial<Call> = {}) =>
      call({ method: 'POST', path: `/api/boards/${board.slug}/posts`, body: b, cookies, ...extra });

    const invalid = await post({ title: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.fields.title).toMatch(/at least 4/);
    expect((await post('{"title": ')).json.error.code).toBe('invalid_json');
    expect((await post('title=x', { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post({ title: 'big', body: 'x'.repeat(70 * 1024) })).status).toBe(413);
    expect((await post({ title: 'Valid title' }, { cookies: undefined })).status).toBe(401);
    expect(
      (
        await call({
          method: 'POST',
          path: '/api/boards/nope/posts',
          body: { title: 'Valid title' },
          cookies,
        })
      ).status,
    ).toBe(404);
    expect((await call({ path: '/api/posts/not-an-id' })).status).toBe(400);
    expect((await call({ path: '/api/posts/01ARZ3NDEKTSV4RRFFQ69G5FAV' })).status).toBe(404);
    expect(
      (await call({ path: `/api/boards/${board.slug}/posts`, query: 'limit=0' })).json.error.fields.limit,
    ).toBeTruthy();
    expect((await call({ path: `/api/boards/${board.slug}/posts`, query: 'cursor=zzz' })).status).toBe(400);
    expect((await call({ path: '/api/nothing-here' })).status).toBe(404);
    const wrongMethod = await call({ method: 'DELETE', path: '/api/boards' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.result.headers?.allow).toBe('GET, HEAD, POST');
    expect((await call({ method: 'POST', path: '/api/auth/sso', body: { token: 'garbage' } })).status).toBe(
      401,
    );
  });

  it('runs the board journey: tag, comment and reply, status with a note, email, one-click unsubscribe, merge, search', async () => {
    const board = await aBoard(t, { kinds: ['idea', 'question'] });
    const [staff, ann, ben] = [
      await signIn('staff-j', 'staff'),
      await signIn('ann-j'),
      await signIn('ben-j'),
    ];
    const tag = await call({
      method: 'POST',
      path: '/api/tags',
      body: { slug: 'journey', name: 'Journey' },
      cookies: staff,
    });
    expect(tag.status).toBe(200);
    expect(
      (await call({ method: 'POST', path: '/api/tags', body: { slug: 'x', name: 'X' }, cookies: ann }))
        .status,
    ).toBe(403);

    const a = (
      await call({
        method: 'POST',
        path: `/api/boards/${board.slug}/posts`,
        body: { title: 'Zebra export to spreadsheets' },
        cookies: ann,
      })
    ).json.post;
    const b = (
      await call({
        method: 'POST',
        path: `/api/boards/${board.slug}/posts`,
        body: { title: 'Spreadsheet export for zebra data' },
        cookies: ben,
      })
    ).json.post;
    const comment = await call({
      method: 'POST',
      path: `/api/posts/${a.id}/comments`,
      body: { body: 'Me **too**' },
      cookies: ben,
    });
    expect(comment.status).toBe(201);
    const reply = await call({
      method: 'POST',
      path: `/api/posts/${a.id}/comments`,
      body: { body: 'Thanks', parentId: comment.json.comment.id },
      cookies: ann,
    });
    expect(reply.json.comment.parentId).toBe(comment.json.comment.id);
    expect(
      (
        await call({
          method: 'PUT',
          path: `/api/posts/${a.id}/tags`,
          body: { tags: ['journey'] },
          cookies: staff,
        })
      ).json.post.tags,
    ).toEqual(['journey']);

    const status = await call({
      method: 'POST',
      path: `/api/posts/${a.id}/status`,
      body: { status: 'planned', note: 'Coming in May.' },
      cookies: staff,
    });
    expect(status.json.post).toMatchObject({ status: 'planned', statusNote: { body: 'Coming in May.' } });
    expect(
      (
        await call({
          method: 'POST',
          path: `/api/posts/${a.id}/status`,
          body: { status: 'planned' },
          cookies: ann,
        })
      ).status,
    ).toBe(403);
    await t.drainEvents();
    const mails = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes('Zebra export'));
    expect(mails.map((m) => m.to).sort()).toEqual(['ann-j@example.com', 'ben-j@example.com']);
    const oneClick = mails[0]?.headers['list-unsubscribe']?.replace(/^<|>$/g, '') ?? '';
    expect(mails[0]?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = await call({
      method: 'POST',
      path: new URL(oneClick).pathname,
      query: new URL(oneClick).search.slice(1),
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: '' },
    });
    expect(unsubscribe.status).toBe(200);
    expect((await call({ method: 'POST', path: '/api/unsubscribe', query: 'token=forged' })).status).toBe(
      400,
    );

    const found = await call({ path: '/api/search', query: 'q=zebra%20spreadsh' });
    expect(found.json.posts.map((p: { id: string }) => p.id).sort()).toEqual([a.id, b.id].sort());
    const merged = await call({
      method: 'POST',
      path: `/api/posts/${b.id}/merge`,
      body: { into: a.id },
      cookies: staff,
    });
    expect(merged.status).toBe(200);
    expect(merged.json.into.voteCount).toBe(2);
    expect(merged.json.from).toMatchObject({ status: 'merged', mergedInto: a.id, voteCount: 0 });
    const detail = (await call({ path: `/api/posts/${a.id}` })).json;
    expect(detail.mergedFrom.map((p: { id: string }) => p.id)).toEqual([b.id]);
    expect(detail.history.map((h: { to: string }) => h.to)).toEqual(['planned']);
    expect(
      (await call({ path: '/api/search', query: 'q=zebra' })).json.posts.map((p: { id: string }) => p.id),
    ).toEqual([a.id]);
    expect((await call({ path: '/api/roadmap' })).json.planned.map((p: { id: string }) => p.id)).toContain(
      a.id,
    );
    expect((await call({ path: `/api/users/${a.authorId}`, query: 'tab=posts' })).json.posts[0].id).toBe(
      a.id,
    );
  });

  it('answers 429 with Retry-After once a rate limit is used up, and says the same for every address', async () => {
    const ask = (email: string) => call({ method: 'POST', path: '/api/auth/magic-link', body: { email } });
    const first = await ask('limited@example.com');
    expect(first.status).toBe(202);
    // An address with no account gets the very same answer.
    expect((await ask('never-seen@example.com')).json).toEqual(first.json);
    for (let i = 0; i < 4; i++) expect((await ask('limited@example.com')).status).toBe(202);
    const limited = await ask('limited@example.com');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.result.headers?.['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses cookie-authenticated writes from another origin (CSRF)', async () => {
    const board = await aBoard(t);
    const cookies = await signIn('dee');
    const evil = await call({
      method: 'POST',
      path: `/api/boards/${board.slug}/posts`,
      body: { title: 'Forged post' },
      cookies,
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe('cross_origin');
    expect((await call({ path: `/api/boards/${board.slug}/posts` })).json.posts).toEqual([]);
  });
});

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and documents every route, and every documented operation is routed', async () => {
    const doc = (await call({ path: '/api/openapi.json' })).json as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    // Authentication is documented: the cookie scheme, how to get a session, and who may do what.
    const full = doc as unknown as {
      info: { description: string };
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(full.components.securitySchemes.session).toEqual({
      type: 'apiKey',
      in: 'cookie',
      name: 'hearth_session',
    });
    for (const topic of ['/api/auth/sso', '?sso=', '/api/auth/magic-link', 'Roles', 'CSRF', '429'])
      expect(full.info.description).toContain(topic);
    const vote = doc.paths['/api/posts/{id}/vote']?.put as {
      security?: unknown;
      responses: Record<string, unknown>;
    };
    expect(vote.security).toEqual([{ session: [] }]);
    expect(Object.keys(vote.responses)).toEqual(expect.arrayContaining(['401', '429']));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const routed = routes.map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual(routed.sort());
    // Each documented operation reaches a route (anything but the router's own "no such route").
    for (const op of documented) {
      const [method, path] = op.split(' ') as [string, string];
      const concrete = path.replace(/\{id\}/g, '01ARZ3NDEKTSV4RRFFQ69G5FAV').replace(/\{\w+\}/g, 'sample');
      const res = await call({
        method,
        path: concrete,
        body: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect([op, res.json?.error?.code]).not.toEqual([op, 'route_not_found']);
      expect([op, res.status]).not.toEqual([op, 405]);
      expect(res.status, op).toBeLessThan(500);
    }
  });
});
