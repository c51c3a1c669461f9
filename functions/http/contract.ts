/**
 * A route's contract: the answers it may give, and whether an answer kept to them. The OpenAPI document
 * lists the declared responses; the integration suite checks every answer it provokes with
 * `answerProblems` (test/setup/contract.ts), so drift between a service and its route's schema fails a
 * test instead of being trimmed away in silence.
 */
import { errorView } from '../../shared/domain/views.ts';
import type { Reply, ResponseSpec, Route } from './router.ts';

const err = (description: string): ResponseSpec => ({ description, schema: errorView });

/**
 * What a route declares, plus the answers the router gives on its behalf: a 400 for input that breaks a
 * declared schema, 401 for a route that needs a person, 403 for cross-site writes, 413/415 for bodies.
 */
export function declaredResponses(route: Route): Record<number, ResponseSpec> {
  const readsInput = !!(route.params || route.query || route.headers || route.body);
  const readsBody = !!route.body && !route.ignoreBody;
  const implied: [boolean, number, string][] = [
    [readsInput, 400, 'A parameter or field is invalid; one message per field'],
    [route.auth === 'required', 401, 'Not signed in'],
    [route.method !== 'GET', 403, 'A cross-site request carrying a session cookie'],
    [readsBody, 413, 'Body over 64 KiB'],
    [readsBody, 415, 'The body is not application/json'],
  ];
  const responses: Record<number, ResponseSpec> = {};
  for (const [applies, status, description] of implied) if (applies) responses[status] = err(description);
  return { ...responses, ...route.responses };
}

/** Answers any route may give: the database is busy (503, with Retry-After). */
const ALWAYS_POSSIBLE = new Set([503]);

/** Everything wrong with one answer of a route; empty when it kept to its contract. */
export function answerProblems(route: Route, reply: Reply): string[] {
  const status = reply.status ?? 200;
  const where = `${route.method} ${route.path} ${status}`;
  const declared = declaredResponses(route)[status];
  if (!declared && !ALWAYS_POSSIBLE.has(status)) return [`${where}: status not declared by the route`];
  const schema = declared?.schema ?? (status >= 400 ? errorView : undefined);
  if (reply.body === undefined) return schema ? [`${where}: declared a body, answered none`] : [];
  if (!schema) return [`${where}: answered a body its route declares no schema for`];
  const sent = JSON.parse(JSON.stringify(reply.body)) as unknown;
  const parsed = schema.safeParse(sent);
  if (!parsed.success) return [`${where}: ${parsed.error.message}`];
  return droppedKeys(sent, parsed.data).map((path) => `${where}: answered ${path}, which its schema lacks`);
}

/** Paths of keys the handler answered that parsing through the schema dropped. */
function droppedKeys(sent: unknown, kept: unknown, path = 'body'): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    return sent.flatMap((item, i) => droppedKeys(item, kept[i], `${path}[${i}]`));
  }
  if (!isObject(sent) || !isObject(kept)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in kept ? droppedKeys(sent[key], kept[key], `${path}.${key}`) : [`${path}.${key}`],
  );
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
