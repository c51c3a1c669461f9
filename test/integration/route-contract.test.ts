/**
 * The route table is the contract: every route that declares a body, a query or path parameters refuses
 * a request that breaks them with a 400 from the router, one message per field, before any service runs
 * (the valid-looking ids below name nothing, so a service would have answered 404). That every answer
 * the suite provokes keeps to its declared response is checked for all integration tests at once, by
 * test/setup/contract.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { Router, type Route } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';

let t: TestTable;
let admin: string[];
const router = new Router(routes);
const HOST = 'board.example';
const NOTHING = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

interface Request {
  body?: unknown;
  query?: string;
  params?: Record<string, string>;
}

async function call(route: Route, { body, query = '', params = {} }: Request = {}) {
  const path = route.path.replace(
    /\{(\w+)\}/g,
    (_m, name: string) => params[name] ?? (name === 'slug' ? 'no-such-board' : NOTHING),
  );
  const text = body === undefined ? undefined : JSON.stringify(body);
  const result = await router.handle(
    apiGatewayEvent({
      method: route.method,
      path,
      query,
      cookies: admin,
      body: text,
      headers: {
        host: HOST,
        origin: `https://${HOST}`,
        ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
      },
    }),
    t.runtime(),
  );
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
}

const label = (route: Route) => `${route.method} ${route.path}`;
const withBody = routes.filter((r) => r.body && !r.ignoreBody);
const withQuery = routes.filter((r) => r.query);
const withParams = routes.filter((r) => r.params);

beforeAll(async () => {
  t = await createTestTable();
  const token = await signSsoToken(
    { sub: 'contract-admin', email: 'contract-admin@example.com', name: 'Admin', role: 'admin' },
    TEST_SSO_SECRET,
  );
  const signedIn = await router.handle(
    apiGatewayEvent({
      method: 'POST',
      path: '/api/auth/sso',
      body: JSON.stringify({ token }),
      headers: { host: HOST, origin: `https://${HOST}`, 'content-type': 'application/json' },
    }),
    t.runtime(),
  );
  admin = [(signedIn.cookies?.[0] ?? '').split(';')[0] ?? ''];
});
afterAll(() => t.drop());

describe('the router parses what each route declares', () => {
  it('covers the table: bodies, queries and path parameters are declared where read', () => {
    expect(withBody.length).toBeGreaterThan(15);
    expect(withQuery.length).toBeGreaterThanOrEqual(5);
    for (const route of routes) {
      expect(!!route.params, label(route)).toBe(route.path.includes('{'));
    }
  });

  it.each(withBody.map((r) => [label(r), r] as const))(
    '%s: a body that is not its object is a 400',
    async (_l, route) => {
      const res = await call(route, { body: 'not an object' });
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(res.json.error.code).toBe('validation_failed');
      expect(Object.keys(res.json.error.fields)).toEqual(['_']);
    },
  );

  it.each(withBody.map((r) => [label(r), r] as const))(
    '%s: a field of the wrong type is named',
    async (_l, route) => {
      const shape = (route.body as z.ZodObject).shape as Record<string, z.ZodType>;
      const [field] = Object.keys(shape);
      const res = await call(route, { body: { [field ?? '_']: { not: 'this' } } });
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(Object.keys(res.json.error.fields)).toContain(field);
    },
  );

  it.each(withQuery.map((r) => [label(r), r] as const))(
    '%s: a query that breaks its schema is a 400',
    async (_l, route) => {
      const shape = (route.query as z.ZodObject).shape as Record<string, z.ZodType>;
      const first = Object.keys(shape)[0] ?? '';
      // A page's limit of 0; a required field left out; else the first field far too long for any rule.
      const [field, query] =
        'limit' in shape
          ? ['limit', 'limit=0']
          : shape[first]?.safeParse(undefined).success
            ? [first, `${first}=${'~'.repeat(1001)}`]
            : [first, ''];
      const res = await call(route, { query });
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      expect(Object.keys(res.json.error.fields)).toContain(field);
    },
  );

  it.each(withParams.map((r) => [label(r), r] as const))(
    '%s: a malformed path parameter is a 400',
    async (_l, route) => {
      const names = Object.keys((route.params as z.ZodObject).shape);
      const params = Object.fromEntries(names.map((n) => [n, 'Not~Valid']));
      const res = await call(route, { params, body: route.body ? {} : undefined });
      expect(res.status, JSON.stringify(res.json)).toBe(400);
      for (const name of names) expect(Object.keys(res.json.error.fields)).toContain(name);
    },
  );
});
