/**
 * Adapts SvelteKit's Server to API Gateway HTTP API (payload 2.0) events: the request URL's scheme and
 * host come from the forwarding headers, so origin checks and redirects see the address the visitor
 * used; each Set-Cookie becomes its own entry in `cookies`; binary bodies travel base64-encoded.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Server as KitServer, SSRManifest } from '@sveltejs/kit';
import { clientAddress } from '../../shared/http/client-address.ts';

type ServerClass = new (manifest: SSRManifest) => KitServer;

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+json|[^;]*\+xml|image\/svg\+xml)/i;

export async function createSvelteKitHandler(Server: ServerClass, manifest: SSRManifest) {
  const server = new Server(manifest);
  await server.init({ env: process.env as Record<string, string> });

  return async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
    const response = await server.respond(toRequest(event), {
      getClientAddress: () => clientAddress(event),
    });
    return toResult(response);
  };
}

export function toRequest(event: APIGatewayProxyEventV2): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers.set(name, value);
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
