/**
 * The local stand-in for CloudFront + API Gateway: `/api/*` goes to the API Lambda handler, hashed and
 * static assets come from the web build's client folder (S3 on AWS), everything else goes to the
 * SvelteKit Lambda handler. Both handlers are the functions CDK deploys, fed the same events.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { readBody, toApiGatewayEvent, writeResult } from './apigw-event.ts';

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
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (
          (req.method === 'GET' || req.method === 'HEAD') &&
          !path.startsWith('/api/') &&
          serveStatic(staticRoot, path, res)
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
        writeResult(res, await handler(event));
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

function serveStatic(root: string, path: string, res: ServerResponse): boolean {
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
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    // As CloudFront's security-headers policy adds on AWS.
    'x-content-type-options': 'nosniff',
  });
  createReadStream(file).pipe(res);
  return true;
}
