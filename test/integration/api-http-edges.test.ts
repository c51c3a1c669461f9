/**
 * The JSON API's HTTP edges: security headers on every answer, HEAD and OPTIONS, the Origin's scheme,
 * the CloudFront origin secret and which client address a rate limit counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard } from '../setup/fixtures.ts';
import { apiClient, HOST } from '../setup/api-client.ts';

let t: TestTable;
let runtime: Runtime;
const { router, call, signIn } = apiClient(() => runtime);

beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
});
afterAll(() => t.drop());

describe('HTTP edges', () => {
  const ORIGIN_SECRET = 'origin-secret-origin-secret-0123456789';

  /** An event as it reaches a Lambda, from the given address, handled with the given configuration. */
  async function send(
    input: Parameters<typeof apiGatewayEvent>[0] & { sourceIp?: string },
    config: Partial<Runtime['config']> = {},
  ) {
    const event = apiGatewayEvent({
      ...input,
      headers: {
        host: HOST,
        ...(input.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...input.headers,
      },
    });
    if (input.sourceIp) event.requestContext.http.sourceIp = input.sourceIp;
    const result = await router.handle(event, t.runtime(config));
    return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined, result };
  }

  it('puts nosniff, DENY and a nothing-allowed CSP on every answer, errors and the OpenAPI document included', async () => {
    const answers = await Promise.all([
      call({ path: '/api/openapi.json' }),
      call({ path: '/api/me' }),
      call({ path: '/api/no-such-thing' }),
      call({ method: 'DELETE', path: '/api/openapi.json' }),
      call({ method: 'POST', path: '/api/auth/sso', body: '{not json' }),
      call({ method: 'POST', path: '/api/auth/sign-out' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 405, 400, 204]);
    for (const { result } of answers) {
      expect(result.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      });
    }
  });

  it('answers HEAD on every GET route with the GET status and headers and no body', async () => {
    const board = await aBoard(t);
    for (const path of ['/api/openapi.json', `/api/boards/${board.slug}/posts`, '/api/me', '/api/nowhere']) {
      const get = await call({ path });
      const head = await call({ method: 'HEAD', path });
      expect(head.status, path).toBe(get.status);
      expect(head.result.headers, path).toEqual(get.result.headers);
      expect(head.result.body, path).toBe('');
    }
    const wrong = await call({ method: 'DELETE', path: '/api/openapi.json' });
    expect(wrong.result.headers?.allow).toBe('GET, HEAD');
    const options = await call({ method: 'OPTIONS', path: `/api/boards/${board.slug}/posts` });
    expect(options.status).toBe(405);
    expect(options.result.headers?.allow).toBe('GET, HEAD, POST');
  });

  it('refuses a cookie write whose Origin has the other scheme than the site (https on http, and back)', async () => {
    const board = await aBoard(t);
    const cookies = await signIn('scheme');
    const post = (origin: string, proto: string) =>
      send({
        method: 'POST',
        path: `/api/boards/${board.slug}/posts`,
        body: JSON.stringify({ kind: 'idea', title: `From ${origin}` }),
        cookies,
        headers: { origin, 'x-forwarded-proto': proto },
      });
    expect((await post(`https://${HOST}`, 'http')).status).toBe(403);
    expect((await post(`http://${HOST}`, 'https')).status).toBe(403);
    expect((await post(`http://${HOST}`, 'http')).status).toBe(201);
    expect((await post(`https://${HOST}`, 'https')).status).toBe(201);
  });

  it('on AWS (origin secret configured) refuses requests that did not come through CloudFront', async () => {
    const onAws = { originSecret: ORIGIN_SECRET };
    for (const headers of [{}, { 'x-origin-verify': 'guess' }, { 'true-client-ip': '203.0.113.9' }] as Record<
      string,
      string
    >[]) {
      for (const method of ['GET', 'HEAD', 'POST']) {
        const res = await send({ method, path: '/api/openapi.json', headers }, onAws);
        expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.result.headers?.['x-content-type-options']).toBe('nosniff');
      }
    }
    const via = await send(
      { path: '/api/openapi.json', headers: { 'x-origin-verify': ORIGIN_SECRET } },
      onAws,
    );
    expect(via.status).toBe(200);
  });

  it('counts a sign-in request against the connection address, whatever True-Client-IP it claims, when not behind CloudFront', async () => {
    const ask = (i: number, sourceIp: string, config = {}, headers: Record<string, string> = {}) =>
      send(
        {
          method: 'POST',
          path: '/api/auth/magic-link',
          body: JSON.stringify({ email: `forger-${sourceIp}-${i}@example.com` }),
          sourceIp,
          headers: { 'true-client-ip': `203.0.113.${i}`, ...headers },
        },
        config,
      );
    // 20 sign-in requests per address per 15 minutes: a fresh forged address each time buys nothing.
    for (let i = 1; i <= 20; i++) expect((await ask(i, '192.0.2.41')).status).toBe(202);
    expect((await ask(21, '192.0.2.41')).status).toBe(429);
    // Through CloudFront (secret present), True-Client-IP is the visitor's address and is believed.
    const onAws = { originSecret: ORIGIN_SECRET };
    const cf = { 'x-origin-verify': ORIGIN_SECRET };
    expect((await ask(22, '192.0.2.41', onAws, cf)).status).toBe(202);
  });
});
