/**
 * Structured logs for the Lambda entries, through Powertools: one JSON log line per invocation.
 *
 * No custom CloudWatch metrics: each metric published in an hour is billed ($0.30 a month per name and
 * service, even on a stage nobody uses), no alarm reads them, and the log line holds the same facts, so
 * CloudWatch Logs Insights answers what they did (README, "Operations"). A counter is a field of the line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';

export interface Telemetry {
  logger: Logger;
}

/**
 * Powertools reads its settings from process.env when constructed, so tests build fresh instances after
 * setting it; the entries share `processTelemetry()`.
 */
export function createTelemetry(): Telemetry {
  const env = process.env;
  const local = env.HEARTH_LOCAL === '1';
  const serviceName = env.POWERTOOLS_SERVICE_NAME || 'hearth';
  const logger = new Logger({
    serviceName,
    // A line per request would drown `npm start` and test output; an explicit level still wins.
    ...(local && !env.POWERTOOLS_LOG_LEVEL && !env.LOG_LEVEL ? { logLevel: 'WARN' } : {}),
  });
  return { logger };
}

let shared: Telemetry | undefined;

/** Built on first use, so that whatever sets the environment before the first invocation is seen. */
export function processTelemetry(): Telemetry {
  shared ??= createTelemetry();
  return shared;
}

/** What a handler may add to its invocation's log line. */
export interface Invocation {
  annotate(keys: Record<string, unknown>): void;
  /** Sets `counter: 1` on the line, for Logs Insights to sum (`stats sum(Api5xx) by service`). */
  count(counter: string): void;
  /** Logs the line at error level: for a failure the handler answers (a 5xx) rather than throws. */
  fail(): void;
}

export type LambdaHandler<E, R> = (event: E, context?: Context) => Promise<R>;

/**
 * Wraps a handler so that each invocation logs one line, `message` plus the handler's keys, counters and
 * the duration (at error level, with the error, when it throws).
 */
export function observe<E, R>(
  message: string,
  handler: (event: E, invocation: Invocation) => Promise<R>,
  telemetry?: Telemetry,
): LambdaHandler<E, R> {
  return async (event, context) => {
    const { logger } = telemetry ?? processTelemetry();
    if (context) logger.addContext(context);
    const started = performance.now();
    const line: Record<string, unknown> = {};
    let failed = false;
    const invocation: Invocation = {
      annotate: (keys) => Object.assign(line, keys),
      count: (counter) => {
        line[counter] = 1;
      },
      fail: () => {
        failed = true;
      },
    };
    try {
      return await handler(event, invocation);
    } catch (error) {
      failed = true;
      line.error = error;
      throw error;
    } finally {
      line.durationMs = Math.round(performance.now() - started);
      if (failed) logger.error(message, line);
      else logger.info(message, line);
    }
  };
}

/** Counter names for an HTTP entry's request line; a name left out is not counted. */
export interface HttpMetrics {
  request: string;
  clientError?: string;
  serverError: string;
}

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/** Pages whose last path segment is a bearer token: a sign-in link (usable until clicked), unsubscribe. */
const TOKEN_IN_PATH = /^(\/auth\/magic|\/unsubscribe)\/[^/]+/;

/** The path as logged: tokens in it are replaced, so reading the logs signs nobody in. */
export const loggablePath = (path: string): string => path.replace(TOKEN_IN_PATH, '$1/[token]');

/**
 * An API Gateway HTTP API (payload 2.0) handler with a request line: method, path (never the query
 * string, which can carry an SSO token, and without tokens in it), status, duration and API Gateway's
 * request id.
 */
export function observeHttp(
  names: HttpMetrics,
  handler: HttpHandler,
  telemetry?: Telemetry,
): LambdaHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return observe(
    'request',
    async (event: APIGatewayProxyEventV2, invocation) => {
      const { http, requestId } = event.requestContext;
      invocation.annotate({ method: http.method, path: loggablePath(event.rawPath), requestId });
      invocation.count(names.request);
      // A throw reaches the client as API Gateway's own 500.
      let status = 500;
      try {
        const result = await handler(event);
        status = result.statusCode ?? 200;
        return result;
      } finally {
        invocation.annotate({ status });
        if (status >= 500) {
          invocation.count(names.serverError);
          invocation.fail();
        } else if (status >= 400 && names.clientError) {
          invocation.count(names.clientError);
        }
      }
    },
    telemetry,
  );
}
