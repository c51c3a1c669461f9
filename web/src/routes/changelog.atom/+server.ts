/** GET /changelog.atom: the changelog as an Atom 1.0 feed, the most recently shipped first. */
import type { RequestHandler } from './$types';
import { ANONYMOUS } from '$shared/domain/types.ts';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { runtime } from '$lib/server/runtime.ts';
import { atomFeed } from '$lib/server/atom.ts';

const FEED_SIZE = 50;

export const GET: RequestHandler = async ({ url }) => {
  const { config, services } = runtime();
  const origin = (config.publicOrigin ?? url.origin).replace(/\/+$/, '');
  // The feed is the same for everyone (and cacheable): read it as an anonymous visitor.
  const { posts } = await services.posts.changelog(ANONYMOUS, { limit: FEED_SIZE });
  const updated = (p: (typeof posts)[number]) => p.shippedAt ?? p.statusChangedAt ?? p.updatedAt;
  const body = atomFeed({
    id: `${origin}/changelog`,
    title: 'Hearth changelog',
    subtitle: 'What we shipped, newest first.',
    updated: posts[0] ? updated(posts[0]) : new Date().toISOString(),
    selfLink: `${origin}/changelog.atom`,
    alternateLink: `${origin}/changelog`,
    author: 'Hearth',
    entries: posts.map((p) => ({
      id: `urn:hearth:post:${p.id}`,
      title: p.title,
      updated: updated(p),
      link: `${origin}/p/${p.id}`,
      html: p.statusNote ? renderMarkdown(p.statusNote.body) : `<p>${escapeHtml(p.title)} has shipped.</p>`,
      ...(p.statusNote ? { author: p.statusNote.byName } : {}),
    })),
  });
  return new Response(body, {
    headers: {
      'content-type': 'application/atom+xml; charset=utf-8',
      'cache-control': 'public, max-age=300',
    },
  });
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
