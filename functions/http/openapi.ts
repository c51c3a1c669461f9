/** Builds the OpenAPI 3.1 document from the route table, so every route is documented by construction. */
import * as z from 'zod';
import { SESSION_COOKIE } from '../../shared/auth/session-token.ts';
import type { Route } from './router.ts';
import { declaredResponses } from './contract.ts';

type JsonSchema = Record<string, unknown>;

export function buildOpenApiDocument(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters = [
      ...objectParameters(route.params, 'path'),
      ...objectParameters(route.query, 'query'),
      ...objectParameters(route.headers, 'header'),
    ];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      ...(route.auth === 'required' ? { security: [{ session: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(declaredResponses(route)).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema
              ? { content: { 'application/json': { schema: toSchema(r.schema, 'output') } } }
              : {}),
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hearth API',
      version: '0.1.0',
      description: [
        'Feedback boards, posts, votes, comments, statuses, roadmap, changelog and search.',
        '',
        '**Authentication.** Every operation that needs a person uses the `hearth_session` cookie (httpOnly,',
        'SameSite=Lax, Secure on AWS; sessions slide and last 30 days from last use). Get one by:',
        '- `POST /api/auth/sso` with a JWT the host product signs with HS256 and the shared `SSO_SECRET`',
        '  (claims `sub`, `email`, `name`, optional `company`, optional `role`); the same token works as',
        '  `?sso=<token>` on any page. Expired, unsigned, wrongly signed or malformed tokens get 401.',
        '- `POST /api/auth/magic-link` then `POST /api/auth/magic-link/sign-in` with the emailed token',
        '  (single use, 15 minutes; the first call never reveals whether the address has an account).',
        '',
        '**Roles.** Anonymous visitors read public boards; customers post, vote, comment and edit or delete',
        'their own within the rules; staff change statuses, tag, merge, hide comments, vote on behalf and see',
        'private boards; admins also manage boards and roles. Private boards answer 404 to those who may not',
        'see them.',
        '',
        '**CSRF.** State-changing requests that carry the session cookie must come from this site (`Origin`,',
        'or `Referer`); others get 403. **Rate limits** on posting, commenting, voting and sign-in requests',
        'answer 429 with `Retry-After`. Errors are `{ error: { code, message, fields? } }`, with one message',
        'per invalid field.',
      ].join('\n'),
    },
    paths,
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
    },
  };
}

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** One parameter per property of a declared object schema, documented as it is parsed. */
function objectParameters(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header') {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required?.includes(name) ?? false),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}
