import type { PageServerLoad } from './$types';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { services } = runtime();
  const cursor = url.searchParams.get('cursor') || undefined;
  const [page, boards] = await Promise.all([
    loadOrError(() => services.posts.changelog(locals.actor, { limit: 20, cursor })),
    services.boards.list(locals.actor),
  ]);
  const names = new Map(boards.map((b) => [b.slug, b.name]));
  return {
    entries: page.posts.map((p) => ({
      id: p.id,
      title: p.title,
      boardName: names.get(p.boardSlug) ?? p.boardSlug,
      shippedAt: p.shippedAt ?? p.statusChangedAt ?? p.updatedAt,
      voteCount: p.voteCount,
      noteHtml: p.statusNote ? renderMarkdown(p.statusNote.body) : null,
      noteBy: p.statusNote?.byName ?? null,
    })),
    nextCursor: page.nextCursor,
    paged: !!cursor,
  };
};
