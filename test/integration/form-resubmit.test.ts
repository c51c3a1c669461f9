/**
 * The new-post and comment forms carry an idempotency key generated per render: sending the same form
 * twice (a double click, or again after an error whose write was in fact stored) makes one post and one
 * comment, and the second answer leads to the same place as the first. Through the local gateway and
 * the built web app, as a browser without JavaScript would post.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { SESSION_COOKIE } from '../../shared/auth/session-token.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';

let stack: LocalStack;
let cookie: string;
const slug = 'resubmit';

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  stack = await startLocalStack({ port: 0, tableName: `resubmit-${randomUUID()}`, seed: false });
  await stack.runtime.stores.boards.create({
    slug,
    name: 'Resubmit',
    description: '',
    kinds: ['idea'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: new Date().toISOString(),
  });
  const token = await signSsoToken(
    { sub: 'resubmitter', email: 'resubmitter@example.com', name: 'Resubmitter' },
    stack.runtime.config.ssoSecret,
  );
  const { sessionToken } = await stack.runtime.services.auth.signInWithSso({ token });
  cookie = `${SESSION_COOKIE}=${sessionToken}`;
});
afterAll(() => stack?.stop());

const page = async (path: string) =>
  (await fetch(`${stack.url}${path}`, { headers: { cookie, accept: 'text/html' } })).text();

const tokenIn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1];

function submit(path: string, fields: Record<string, string>) {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie,
      origin: stack.url,
      accept: 'text/html',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('sending a form twice', () => {
  it('makes one post and one comment', async () => {
    const key = tokenIn(await page(`/b/${slug}/new`));
    expect(key).toBeTruthy();
    // Each render has its own key.
    expect(tokenIn(await page(`/b/${slug}/new`))).not.toBe(key);
    const fields = {
      title: 'Posted twice by accident',
      body: 'Once only',
      kind: 'idea',
      idempotencyKey: key ?? '',
    };
    const first = await submit(`/b/${slug}/new?/post`, fields);
    const second = await submit(`/b/${slug}/new?/post`, fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const location = first.headers.get('location') ?? '';
    expect(location).toMatch(/^\/p\/[0-9A-Z]{26}$/);
    expect(second.headers.get('location')).toBe(location);
    const list = await stack.runtime.services.posts.list(ANONYMOUS, slug, { sort: 'new' });
    expect(list.posts.map((p) => p.title)).toEqual(['Posted twice by accident']);

    const postHtml = await page(location);
    const commentKey = tokenIn(postHtml);
    expect(commentKey).toBeTruthy();
    const comment = { body: 'Said twice', idempotencyKey: commentKey ?? '' };
    const c1 = await submit(`${location}?/comment`, comment);
    const c2 = await submit(`${location}?/comment`, comment);
    expect(c1.status).toBe(303);
    expect(c2.headers.get('location')).toBe(c1.headers.get('location'));
    const detail = await stack.runtime.services.posts.get(ANONYMOUS, location.slice(3));
    expect(detail.comments.map((c) => c.body)).toEqual(['Said twice']);
  });
});
