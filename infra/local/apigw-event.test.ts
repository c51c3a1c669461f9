import { describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, toApiGatewayEvent, writeResult } from './apigw-event.ts';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Sends one real HTTP request through a server that converts it as the local gateway does. */
async function roundTrip(
  send: { method: string; path: string; headers?: Record<string, string | string[]>; body?: Buffer },
  reply: APIGatewayProxyStructuredResultV2,
) {
  let seen: APIGatewayProxyEventV2 | undefined;
  const server = createServer((req, res) => {
    readBody(req, 1 << 20)
      .then((body) => {
        seen = toApiGatewayEvent(req, body ?? Buffer.alloc(0), { proto: 'http' });
        writeResult(res, reply);
      })
      .catch((error: Error) => res.destroy(error));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const response = await new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: send.method, path: send.path, headers: send.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(send.body);
  });
  server.close();
  return { event: seen as APIGatewayProxyEventV2, ...response };
}

describe('local gateway event conversion', () => {
  it('shapes a request like API Gateway HTTP API 2.0', async () => {
    const { event } = await roundTrip(
      {
        method: 'POST',
        path: '/api/x?a=1&a=2&b=%20',
        headers: { Cookie: 'one=1; two=2', 'X-Multi': ['p', 'q'], 'content-type': 'application/json' },
        body: Buffer.from('{"k":1}'),
      },
      { statusCode: 204 },
    );
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/api/x');
    expect(event.rawQueryString).toBe('a=1&a=2&b=%20');
    expect(event.queryStringParameters).toEqual({ a: '1,2', b: ' ' });
    expect(event.cookies).toEqual(['one=1', 'two=2']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-multi']).toBe('p,q');
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
    expect(event.body).toBe('{"k":1}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('drops the headers only an edge may set, and keeps its own scheme and the socket address', async () => {
    const { event } = await roundTrip(
      {
        method: 'POST',
        path: '/api/auth/magic-link',
        headers: {
          'True-Client-IP': '203.0.113.66',
          'CloudFront-Viewer-Address': '203.0.113.67:443',
          'X-Origin-Verify': 'guessed',
          'X-Forwarded-Proto': 'https',
          'X-Forwarded-For': '203.0.113.68',
        },
      },
      { statusCode: 204 },
    );
    for (const name of ['true-client-ip', 'cloudfront-viewer-address', 'x-origin-verify'])
      expect(event.headers[name], name).toBeUndefined();
    expect(event.headers['x-forwarded-proto']).toBe('http');
    expect(event.headers['x-forwarded-for']).toBe('203.0.113.68, 127.0.0.1');
    expect(event.requestContext.http.sourceIp).toBe('127.0.0.1');
  });

  it('base64-encodes a binary request body', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const { event } = await roundTrip(
      { method: 'PUT', path: '/up', headers: { 'content-type': 'application/octet-stream' }, body: bytes },
      { statusCode: 200 },
    );
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });

  it('writes every cookie as its own Set-Cookie header and decodes binary results', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    const { res, body } = await roundTrip(
      { method: 'GET', path: '/' },
      {
        statusCode: 200,
        headers: { 'content-type': 'image/png' },
        cookies: ['a=1; HttpOnly', 'b=2; Path=/'],
        body: png.toString('base64'),
        isBase64Encoded: true,
      },
    );
    expect(res.headers['set-cookie']).toEqual(['a=1; HttpOnly', 'b=2; Path=/']);
    expect(body).toEqual(png);
  });
});
