/**
 * Requests as they reach a Lambda on AWS: through the CloudFront Function of infra/edge and CloudFront
 * (viewer Host dropped, viewer address and the origin secret added) into the HTTP API, or straight to
 * the execute-api URL around CloudFront.
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEvent, type EventInput } from './apigw-event.ts';

export interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
  headers: Record<string, { value: string }>;
  cookies: Record<string, { value: string }>;
}

export type ViewerRequestFunction = (event: unknown) => CloudFrontRequest;

/** The viewer-request function as the stack deploys it, run in a context of its own. */
export function loadViewerRequest(): ViewerRequestFunction {
  const source = readFileSync(new URL('../../infra/edge/viewer-request.js', import.meta.url), 'utf8');
  return vm.runInNewContext(`${source}\n;handler`, {}) as ViewerRequestFunction;
}

const API_HOST = 'abc123.execute-api.us-east-1.amazonaws.com';

export interface Distribution {
  viewerRequest: ViewerRequestFunction;
  publicHost: string;
  /** The header CloudFront adds to every request to the HTTP API (OriginCustomHeaders in the template). */
  originHeader: { name: string; value: string };
}

/** A browser request through the CloudFront Function, then CloudFront and the HTTP API. */
export function throughCloudFront(
  { viewerRequest, publicHost, originHeader }: Distribution,
  input: EventInput & { path: string },
): APIGatewayProxyEventV2 {
  const url = new URL(`https://${publicHost}${input.path}${input.query ? `?${input.query}` : ''}`);
  const querystring: CloudFrontRequest['querystring'] = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    querystring[key] = {
      value: values[0] ?? '',
      ...(values.length > 1 ? { multiValue: values.map((value) => ({ value })) } : {}),
    };
  }
  const request = viewerRequest({
    version: '1.0',
    context: { eventType: 'viewer-request' },
    viewer: { ip: '203.0.113.9' },
    request: {
      method: input.method ?? 'GET',
      uri: url.pathname,
      querystring,
      headers: Object.fromEntries(
        Object.entries({ host: publicHost, ...input.headers }).map(([k, value]) => [k, { value }]),
      ),
      cookies: {},
    },
  });
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, v.value]));
  delete headers.host;
  const rawQuery = Object.entries(request.querystring)
    .flatMap(([key, v]) =>
      (v.multiValue ?? [{ value: v.value }]).map(({ value }) =>
        value === '' ? key : `${key}=${encodeURIComponent(value)}`,
      ),
    )
    .join('&');
  return apiGatewayEvent({
    ...input,
    path: request.uri,
    query: rawQuery,
    headers: {
      ...headers,
      host: API_HOST,
      'x-forwarded-proto': 'https',
      'cloudfront-viewer-address': '203.0.113.9:51234',
      // Replaces any header of the name the viewer sent, as CloudFront does with origin custom headers.
      [originHeader.name]: originHeader.value,
    },
  });
}

/** A request straight to the execute-api URL, around CloudFront: whatever headers the caller likes. */
export const aroundCloudFront = (input: EventInput & { path: string }): APIGatewayProxyEventV2 =>
  apiGatewayEvent({
    ...input,
    headers: {
      host: API_HOST,
      'x-forwarded-proto': 'https',
      ...input.headers,
    },
  });
