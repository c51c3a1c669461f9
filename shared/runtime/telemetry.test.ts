import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGatewayEvent } from '../../test/setup/apigw-event.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';
import { createTelemetry, loggablePath, observe, observeHttp, type HttpMetrics } from './telemetry.ts';

const captureOutput = captureTelemetryOutput;

const COUNTERS = ['ApiRequest', 'Api4xx', 'Api5xx', 'PageRequest', 'Page5xx'];
/** The counters set on each log line, in order. */
const counters = (logs: Record<string, unknown>[]) =>
  logs.map((l) => COUNTERS.filter((name) => name in l).map((name) => [name, l[name]]));

const API: HttpMetrics = { request: 'ApiRequest', clientError: 'Api4xx', serverError: 'Api5xx' };
const answer = (statusCode: number) => async () => ({ statusCode, body: '' });

const lambdaContext = {
  functionName: 'hearth-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:hearth-api',
  memoryLimitInMB: '512',
  awsRequestId: 'lambda-request-1',
} as Context;

beforeEach(() => {
  // As on Lambda, unless a test says otherwise.
  for (const name of [
    'HEARTH_LOCAL',
    'POWERTOOLS_DEV',
    'POWERTOOLS_SERVICE_NAME',
    'POWERTOOLS_METRICS_NAMESPACE',
    'POWERTOOLS_METRICS_DISABLED',
    'POWERTOOLS_LOG_LEVEL',
    'LOG_LEVEL',
    'AWS_LAMBDA_LOG_LEVEL',
  ])
    vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('observeHttp', () => {
  it('logs one request line, counting the request on it, and publishes no metric', async () => {
    const out = captureOutput();
    const handler = observeHttp(API, answer(200), createTelemetry());
    const event = apiGatewayEvent({ method: 'POST', path: '/api/posts/p1/vote', query: 'sso=secret' });

    expect((await handler(event, lambdaContext)).statusCode).toBe(200);

    expect(out.logs()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'request',
        service: 'hearth',
        method: 'POST',
        path: '/api/posts/p1/vote',
        status: 200,
        requestId: 'test-request',
        durationMs: expect.any(Number),
        function_request_id: 'lambda-request-1',
        ApiRequest: 1,
      }),
    ]);
    expect(JSON.stringify(out.logs())).not.toContain('secret');
    expect(out.emf()).toEqual([]);
  });

  it('counts 4xx and 5xx apart, and logs a 5xx at error level', async () => {
    const out = captureOutput();
    const telemetry = createTelemetry();
    await observeHttp(API, answer(404), telemetry)(apiGatewayEvent());
    await observeHttp(API, answer(503), telemetry)(apiGatewayEvent());

    expect(out.logs().map((l) => [l.level, l.status])).toEqual([
      ['INFO', 404],
      ['ERROR', 503],
    ]);
    expect(counters(out.logs())).toEqual([
      [
        ['ApiRequest', 1],
        ['Api4xx', 1],
      ],
      [
        ['ApiRequest', 1],
        ['Api5xx', 1],
      ],
    ]);
    expect(out.emf()).toEqual([]);
  });

  it('leaves out a counter it was not given a name for', async () => {
    const out = captureOutput();
    const pages = { request: 'PageRequest', serverError: 'Page5xx' };
    await observeHttp(pages, answer(404), createTelemetry())(apiGatewayEvent());
    expect(counters(out.logs())).toEqual([[['PageRequest', 1]]]);
  });

  it('rethrows what the handler throws, after logging it and counting a 5xx', async () => {
    const out = captureOutput();
    const failing = observeHttp(
      API,
      async () => {
        throw new Error('secret fetch failed');
      },
      createTelemetry(),
    );

    await expect(failing(apiGatewayEvent())).rejects.toThrow('secret fetch failed');
    expect(out.logs()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        status: 500,
        error: expect.objectContaining({ name: 'Error', message: 'secret fetch failed' }),
        ApiRequest: 1,
        Api5xx: 1,
      }),
    ]);
  });
});

describe('createTelemetry', () => {
  it('takes the service name from the Powertools variable, and publishes no metric in any namespace', async () => {
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'hearth-api');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'HearthStaging');
    const out = captureOutput();
    await observeHttp(API, answer(200), createTelemetry())(apiGatewayEvent());
    expect(out.logs()[0]).toMatchObject({ service: 'hearth-api', ApiRequest: 1 });
    expect(out.emf()).toEqual([]);
  });

  it('locally (HEARTH_LOCAL=1) logs only warnings and errors', async () => {
    vi.stubEnv('HEARTH_LOCAL', '1');
    const out = captureOutput();
    const telemetry = createTelemetry();
    await observeHttp(API, answer(200), telemetry)(apiGatewayEvent());
    await observeHttp(API, answer(500), telemetry)(apiGatewayEvent());

    expect(out.emf()).toEqual([]);
    expect(out.logs()).toEqual([expect.objectContaining({ level: 'ERROR', status: 500 })]);
  });

  it('locally still honours an explicit log level', async () => {
    vi.stubEnv('HEARTH_LOCAL', '1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'INFO');
    const out = captureOutput();
    await observeHttp(API, answer(200), createTelemetry())(apiGatewayEvent());
    expect(out.logs()).toHaveLength(1);
  });

  it('logs nothing but the line, and warns about nothing, when an invocation counted nothing', async () => {
    const out = captureOutput();
    const quiet = observe('quiet', async () => 'done', createTelemetry());
    expect(await quiet(undefined)).toBe('done');
    expect(out.emf()).toEqual([]);
    expect(out.logs()).toEqual([expect.objectContaining({ level: 'INFO', message: 'quiet' })]);
  });
});

describe('loggablePath', () => {
  it('hides the token of sign-in and unsubscribe links, and leaves other paths alone', () => {
    expect(loggablePath('/auth/magic/abc123XYZ')).toBe('/auth/magic/[token]');
    expect(loggablePath('/unsubscribe/eyJhbGciOi.x.y')).toBe('/unsubscribe/[token]');
    expect(loggablePath('/p/01ARZ3NDEKTSV4RRFFQ69G5FAV')).toBe('/p/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(loggablePath('/b/auth/magic/x')).toBe('/b/auth/magic/x');
  });
});
