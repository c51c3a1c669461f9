/**
 * The local stack's edges, over real HTTP: the gateway of infra/local/stack.ts in front of the built web
 * handler and the API handler, on the suite's DynamoDB Local. What a client may send that the handlers
 * must answer cleanly: HEAD, methods pages never take, oversized forms, and edge headers it has no
 * business setting.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  stack = await startLocalStack({ port: 0, tableName: `gateway-${randomUUID()}`, seed: false });
});
afterAll(() => stack?.stop());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Any method, any body: fetch() refuses to send TRACE at all. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer | string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(`${stack.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const withoutDate = (headers: Answer['headers']) => {
  const { date: _, ...rest } = headers;
  return rest;
};

describe('the local gateway', () => {
  it('answers HEAD on an API route like GET, without the body', async () => {
    const get = await send('GET', '/api/openapi.json');
    const head = await send('HEAD', '/api/openapi.json');
    expect(get.status).toBe(200);
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    const { 'content-length': _, ...getHeaders } = withoutDate(get.headers);
    const { 'content-length': __, ...headHeaders } = withoutDate(head.headers);
    expect(headHeaders).toEqual(getHeaders);
    expect(head.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it.each(['/', '/b/anything', '/api/openapi.json'])('answers TRACE %s with 405, not 500', async (path) => {
    const res = await send('TRACE', path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toMatch(/GET/);
  });

  it('answers other methods pages never take with 405', async () => {
    for (const method of ['PROPFIND', 'OPTIONS', 'PUT', 'DELETE']) {
      const res = await send(method, '/');
      expect(res.status, method).toBe(405);
      expect(res.headers.allow, method).toBe('GET, HEAD, POST');
    }
  });

  it('answers CONNECT with 405 instead of dropping the connection', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(stack.url).port), '127.0.0.1', () =>
        socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
      );
      let data = '';
      socket.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 405 /);
  });

  it('refuses a 1 MB form post to a page with 413 and says why, before SvelteKit parses it', async () => {
    const body = `body=${'x'.repeat(1024 * 1024)}`;
    const res = await send(
      'POST',
      '/sign-in',
      { 'content-type': 'application/x-www-form-urlencoded', origin: stack.url },
      body,
    );
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toMatch(/at most 128 KB/);
  });

  it('does not pass a client’s True-Client-IP on: forged addresses all count against the connection', async () => {
    const ask = (i: number) =>
      send(
        'POST',
        '/api/auth/magic-link',
        {
          'content-type': 'application/json',
          'true-client-ip': `203.0.113.${i}`,
          'cloudfront-viewer-address': `203.0.113.${i}:443`,
        },
        JSON.stringify({ email: `gateway-${i}@example.com` }),
      );
    // Sign-in links: 20 per address per 15 minutes.
    for (let i = 1; i <= 20; i++) expect((await ask(i)).status).toBe(202);
    const limited = await ask(21);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});
