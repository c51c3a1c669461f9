/**
 * The visitor's IP address for an API Gateway HTTP API event. Behind CloudFront, `sourceIp` is the edge
 * server, so rate limits keyed on it would lump every visitor of one edge together. Our CloudFront
 * Function (infra/edge/viewer-request.js) sets `true-client-ip` to the viewer's address; CloudFront's own
 * `cloudfront-viewer-address` (`ip:port`, IPv6 without brackets) is the second choice.
 *
 * The headers are only trustworthy because our origin requests come through CloudFront, which sets it.
 * Someone calling the execute-api URL directly can put any address there; that buys them at most fresh
 * per-address buckets, and the per-user limits still apply.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isIP } from 'node:net';

const TRUE_CLIENT_IP = 'true-client-ip';
const VIEWER_ADDRESS = 'cloudfront-viewer-address';

export function clientAddress(event: APIGatewayProxyEventV2): string {
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
