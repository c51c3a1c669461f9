/**
 * The JSON API called as one person of a role or another: each call from its own client address (so no
 * per-address rate limit is ever what answers), every read-only call watched by a ReadOnlyGuard.
 */
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { User } from '../../shared/domain/types.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { apiGatewayEvent } from './apigw-event.ts';
import type { ReadOnlyGuard } from './read-only-guard.ts';
import { TEST_SSO_SECRET } from './table.ts';

const HOST = 'board.example';

export interface ApiRequest {
  path: string;
  query?: string;
  body?: object;
  /** Instead of the role's shared session (a fresh one, for cells that end it). */
  cookies?: string[];
}

export interface ApiResponse {
  status: number;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
  cookies: string[];
}

export interface Session {
  user: User;
  cookies: string[];
}

/** `runtime` is read at each call, so a client can be made before the test table exists. */
export function roleClient(runtime: () => Runtime, guard: ReadOnlyGuard) {
  const router = new Router(routes);
  let ipCounter = 0;
  const nextIp = () => {
    const i = ++ipCounter;
    return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  };

  async function call(method: string, req: ApiRequest): Promise<ApiResponse> {
    const text = req.body === undefined ? undefined : JSON.stringify(req.body);
    const event = apiGatewayEvent({
      method,
      path: req.path,
      query: req.query ?? '',
      cookies: req.cookies,
      body: text,
      headers: {
        host: HOST,
        ...(method !== 'GET' ? { origin: `https://${HOST}` } : {}),
        ...(text !== undefined ? { 'content-type': 'application/json' } : {}),
      },
    });
    event.requestContext.http.sourceIp = nextIp();
    // Deliveries an earlier call started (a status change's emails) run after it answered, as on AWS;
    // finished first, they are not counted as this call's writes.
    await runtime().drainEvents?.();
    const result = await guard.watch(method, req.path, () => router.handle(event, runtime()));
    return {
      status: result.statusCode ?? 0,
      json: result.body ? JSON.parse(result.body) : {},
      cookies: result.cookies ?? [],
    };
  }

  let subCounter = 0;
  /** Signs a new person in through the API, as the host product's SSO would. */
  async function signIn(role: User['role'], label: string = role): Promise<Session> {
    const sub = `authz-${label}-${++subCounter}`;
    const token = await signSsoToken(
      { sub, email: `${sub}@example.com`, name: `${label} ${subCounter}`, role },
      TEST_SSO_SECRET,
    );
    const res = await call('POST', { path: '/api/auth/sso', body: { token } });
    if (res.status !== 200) throw new Error(`Sign-in failed: ${res.status} ${JSON.stringify(res.json)}`);
    return { user: res.json.user as User, cookies: [res.cookies[0]?.split(';')[0] ?? ''] };
  }

  return { call, signIn };
}
