/**
 * Calls to the JSON API as a browser on the site would make them: API Gateway v2 events into the router
 * the Lambda handler uses, with the site's Origin on writes and JSON bodies.
 */
import { expect } from 'vitest';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { apiGatewayEvent } from './apigw-event.ts';
import { TEST_SSO_SECRET } from './table.ts';

export const HOST = 'board.example';

export interface Call {
  method?: string;
  path: string;
  query?: string;
  body?: string | object;
  headers?: Record<string, string>;
  cookies?: string[];
}

/** `runtime` is read at each call, so a client can be made before the test table exists. */
export function apiClient(runtime: () => Runtime) {
  const router = new Router(routes);

  async function call({ method = 'GET', path, query = '', body, headers = {}, cookies }: Call) {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const event = apiGatewayEvent({
      method,
      path,
      query,
      cookies,
      body: text,
      headers: {
        host: HOST,
        ...(method !== 'GET' ? { origin: `https://${HOST}` } : {}),
        ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
    });
    const result: APIGatewayProxyStructuredResultV2 = await router.handle(event, runtime());
    return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined, result };
  }

  /** Signs `sub` in by SSO and returns the session cookie to send back. */
  async function signIn(sub: string, role?: 'staff' | 'admin') {
    const token = await signSsoToken(
      { sub, email: `${sub}@example.com`, name: sub, ...(role ? { role } : {}) },
      TEST_SSO_SECRET,
    );
    const res = await call({ method: 'POST', path: '/api/auth/sso', body: { token } });
    expect(res.status).toBe(200);
    const cookie = res.result.cookies?.[0] ?? '';
    expect(cookie).toMatch(/^hearth_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
    return [cookie.split(';')[0] ?? ''];
  }

  return { router, call, signIn };
}
