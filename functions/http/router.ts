/**
 * A small router for API Gateway HTTP API (payload 2.0) events. Each route declares its schemas, which
 * serve both validation (in the services) and the OpenAPI document, so the two cannot drift apart.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import * as z from 'zod';
import { PayloadTooLargeError } from '../../shared/domain/errors.ts';
import { isBotAgent } from '../../shared/domain/analytics.ts';
import { actorFor, type Actor } from '../../shared/domain/types.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { HttpError, mapError } from './http-errors.ts';
import { readCookie, SESSION_COOKIE, sessionCookie } from '../../shared/auth/session-token.ts';
import { isAllowedOrigin } from './origin-check.ts';
import { parseRouteInput } from './route-input.ts';
import { publishAnswer } from './answer-channel.ts';
import { clientAddress, viaOurCloudFront } from '../../shared/http/client-address.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler receives: every input already parsed by the schema its route declares. */
export interface RequestContext<P = unknown, Q = unknown, H = unknown, B = unknown> {
  runtime: Runtime;
  actor: Actor;
  params: P;
  query: Q;
  /** The request headers the route declares, parsed (names in lower case). */
  headers: H;
  body: B;
  sessionToken: string | undefined;
  event: APIGatewayProxyEventV2;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  cookies?: string[];
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
}

/**
 * A route as the router and the OpenAPI document see it. Each declared schema is both what is parsed
 * (a request that breaks it is a 400 before the handler runs) and what is documented.
 */
export interface RouteSpec<
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  H extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
> {
  method: Method;
  /** OpenAPI-style path, e.g. /api/posts/{id}/vote */
  path: string;
  summary: string;
  tag: string;
  /** 'required' routes answer 401 before reaching the service; services check again for themselves. */
  auth: 'none' | 'optional' | 'required';
  /** Required when the path has {placeholders}: one key per placeholder. */
  params?: P;
  query?: Q;
  /** Request headers the route reads (names in lower case). */
  headers?: H;
  body?: B;
  responses: Record<number, ResponseSpec>;
  /** For callers that post what they like (mail clients' one-click unsubscribe): the body is not read. */
  ignoreBody?: boolean;
  handle(ctx: RequestContext<z.output<P>, z.output<Q>, z.output<H>, z.output<B>>): Promise<Reply>;
}

export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Declares a route; the handler's input types follow from the schemas it declares. */
export const defineRoute = <
  P extends z.ZodType = z.ZodNever,
  Q extends z.ZodType = z.ZodNever,
  H extends z.ZodType = z.ZodNever,
  B extends z.ZodType = z.ZodNever,
>(
  spec: RouteSpec<P, Q, H, B>,
): Route => spec as unknown as Route;

export const MAX_BODY_BYTES = 64 * 1024;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .replace(/[.*+?^${}()|[\]\\]/g, (c) => (c === '{' || c === '}' ? c : `\\${c}`))
        .replace(/\{(\w+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      assertParamsDeclared(route, names);
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  async handle(event: APIGatewayProxyEventV2, runtime: Runtime): Promise<APIGatewayProxyStructuredResultV2> {
    let reply: Reply;
    const matched: { route?: Route } = {};
    try {
      reply = await this.dispatch(event, runtime, matched);
    } catch (error) {
      const mapped = mapError(error);
      reply = { status: mapped.status, body: mapped.body, headers: mapped.headers };
      if (matched.route) publishAnswer(matched.route, reply);
    }
    const result = toResult(reply);
    // HEAD is GET without the body (API Gateway sends both to the read function): same status and headers.
    return event.requestContext.http.method.toUpperCase() === 'HEAD' ? { ...result, body: '' } : result;
  }

  private async dispatch(
    event: APIGatewayProxyEventV2,
    runtime: Runtime,
    matched: { route?: Route },
  ): Promise<Reply> {
    // On AWS only CloudFront knows the origin secret: a request without it came around CloudFront (the
    // execute-api URL), where its address headers and Host could say anything.
    const { originSecret } = runtime.config;
    if (originSecret && !viaOurCloudFront(event, originSecret)) {
      throw new HttpError(403, 'not_via_cloudfront', "Call the API at the site's own address.");
    }
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const matches = this.compiled.map((c) => ({ c, m: c.pattern.exec(path) })).filter((x) => x.m);
    if (matches.length === 0) throw new HttpError(404, 'route_not_found', `No API route at ${path}.`);
    const routeMethod = method === 'HEAD' ? 'GET' : method;
    const match = matches.find((x) => x.c.route.method === routeMethod);
    if (!match || !match.m) {
      const allow = matches
        .flatMap((x) => (x.c.route.method === 'GET' ? ['GET', 'HEAD'] : [x.c.route.method]))
        .join(', ');
      throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}.`, {
        allow,
      });
    }
    const { route, names } = match.c;
    matched.route = route;
    const rawParams = Object.fromEntries(names.map((n, i) => [n, safeDecode(match.m?.[i + 1] ?? '')]));

    const headers = lowerCaseHeaders(event.headers);
    const sessionToken = readSessionCookie(event);
    if (
      method !== 'GET' &&
      method !== 'HEAD' &&
      !isAllowedOrigin(headers, sessionToken !== undefined, runtime.config)
    ) {
      throw new HttpError(
        403,
        'cross_origin',
        'State-changing requests with a session cookie must come from this site.',
      );
    }
    const rawBody = route.ignoreBody ? undefined : parseBody(event, headers);
    const user = await runtime.services.auth.userForSession(sessionToken);
    const person = actorFor(user, clientAddress(event, originSecret));
    // Crawlers and scripts are served like anyone else; analytics alone reads `bot`, to leave them out.
    const actor: Actor = isBotAgent(headers['user-agent']) ? { ...person, bot: true } : person;
    if (route.auth === 'required' && actor.kind === 'anonymous') {
      throw new HttpError(401, 'unauthenticated', 'Sign in to do that.');
    }
    const input = parseRouteInput(route, {
      params: rawParams,
      query: { ...(event.queryStringParameters ?? {}) },
      headers,
      body: rawBody,
    });
    const handled = await route.handle({ runtime, actor, ...input, sessionToken, event });
    publishAnswer(route, handled);
    const reply = serialized(route, handled);
    // Sessions slide: a request made with a live session renews the cookie's lifetime, unless the
    // route set or cleared the cookie itself.
    if (actor.kind === 'user' && sessionToken && !reply.cookies?.length) {
      return { ...reply, cookies: [sessionCookie(sessionToken, { secure: runtime.config.secureCookies })] };
    }
    return reply;
  }
}

function assertParamsDeclared(route: Route, names: readonly string[]): void {
  const declared = route.params instanceof z.ZodObject ? Object.keys(route.params.shape).sort() : [];
  if (names.length === 0 && !route.params) return;
  if (declared.join() !== [...names].sort().join()) {
    throw new Error(
      `${route.method} ${route.path}: declare params as a z.object with exactly ${names.join(', ') || 'no keys'}`,
    );
  }
}

/** A malformed %-escape is a value that fails its schema, not a crash. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The declared response schema is what the route answers: parsing through it drops every key it does
 * not name (internal counters, keys, staff-only fields a service forgot), and an answer that does not
 * fit it fails (500) rather than going out unchecked.
 */
function serialized(route: Route, reply: Reply): Reply {
  const schema = route.responses[reply.status ?? 200]?.schema;
  if (!schema || reply.body === undefined) return reply;
  const parsed = schema.safeParse(reply.body);
  if (!parsed.success) {
    throw new Error(
      `${route.method} ${route.path} answered outside its ${reply.status ?? 200} schema: ${parsed.error.message}`,
    );
  }
  return { ...reply, body: parsed.data };
}

function parseBody(event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown {
  if (!event.body) return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const type = headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new HttpError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

const readSessionCookie = (event: APIGatewayProxyEventV2): string | undefined =>
  readCookie((event.cookies ?? []).join('; '), SESSION_COOKIE) || undefined;

const lowerCaseHeaders = (headers: APIGatewayProxyEventV2['headers']): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? '']));

/**
 * On every answer, errors and the OpenAPI document included: the API serves JSON only, so nothing of it
 * may be sniffed into a script or a page, framed, or load anything when opened in a tab.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

function toResult(reply: Reply): APIGatewayProxyStructuredResultV2 {
  const status = reply.status ?? 200;
  return {
    statusCode: status,
    headers: {
      ...(reply.body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      'cache-control': 'no-store',
      ...reply.headers,
      ...API_SECURITY_HEADERS,
    },
    ...(reply.cookies?.length ? { cookies: reply.cookies } : {}),
    body: reply.body !== undefined ? JSON.stringify(reply.body) : '',
  };
}
