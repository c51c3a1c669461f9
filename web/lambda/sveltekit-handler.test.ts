import type { SSRManifest } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { apiGatewayEvent, type EventInput } from '../../test/setup/apigw-event.ts';
import {
  createSvelteKitHandler,
  MAX_PAGE_BODY_BYTES,
  toRequest,
  toResult,
  type SvelteKitHandlerOptions,
} from './sveltekit-handler.ts';

type RequestOptions = { getClientAddress(): string };

const event = (input: EventInput = {}) =>
  apiGatewayEvent({
    path: '/b/ideas',
    ...input,
    headers: { 'x-forwarded-proto': 'https', ...input.headers },
  });

describe('SvelteKit Lambda event conversion', () => {
  it('builds the URL from the forwarded scheme and host, with the query string', () => {
    const req = toRequest(
      event({
        query: 'sort=new&cursor=a%2Bb',
        headers: { host: 'x.execute-api', 'x-forwarded-host': 'board.example', 'x-forwarded-proto': 'http' },
      }),
    );
    expect(req.url).toBe('http://board.example/b/ideas?sort=new&cursor=a%2Bb');
  });

  it('rejoins the cookies API Gateway split out', () => {
    const req = toRequest(event({ cookies: ['a=1', 'hearth_session=xyz'] }));
    expect(req.headers.get('cookie')).toBe('a=1; hearth_session=xyz');
  });

  it('passes a form post body, plain or base64-encoded', async () => {
    const form = 'title=Hello+world&body=%C3%A9t%C3%A9';
    const plain = toRequest(
      event({
        method: 'POST',
        body: form,
        headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect((await plain.formData()).get('body')).toBe('été');
    const encoded = toRequest(
      event({
        method: 'POST',
        body: Buffer.from(form).toString('base64'),
        isBase64Encoded: true,
        headers: { host: 'h', 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect((await encoded.formData()).get('title')).toBe('Hello world');
  });

  it('returns each Set-Cookie separately', async () => {
    const headers = new Headers({ 'content-type': 'text/html' });
    headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
    headers.append('set-cookie', 'b=2, with comma; Path=/');
    const result = await toResult(new Response('<p>hi</p>', { headers }));
    expect(result.cookies).toEqual(['a=1; Path=/; HttpOnly', 'b=2, with comma; Path=/']);
    expect(result.headers?.['set-cookie']).toBeUndefined();
    expect(result.body).toBe('<p>hi</p>');
    expect(result.isBase64Encoded).toBe(false);
  });

  it('keeps redirects as they are', async () => {
    const result = await toResult(new Response(null, { status: 303, headers: { location: '/p/123' } }));
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe('/p/123');
  });

  it('base64-encodes binary bodies', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    const result = await toResult(new Response(bytes, { headers: { 'content-type': 'image/png' } }));
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body ?? '', 'base64')).toEqual(Buffer.from(bytes));
  });
});

type Respond = (request: Request, options: RequestOptions) => Response | Promise<Response>;

// Stands in for SvelteKit's Server, so these tests exercise our adapter and nothing of SvelteKit's.
const fakeServer = (respond: Respond) =>
  class FakeServer {
    constructor(_manifest: SSRManifest) {}
    async init(_options: { env: Record<string, string> }) {}
    async respond(request: Request, options: RequestOptions) {
      return respond(request, options);
    }
  };

// Runs one event through createSvelteKitHandler and hands back what the server saw and what it answered.
async function roundTrip(
  input: EventInput,
  answer: Response = new Response('ok'),
  options: SvelteKitHandlerOptions = { originSecret: undefined },
) {
  const { result, seen } = await handle(input, answer, options);
  if (!seen) throw new Error('the server was not called');
  return { ...seen, result };
}

async function handle(input: EventInput, answer: Response, options: SvelteKitHandlerOptions) {
  let seen: { request: Request; clientAddress: string } | undefined;
  const handler = await createSvelteKitHandler(
    fakeServer((request, { getClientAddress }) => {
      seen = { request, clientAddress: getClientAddress() };
      return answer;
    }),
    {} as SSRManifest,
    options,
  );
  const result = await handler(event(input));
  return { result, seen };
}

const ORIGIN_SECRET = 'origin-secret-origin-secret-0123456789';
const onAws = { originSecret: ORIGIN_SECRET };

describe('SvelteKit Lambda handler, responses', () => {
  it('puts every Set-Cookie in cookies and none in headers', async () => {
    const headers = new Headers({ 'content-type': 'text/html; charset=utf-8' });
    for (const cookie of [
      'hearth_session=abc; Path=/; HttpOnly; Secure',
      'flash=saved; Path=/',
      'theme=dark',
    ])
      headers.append('set-cookie', cookie);
    const { result } = await roundTrip({}, new Response('<p>hi</p>', { headers }));
    expect(result.cookies).toEqual([
      'hearth_session=abc; Path=/; HttpOnly; Secure',
      'flash=saved; Path=/',
      'theme=dark',
    ]);
    expect(Object.keys(result.headers ?? {}).map((name) => name.toLowerCase())).not.toContain('set-cookie');
    expect(result.headers?.['content-type']).toBe('text/html; charset=utf-8');
  });

  it('passes a 303 redirect with its location and cookie, and no body', async () => {
    const headers = new Headers({ location: '/p/01J0' });
    headers.append('set-cookie', 'flash=posted; Path=/');
    const { result } = await roundTrip(
      { method: 'POST', path: '/b/ideas', query: '/create', body: 'title=x' },
      new Response(null, { status: 303, headers }),
    );
    expect(result.statusCode).toBe(303);
    expect(result.headers?.location).toBe('/p/01J0');
    expect(result.cookies).toEqual(['flash=posted; Path=/']);
    expect(result.body ?? '').toBe('');
    expect(result.isBase64Encoded).toBe(false);
  });

  it('base64-encodes binary bodies byte-exact', async () => {
    const bytes = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x00, 0x7f, 0x80, 0xff,
    ]);
    const { result } = await roundTrip(
      {},
      new Response(bytes, {
        headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=60' },
      }),
    );
    expect(result.isBase64Encoded).toBe(true);
    expect(new Uint8Array(Buffer.from(result.body ?? '', 'base64'))).toEqual(bytes);
    expect(result.headers?.['cache-control']).toBe('public, max-age=60');
  });

  it.each([
    ['text/html; charset=utf-8', '<p>café</p>'],
    ['application/json', '{"title":"café"}'],
    ['application/atom+xml', '<feed><title>café</title></feed>'],
    ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
  ])('keeps %s as plain text', async (type, text) => {
    const result = await toResult(new Response(text, { headers: { 'content-type': type } }));
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toBe(text);
  });
});

describe('SvelteKit Lambda handler, requests', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it.each([
    ['as the browser sent it', '/comment'],
    ['re-encoded by the CloudFront function', '%2Fcomment'],
  ])('delivers a named form action %s, with its fields', async (_how, query) => {
    const { request } = await roundTrip({
      method: 'POST',
      path: '/p/x',
      query,
      headers: form,
      body: 'body=Nice+idea&parent=',
    });
    const url = new URL(request.url);
    expect(url.pathname).toBe('/p/x');
    expect(url.searchParams.has('/comment')).toBe(true);
    expect([...url.searchParams.keys()][0]).toBe('/comment');
    const fields = await request.formData();
    expect(fields.get('body')).toBe('Nice idea');
    expect(fields.get('parent')).toBe('');
  });

  it('delivers a base64-encoded multipart body byte-exact', async () => {
    const boundary = '----hearth7MA4YWxkTrZu0gW';
    const file = Buffer.from([0x00, 0xff, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0xfe]);
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nCafé\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n` +
          'Content-Type: image/png\r\n\r\n',
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const { request } = await roundTrip({
      method: 'POST',
      path: '/p/x',
      query: '%2Fattach',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart.toString('base64'),
      isBase64Encoded: true,
    });
    expect(Buffer.from(await request.clone().arrayBuffer())).toEqual(multipart);
    const fields = await request.formData();
    expect(fields.get('title')).toBe('Café');
    const upload = fields.get('file');
    expect(upload).toBeInstanceOf(Blob);
    expect(Buffer.from(await (upload as Blob).arrayBuffer())).toEqual(file);
  });

  it.each([
    ['tag=a&tag=b', (params: URLSearchParams) => expect(params.getAll('tag')).toEqual(['a', 'b'])],
    ['q=caf%C3%A9+au+lait', (params: URLSearchParams) => expect(params.get('q')).toBe('café au lait')],
  ])('keeps the query string %s as sent', async (query, check) => {
    const { request } = await roundTrip({ query });
    expect(request.url).toBe(`https://board.example/b/ideas?${query}`);
    check(new URL(request.url).searchParams);
  });

  it('adds no ? for an empty query string', async () => {
    const { request } = await roundTrip({ query: '' });
    expect(request.url).toBe('https://board.example/b/ideas');
  });

  it('gives the server the CloudFront viewer address as the client address', async () => {
    const { clientAddress, request } = await roundTrip(
      { headers: { 'cloudfront-viewer-address': '2001:db8::7:51234', 'x-origin-verify': ORIGIN_SECRET } },
      undefined,
      onAws,
    );
    expect(clientAddress).toBe('2001:db8::7');
    expect(request.headers.has('x-origin-verify')).toBe(false);
  });

  it('never believes the address headers without an origin secret (local runs)', async () => {
    const { clientAddress } = await roundTrip({
      headers: { 'true-client-ip': '203.0.113.66', 'cloudfront-viewer-address': '2001:db8::7:51234' },
    });
    expect(clientAddress).toBe('198.51.100.1');
  });

  it('refuses a request without the right origin secret on AWS, before SvelteKit sees it', async () => {
    for (const headers of [{}, { 'x-origin-verify': 'guess', 'true-client-ip': '203.0.113.66' }] as Record<
      string,
      string
    >[]) {
      const { result, seen } = await handle({ headers }, new Response('ok'), onAws);
      expect(result.statusCode).toBe(403);
      expect(seen).toBeUndefined();
    }
  });

  it('reads the origin secret from the environment at each request, so a rotated one applies', async () => {
    vi.stubEnv('ORIGIN_SECRET', ORIGIN_SECRET);
    try {
      const handler = await createSvelteKitHandler(
        fakeServer(() => new Response('ok')),
        {} as SSRManifest,
      );
      const withSecret = (secret: string) => event({ headers: { 'x-origin-verify': secret } });
      expect((await handler(withSecret(ORIGIN_SECRET))).statusCode).toBe(200);
      vi.stubEnv('ORIGIN_SECRET', 'rotated-origin-secret-0123456789');
      expect((await handler(withSecret(ORIGIN_SECRET))).statusCode).toBe(403);
      expect((await handler(withSecret('rotated-origin-secret-0123456789'))).statusCode).toBe(200);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each(['TRACE', 'CONNECT', 'TRACK', 'PROPFIND', 'OPTIONS', 'PUT'])(
    'answers %s with 405 and the methods pages take',
    async (method) => {
      const { result, seen } = await handle({ method }, new Response('ok'), {});
      expect(result.statusCode).toBe(405);
      expect(result.headers?.allow).toBe('GET, HEAD, POST');
      expect(seen).toBeUndefined();
    },
  );

  it('refuses a form body over the page limit with 413, plain or base64-encoded', async () => {
    const big = `body=${'x'.repeat(MAX_PAGE_BODY_BYTES)}`;
    for (const [body, isBase64Encoded] of [
      [big, false],
      [Buffer.from(big).toString('base64'), true],
    ] as const) {
      const { result, seen } = await handle(
        {
          method: 'POST',
          body,
          isBase64Encoded,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        new Response('ok'),
        {},
      );
      expect(result.statusCode).toBe(413);
      expect(result.body).toMatch(/at most 128 KB/);
      expect(seen).toBeUndefined();
    }
    const fits = 'body=' + '%E6%BC%A2'.repeat(10_000);
    const { result } = await roundTrip({
      method: 'POST',
      body: fits,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(result.statusCode).toBe(200);
  });

  it('falls back to the source IP without the CloudFront header', async () => {
    const { clientAddress } = await roundTrip({});
    expect(clientAddress).toBe('198.51.100.1');
  });

  it.each(['GET', 'HEAD'])('never gives a %s request a body', async (method) => {
    const plain = toRequest(event({ method, body: 'stray' }));
    expect(plain.body).toBeNull();
    const { request } = await roundTrip({
      method,
      body: Buffer.from('stray').toString('base64'),
      isBase64Encoded: true,
    });
    expect(request.method).toBe(method);
    expect(request.body).toBeNull();
  });
});
