/**
 * Forged and misused pagination cursors: whatever a client puts in `?cursor=`, the answer is a 400 that
 * names the cursor (API) or a 400 page (web), never a 500 — garbage, valid base64 of junk, a cursor of
 * another board, order, filter, user or tab, extra attributes, and a correctly tagged cursor whose key
 * DynamoDB itself refuses.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
const router = new Router(routes);
const b64 = (text: string) => Buffer.from(text).toString('base64url');
const tagOf = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 10);

beforeAll(async () => {
  t = await createTestTable();
});
afterAll(() => t.drop());

async function get(path: string, query: string) {
  const result = await router.handle(apiGatewayEvent({ path, query }), t.runtime());
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
}

describe('cursors of the JSON API and the services', () => {
  let a: { slug: string };
  let b: { slug: string };
  let cursorA: string;

  beforeAll(async () => {
    [a, b] = await Promise.all([aBoard(t), aBoard(t)]);
    const author = await aUser(t);
    for (const board of [a, b]) {
      for (let i = 0; i < 3; i++) {
        // Each board's posts differ: the same post twice is refused as a repeat (issue 17).
        await t.services.posts.create(as(author), board.slug, {
          title: `Cursor post ${i}`,
          body: board.slug,
        });
      }
    }
    cursorA = (await t.services.posts.list(ANONYMOUS, a.slug, { sort: 'top', limit: '1' })).nextCursor ?? '';
    expect(cursorA).toMatch(/^top\./);
  });

  it.each([
    ['garbage', 'zzz###'],
    ['valid base64 of junk JSON', `top.${b64('{"a":1}')}`],
    ['valid base64 of a string', `top.${b64('"hello"')}`],
    ['no token after the order', 'top.'],
    ['base64 that is not JSON', `top.${b64('\u0000\u0001')}`],
  ])('answers 400 for %s', async (_name, cursor) => {
    const res = await get(`/api/boards/${a.slug}/posts`, `sort=top&cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.json.error.fields.cursor).toMatch(/cursor/i);
  });

  it('answers 400 for a cursor of another board, order or filter, or with extra attributes', async () => {
    const path = `/api/boards/${a.slug}/posts`;
    const other = (await t.services.posts.list(ANONYMOUS, b.slug, { sort: 'top', limit: '1' })).nextCursor;
    const c = encodeURIComponent(cursorA);
    for (const query of [
      `sort=top&cursor=${encodeURIComponent(other ?? '')}`,
      `sort=new&cursor=${c}`,
      `sort=top&status=open&cursor=${c}`,
      `sort=top&kind=idea&cursor=${c}`,
    ]) {
      expect((await get(path, query)).status, query).toBe(400);
    }
    const [, token] = cursorA.split('.');
    const values = JSON.parse(Buffer.from(token ?? '', 'base64url').toString()) as unknown[];
    const extra = `top.${b64(JSON.stringify([...values, 'extra']))}`;
    expect((await get(path, `sort=top&cursor=${encodeURIComponent(extra)}`)).status).toBe(400);
    // The cursor itself still works where it belongs.
    expect((await get(path, `sort=top&limit=1&cursor=${c}`)).status).toBe(200);
  });

  it('answers 400 for a correctly tagged cursor whose key DynamoDB would refuse', async () => {
    const [, token] = cursorA.split('.');
    const [tag, topPk, , pk, sk] = JSON.parse(Buffer.from(token ?? '', 'base64url').toString()) as unknown[];
    const path = `/api/boards/${a.slug}/posts`;
    for (const values of [
      [tag, topPk, 'not a number', pk, sk],
      [tag, topPk, 1, '', sk],
      [tag, topPk, { n: '1e400' }, pk, sk],
      [tag, topPk, 1, { n: '1' }, sk],
    ]) {
      const cursor = `top.${b64(JSON.stringify(values))}`;
      const res = await get(path, `sort=top&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, JSON.stringify(values)).toBe(400);
    }
  });

  it('answers 400 on profile tabs for a cursor of another user or tab, and on the changelog', async () => {
    const [one, two] = await Promise.all([aUser(t), aUser(t)]);
    for (const user of [one, two]) {
      for (let i = 0; i < 2; i++) {
        const post = await t.services.posts.create(as(user), a.slug, { title: `Profile post ${i}` });
        await t.services.comments.create(as(user), post.id, { body: `Comment ${i}` });
      }
    }
    const posts = await get(`/api/users/${one.id}`, 'tab=posts&limit=1');
    expect(posts.status).toBe(200);
    const cursor = encodeURIComponent(posts.json.nextCursor);
    expect((await get(`/api/users/${two.id}`, `tab=posts&cursor=${cursor}`)).status).toBe(400);
    expect((await get(`/api/users/${one.id}`, `tab=comments&cursor=${cursor}`)).status).toBe(400);
    expect((await get(`/api/users/${one.id}`, `tab=posts&cursor=${cursor}`)).status).toBe(200);
    // A hand-made cursor with the right partition and tag but a key DynamoDB refuses.
    const partition = `USER#${one.id}#POSTS`;
    const forged = b64(JSON.stringify([tagOf(partition), partition, 7, 'POST#x', 'POST']));
    expect((await get(`/api/users/${one.id}`, `tab=posts&cursor=${forged}`)).status).toBe(400);
    expect((await get('/api/changelog', 'cursor=zzz')).status).toBe(400);
    await expect(
      t.services.profiles.get(ANONYMOUS, one.id, { tab: 'posts', cursor: 'nope' }),
    ).rejects.toThrow(ValidationError);
  });
});

describe('cursors of the web pages, through the local gateway', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
    process.env.AWS_ACCESS_KEY_ID ??= 'local';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
    stack = await startLocalStack({ port: 0, tableName: `cursors-${randomUUID()}`, seed: false });
  });
  afterAll(() => stack?.stop());

  it('answers a forged cursor on a board, a profile and the changelog with a 400 page', async () => {
    const slug = 'cursor-web';
    const partition = `LIST#B#${slug}`;
    await stack.runtime.stores.boards.create({
      slug,
      name: 'Cursor web',
      description: '',
      kinds: ['idea'],
      archived: false,
      private: false,
      allowedDomains: [],
      createdAt: new Date().toISOString(),
    });
    for (const path of [
      `/b/${slug}?cursor=zzz`,
      `/b/${slug}?sort=top&cursor=top.${b64('{"a":1}')}`,
      `/changelog?cursor=${b64('[1]')}`,
      // Tagged for this list, but with a vote count DynamoDB refuses as a start key.
      `/b/${slug}?sort=top&cursor=top.${b64(JSON.stringify([tagOf(`${partition}|top|||`), partition, 'x', 'POST#x', 'LIST#x']))}`,
      `/u/01ARZ3NDEKTSV4RRFFQ69G5FAV?cursor=zzz`,
    ]) {
      const res = await fetch(`${stack.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status === 400 || res.status === 404, `${path}: ${res.status}`).toBe(true);
      if (path.startsWith('/b/') || path.startsWith('/changelog')) expect(res.status, path).toBe(400);
    }
  });
});
