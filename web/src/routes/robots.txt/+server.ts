/**
 * GET /robots.txt: crawlers are welcome everywhere public, pointed at the sitemap, and kept out of the
 * pages that are someone's own or staff's (they would only meet a sign-in there), and out of the
 * `/go/` links that count a search result or suggestion opened (analytics) on their way to the post.
 */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';

const PRIVATE_PATHS = ['/staff', '/account', '/dev', '/api', '/go/'];

export const GET: RequestHandler = () => {
  const origin = runtime().config.siteUrl.replace(/\/+$/, '');
  const body = [
    'User-agent: *',
    'Allow: /',
    ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
  return new Response(body, {
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
};
