/**
 * Adapts SvelteKit's Server to API Gateway HTTP API (payload 2.0) events: the request URL's scheme and
 * host come from the forwarding headers, so origin checks and redirects see the address the visitor
 * used; each Set-Cookie becomes its own entry in `cookies`; binary bodies travel base64-encoded. Before
 * SvelteKit sees a request, it refuses what pages never take: requests around CloudFront (on AWS),
 * methods other than GET, HEAD and POST, and bodies larger than any form of ours.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Server as KitServer, SSRManifest } from '@sveltejs/kit';
import { clientAddress, ORIGIN_VERIFY_HEADER, viaOurCloudFront } from '../../shared/http/client-address.ts';
import { originSecretFromEnv } from '../../shared/runtime/config.ts';

type ServerClass = new (manifest: SSRManifest) => KitServer;

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+json|[^;]*\+xml|image\/svg\+xml)/i;

/**
 * The largest page request body. Pages take forms only, no uploads; the largest valid one is a new post
 * (10,000 characters of details), which URL-encoded takes up to 9 bytes a character (CJK: 3 UTF-8 bytes,
 * each written %XX), about 90 KB. The JSON API's limit is 64 KB, where the same text is 30 KB.
 */
export const MAX_PAGE_BODY_BYTES = 128 * 1024;

/** Pages and their endpoints answer these; Request cannot even carry some others (TRACE, CONNECT). */
const PAGE_METHODS = new Set(['GET', 'HEAD', 'POST']);

export interface SvelteKitHandlerOptions {
  /**
   * CloudFront's origin secret; set on AWS only (see shared/http/client-address.ts). Unset, it is read
   * from the environment at each request, where `loadSecrets()` puts a rotated one.
   */
  originSecret?: string;
}

export async function createSvelteKitHandler(
  Server: ServerClass,
  manifest: SSRManifest,
  options: SvelteKitHandlerOptions = {},
) {
  const server = new Server(manifest);
  await server.init({ env: process.env as Record<string, string> });

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const originSecret = options.originSecret ?? originSecretFromEnv();
    const refused = refusal(event, originSecret);
    if (refused) return refused;
    const response = await server.respond(toRequest(event), {
      getClientAddress: () => clientAddress(event, originSecret),
    });
    return toResult(response);
  };
}

function refusal(
  event: APIGatewayProxyEventV2,
  originSecret: string | undefined,
): APIGatewayProxyStructuredResultV2 | undefined {
  // On AWS only CloudFront knows the secret: without it, the request came to the execute-api URL.
  if (originSecret && !viaOurCloudFront(event, originSecret)) {
    return plainAnswer(403, 'Forbidden: open the site at its own address.');
  }
  const method = event.requestContext.http.method.toUpperCase();
  if (!PAGE_METHODS.has(method)) {
    return plainAnswer(405, `${method} is not allowed here; use GET, HEAD or POST.`, {
      allow: 'GET, HEAD, POST',
    });
  }
  const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (size > MAX_PAGE_BODY_BYTES) {
    return plainAnswer(
      413,
      `Request too large: a form may send at most ${MAX_PAGE_BODY_BYTES / 1024} KB, this one sent ${Math.ceil(size / 1024)} KB.`,
    );
  }
  return undefined;
}

const plainAnswer = (
  status: number,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  },
  body: `${message}\n`,
  isBase64Encoded: false,
});

export function toRequest(event: APIGatewayProxyEventV2): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {}))
    // The origin secret has done its work by now; the app (and anything it logs) never needs it.
    if (value !== undefined && name.toLowerCase() !== ORIGIN_VERIFY_HEADER) headers.set(name, value);
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  const proto = (headers.get('x-forwarded-proto') ?? 'https').split(',')[0]?.trim() ?? 'https';
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? event.requestContext.domainName;
  const url = `${proto}://${host}${event.rawPath}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
  const method = event.requestContext.http.method;
  const hasBody = method !== 'GET' && method !== 'HEAD' && event.body !== undefined;
  return new Request(url, {
    method,
    headers,
    body: hasBody ? Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8') : undefined,
  });
}

export async function toResult(response: Response): Promise<APIGatewayProxyStructuredResultV2> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const contentType = response.headers.get('content-type') ?? '';
  const binary = contentType !== '' && !TEXT_TYPES.test(contentType);
  const body = binary ? Buffer.from(await response.arrayBuffer()).toString('base64') : await response.text();
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length ? { cookies } : {}),
    body,
    isBase64Encoded: binary,
  };
}
