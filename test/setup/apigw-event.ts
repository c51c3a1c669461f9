/** API Gateway HTTP API (payload 2.0) events for tests, shaped as API Gateway sends them. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export interface EventInput {
  method?: string;
  path?: string;
  query?: string;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

export function apiGatewayEvent({
  method = 'GET',
  path = '/',
  query = '',
  headers = {},
  cookies,
  body,
  isBase64Encoded = false,
}: EventInput = {}): APIGatewayProxyEventV2 {
  const host = headers.host ?? 'board.example';
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    ...(cookies ? { cookies } : {}),
    headers: { host, ...headers },
    ...(query ? { queryStringParameters: Object.fromEntries(new URLSearchParams(query)) } : {}),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: '',
      timeEpoch: 0,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.1', userAgent: 'test' },
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded,
  };
}
