/**
 * The router parses what a route declares before its handler runs, and the contract check sees what a
 * handler answered beyond its schema. The runtime is an in-memory stand-in: no one is signed in.
 */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { apiGatewayEvent } from '../../test/setup/apigw-event.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { answerProblems } from './contract.ts';
import { defineRoute, Router, type RequestContext } from './router.ts';

const runtime = {
  config: { secureCookies: true, siteUrl: 'https://board.example' },
  services: { auth: { userForSession: async () => null } },
} as unknown as Runtime;

const seen: RequestContext[] = [];
const echo = defineRoute({
  method: 'POST',
  path: '/api/things/{id}',
  summary: 'Echo',
  tag: 'test',
  auth: 'none',
  params: z.object({ id: z.string().regex(/^\d+$/, 'Id must be digits.') }),
  query: z.object({ limit: z.coerce.number().int().max(10, 'Limit must be at most 10.').default(5) }),
  body: z.object({ title: z.string({ error: 'Title is required.' }).trim().min(1, 'Title is required.') }),
  responses: { 200: { description: 'Echo', schema: z.object({ id: z.string(), title: z.string() }) } },
  handle: async (ctx) => {
    seen.push(ctx as RequestContext);
    return { body: { id: ctx.params.id, title: ctx.body.title, limit: ctx.query.limit } };
  },
});
const router = new Router([echo]);

const post = (path: string, body: unknown, query = '') =>
  router
    .handle(
      apiGatewayEvent({
        method: 'POST',
        path,
        query,
        body: JSON.stringify(body),
        headers: { host: 'board.example', 'content-type': 'application/json' },
      }),
      runtime,
    )
    .then((r) => ({ status: r.statusCode, json: JSON.parse(r.body ?? '{}') }));

describe('Router input parsing', () => {
  it('hands the handler parsed, typed input', async () => {
    seen.length = 0;
    const ok = await post('/api/things/42', { title: '  Hello  ', extra: 'dropped' });
    expect(ok).toEqual({ status: 200, json: { id: '42', title: 'Hello' } });
    expect(seen[0]?.body).toEqual({ title: 'Hello' });
    expect(seen[0]?.query).toEqual({ limit: 5 });
  });

  it('answers 400 with one message per field, naming body, query and path alike, before the handler', async () => {
    seen.length = 0;
    const bad = await post('/api/things/abc', { title: 3 }, 'limit=50');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual({
      id: 'Id must be digits.',
      limit: 'Limit must be at most 10.',
      title: 'Title is required.',
    });
    expect((await post('/api/things/1', 'not an object')).status).toBe(400);
    expect((await post('/api/things/%E0%A4%A', { title: 'x' })).status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  it('refuses a table whose route leaves a path parameter undeclared', () => {
    const { params: _params, ...undeclared } = echo;
    expect(() => new Router([undeclared as typeof echo])).toThrow(/declare params/);
  });
});

describe('answerProblems', () => {
  it('names keys a handler answered that its schema lacks, and undeclared statuses', () => {
    expect(answerProblems(echo, { body: { id: '1', title: 't' } })).toEqual([]);
    expect(answerProblems(echo, { body: { id: '1', title: 't', secret: 'x' } })).toEqual([
      'POST /api/things/{id} 200: answered body.secret, which its schema lacks',
    ]);
    expect(answerProblems(echo, { status: 404, body: { error: { code: 'x', message: 'y' } } })).toEqual([
      'POST /api/things/{id} 404: status not declared by the route',
    ]);
    // The router's own answers are declared for every route that can give them.
    expect(answerProblems(echo, { status: 400, body: { error: { code: 'x', message: 'y' } } })).toEqual([]);
    expect(answerProblems(echo, { body: { id: 1 } })[0]).toMatch(/200: .*expected string/s);
  });
});
