/**
 * The local stand-in for CloudFront + API Gateway: `/api/*` goes to the API Lambda handler, hashed and
 * static assets come from the web build's client folder (S3 on AWS), everything else goes to the
 * SvelteKit Lambda handler. Both handlers are the functions CDK deploys, fed the same events.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readBody, toApiGatewayEvent, writeResult } from './apigw-event.ts';
import {
  compressBody,
  encodingFor,
  mayCompress,
  StaticCompressionCache,
  varyWithAcceptEncoding,
  type ResponseFacts,
} from './compress.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export interface GatewayOptions {
  port: number;
  host?: string;
  apiHandler: HttpHandler;
  webHandler: HttpHandler;
  /** The web build's client folder, served as CloudFront serves it from S3. */
  staticDir: string;
}

// API Gateway's own payload limit; our handlers enforce smaller limits of their own.
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

export function startGateway(opts: GatewayOptions): Promise<Server> {
  const staticRoot = resolve(opts.staticDir);
  const compressed = new StaticCompressionCache();
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (
          (req.method === 'GET' || req.method === 'HEAD') &&
          !path.startsWith('/api/') &&
          (await serveStatic(staticRoot, path, req, res, compressed))
        )
          return;
        const body = await readBody(req, GATEWAY_BODY_LIMIT);
        if (body === null) {
          res
            .writeHead(413, { 'content-type': 'application/json' })
            .end('{"message":"Request Entity Too Large"}');
          return;
        }
        const event = toApiGatewayEvent(req, body, { proto: 'http' });
        const handler = path === '/api' || path.startsWith('/api/') ? opts.apiHandler : opts.webHandler;
        writeResult(res, await compressResult(req, await handler(event)));
      } catch (error) {
        console.error(error);
        // API Gateway answers a crashed integration with this body.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Internal Server Error"}');
      }
    })();
  });
  // Node hands CONNECT to a 'connect' listener, not to the request handler, and without one it just
  // drops the connection. We are no proxy: say so, as for any other method nothing here takes.
  server.on('connect', (_req, socket) => {
    socket.end(
      'HTTP/1.1 405 Method Not Allowed\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE\r\n' +
        'content-type: application/json\r\ncontent-length: 32\r\nconnection: close\r\n\r\n' +
        '{"message":"Method Not Allowed"}',
    );
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolveStart(server));
  });
}

async function serveStatic(
  root: string,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  compressed: StaticCompressionCache,
): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  const file = normalize(join(root, decoded));
  if (!file.startsWith(root + '/')) return false;
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  const immutable = decoded.startsWith('/_app/immutable/');
  const contentType = MIME[extname(file)] ?? 'application/octet-stream';
  const facts = staticFacts(req, contentType);
  const encoding = encodingFor(facts, req.headers['accept-encoding'], stat.size);
  const body = encoding
    ? await compressed.get(file, `${stat.mtimeMs}:${stat.size}`, encoding, () => readFileSync(file))
    : undefined;
  res.writeHead(200, {
    'content-type': contentType,
    'content-length': body?.byteLength ?? stat.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    ...(encoding ? { 'content-encoding': encoding } : {}),
    ...(mayCompress(facts) ? { vary: 'Accept-Encoding' } : {}),
    // As CloudFront's security-headers policy adds on AWS.
    'x-content-type-options': 'nosniff',
  });
  if (body) res.end(body);
  else createReadStream(file).pipe(res);
  return true;
}

const staticFacts = (req: IncomingMessage, contentType: string): ResponseFacts => ({
  method: req.method ?? 'GET',
  status: 200,
  contentType,
  contentEncoding: undefined,
  cacheControl: undefined,
});

/**
 * On AWS CloudFront compresses what the functions answer; here the gateway does, on the result before
 * it is written, so a stale content-length never goes out with a compressed body.
 */
async function compressResult(
  req: IncomingMessage,
  result: APIGatewayProxyStructuredResultV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  const headers = { ...result.headers };
  const header = (name: string) => {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
    return key === undefined ? undefined : String(headers[key]);
  };
  const drop = (name: string) => {
    for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
  };
  const facts: ResponseFacts = {
    method: req.method ?? 'GET',
    status: result.statusCode ?? 200,
    contentType: header('content-type'),
    contentEncoding: header('content-encoding'),
    cacheControl: header('cache-control'),
  };
  if (!mayCompress(facts)) return result;
  const vary = varyWithAcceptEncoding(header('vary'));
  drop('vary');
  headers.vary = vary;
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const encoding = encodingFor(facts, req.headers['accept-encoding'], body.byteLength);
  if (!encoding) return { ...result, headers };
  drop('content-length');
  headers['content-encoding'] = encoding;
  const packed = await compressBody(body, encoding, 'dynamic');
  return { ...result, headers, body: packed.toString('base64'), isBase64Encoded: true };
}
