/**
 * GET /sitemap.xml: the public pages for search engines, every post an anonymous visitor may read
 * among them (sitemaps.org protocol). Read as an anonymous visitor, so private boards and stories kept
 * inside the company are left out by the same rules as their pages.
 */
import type { RequestHandler } from './$types';
import { ANONYMOUS } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { xml } from '$lib/server/atom.ts';

/** The protocol's limit for one sitemap file; past it a sitemap index of several files is needed. */
const MAX_URLS = 50_000;
/** The most a board's list answers per page (listPostsQuerySchema). */
const PAGE_SIZE = 100;

interface Entry {
  loc: string;
  lastmod?: string | undefined;
}

export const GET: RequestHandler = async () => {
  const { config, services } = runtime();
  const origin = config.siteUrl.replace(/\/+$/, '');
  // BoardService.list answers an anonymous visitor the public boards that are not archived.
  const boards = await services.boards.list(ANONYMOUS);
  const entries: Entry[] = [
    { loc: `${origin}/` },
    ...boards.map((b) => ({ loc: `${origin}/b/${encodeURIComponent(b.slug)}` })),
    { loc: `${origin}/roadmap` },
    { loc: `${origin}/changelog` },
    { loc: `${origin}/stories` },
  ];
  // Each page is one Query on the board's list, newest first; never a Scan of the table.
  for (const board of boards) {
    let cursor: string | undefined;
    do {
      const page = await services.posts.list(ANONYMOUS, board.slug, {
        sort: 'new',
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      for (const post of page.posts) {
        // A merged post sends its visitors on to the post it became part of: not a page of its own.
        if (post.status === 'merged') continue;
        if (entries.length >= MAX_URLS) break;
        entries.push({ loc: `${origin}/p/${post.id}`, lastmod: w3cDate(post.updatedAt) });
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && entries.length < MAX_URLS);
    if (entries.length >= MAX_URLS) break;
  }
  return new Response(sitemap(entries), {
    headers: {
      'content-type': 'application/xml; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    },
  });
};

function sitemap(entries: readonly Entry[]): string {
  const urls = entries.map(
    (e) =>
      `  <url><loc>${xml(e.loc)}</loc>${e.lastmod ? `<lastmod>${xml(e.lastmod)}</lastmod>` : ''}</url>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('')}</urlset>
`;
}

/** W3C Datetime, as the protocol wants it; a date that does not parse is left out rather than sent wrong. */
function w3cDate(iso: string): string | undefined {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
