/**
 * The local gateway compresses as CloudFront does on AWS: pages, API answers and static files come back
 * in brotli or gzip when the client accepts it, decode to the very bytes sent uncompressed, and say
 * `Vary: Accept-Encoding`. Over node:http, since fetch() decodes without telling.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseEncoding } from '../../infra/local/compress.ts';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

let stack: LocalStack;

beforeAll(async () => {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = inject('dynamoEndpoint');
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  stack = await startLocalStack({ port: 0, tableName: `compression-${randomUUID()}`, seed: true });
}, 60_000);
afterAll(() => stack?.stop());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<Raw>((resolve, reject) => {
    const req = request(`${stack.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (res: Raw): Buffer => {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body);
  if (encoding === 'gzip') return gunzipSync(res.body);
  return res.body;
};

/** Each page carries a fresh CSP nonce; the rest of it must be byte for byte the same. */
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

const largestScript = () => {
  const dir = fileURLToPath(new URL('../../web/build/client/_app/immutable/chunks/', import.meta.url));
  const [largest] = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort((a, b) => statSync(dir + b).size - statSync(dir + a).size);
  return `/_app/immutable/chunks/${largest!}`;
};

describe('compression in the local gateway', () => {
  it.each([
    ['an API answer', '/api/boards/feature-requests/posts'],
    ['a static script', 'script'],
  ])('sends %s as br, or gzip, decoding to the identity body', async (_, where) => {
    const path = where === 'script' ? largestScript() : where;
    const plain = await get(path);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.body.byteLength).toBeGreaterThan(1024);

    for (const [accept, expected] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['br;q=0.1, gzip', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['*', 'br'],
    ] as const) {
      const res = await get(path, { 'accept-encoding': accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(expected);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(Number(res.headers['content-length']), accept).toBe(res.body.byteLength);
      expect(res.body.byteLength, accept).toBeLessThan(plain.body.byteLength);
      expect(decode(res).equals(plain.body), accept).toBe(true);
    }
  });

  it('sends a page compressed, the same page once decoded', async () => {
    const plain = await get('/b/feature-requests');
    const br = await get('/b/feature-requests', { 'accept-encoding': 'br, gzip' });
    const gz = await get('/b/feature-requests', { 'accept-encoding': 'gzip' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/html/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const res of [plain, br, gz]) expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(br.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
    expect(withoutNonces(decode(br).toString('utf8'))).toBe(withoutNonces(plain.body.toString('utf8')));
    expect(withoutNonces(decode(gz).toString('utf8'))).toBe(withoutNonces(plain.body.toString('utf8')));
  });

  it('leaves identity, HEAD and small bodies uncompressed', async () => {
    const path = '/api/boards/feature-requests/posts';
    for (const accept of ['identity', 'br;q=0, gzip;q=0', '']) {
      const res = await get(path, accept ? { 'accept-encoding': accept } : {});
      expect(res.headers['content-encoding'], accept).toBeUndefined();
      expect(JSON.parse(res.body.toString('utf8')), accept).toHaveProperty('posts');
    }
    const head = await get(path, { 'accept-encoding': 'br, gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    expect(head.headers.vary).toMatch(/accept-encoding/i);

    const small = await get('/api/boards/no-such-board', { 'accept-encoding': 'br, gzip' });
    expect(small.body.byteLength).toBeLessThan(1024);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(small.body.toString('utf8'))).toBeTypeOf('object');
  });

  it('picks br over gzip whatever the order, and nothing the client refused', () => {
    expect(chooseEncoding('gzip, br')).toBe('br');
    expect(chooseEncoding('gzip;q=1.0, br;q=0.5')).toBe('br');
    expect(chooseEncoding('deflate')).toBeUndefined();
    expect(chooseEncoding('*;q=0')).toBeUndefined();
    expect(chooseEncoding('identity, *;q=0')).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('GZIP')).toBe('gzip');
  });
});
