/**
 * The visitor's IP address for an API Gateway HTTP API event. Behind CloudFront, `sourceIp` is the edge
 * server, so rate limits keyed on it would lump every visitor of one edge together. Our CloudFront
 * Function (infra/edge/viewer-request.js) sets `true-client-ip` to the viewer's address; CloudFront's own
 * `cloudfront-viewer-address` (`ip:port`, IPv6 without brackets) is the second choice.
 *
 * Anyone can send those headers, straight to the execute-api URL or to a local run, so they are believed
 * only on a request that carries the origin secret CloudFront adds to every origin request
 * (`x-origin-verify`, infra/constructs/web-front.ts). Without a configured secret (local runs) they never
 * are; the handlers refuse requests without the secret when one is configured.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';
const TRUE_CLIENT_IP = 'true-client-ip';
const VIEWER_ADDRESS = 'cloudfront-viewer-address';

/** Whether the request came through our CloudFront distribution, which alone knows the origin secret. */
export function viaOurCloudFront(event: APIGatewayProxyEventV2, originSecret: string | undefined): boolean {
  if (!originSecret) return false;
  const sent = headerValue(event.headers, ORIGIN_VERIFY_HEADER);
  if (sent === undefined) return false;
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(sent), digest(originSecret));
}

export function clientAddress(event: APIGatewayProxyEventV2, originSecret: string | undefined): string {
  if (!viaOurCloudFront(event, originSecret)) return event.requestContext.http.sourceIp;
  const direct = headerValue(event.headers, TRUE_CLIENT_IP)?.trim();
  if (direct !== undefined && isIP(direct) !== 0) return direct;
  const viewer = headerValue(event.headers, VIEWER_ADDRESS);
  const ip = viewer === undefined ? undefined : withoutPort(viewer.trim());
  return ip !== undefined && isIP(ip) !== 0 ? ip : event.requestContext.http.sourceIp;
}

// API Gateway lowercases header names today; the lookup does not rely on it.
function headerValue(headers: APIGatewayProxyEventV2['headers'] | undefined, name: string) {
  for (const [key, value] of Object.entries(headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

// The port follows the last colon, which also holds for IPv6 since CloudFront adds no brackets.
function withoutPort(address: string): string {
  const colon = address.lastIndexOf(':');
  const host = colon === -1 ? address : address.slice(0, colon);
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
