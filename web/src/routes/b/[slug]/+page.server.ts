import type { Actions, PageServerLoad } from './$types';
import { POST_STATUSES, type PostStatus } from '$shared/domain/types.ts';
import type { PostSummary } from '$shared/services/post-service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { voteActions } from '$lib/server/vote-actions.ts';

const SORTS = ['trending', 'top', 'new'] as const;
/** Merged posts leave every list, so filtering by "merged" would always come back empty. */
const FILTER_STATUSES = POST_STATUSES.filter((s): s is Exclude<PostStatus, 'merged'> => s !== 'merged');
const SEARCH_LIMIT = 30;

/** A query parameter if it is one of the allowed values: a hand-edited URL degrades, it does not fail. */
function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

export const load: PageServerLoad = async ({ params, url, locals }) => {
  const { services } = runtime();
  const actor = locals.actor;
  const [board, tags] = await Promise.all([
    loadOrError(() => services.boards.get(actor, params.slug)),
    services.boards.tags(actor),
  ]);
  const sp = url.searchParams;
  const filters = {
    sort: pick(sp.get('sort'), SORTS) ?? 'trending',
    status: pick(sp.get('status'), FILTER_STATUSES),
    kind: board.kinds.length > 1 ? pick(sp.get('kind'), board.kinds) : undefined,
    tag: pick(
      sp.get('tag'),
      tags.map((t) => t.slug),
    ),
    q: (sp.get('q') ?? '').trim().slice(0, 200),
  };
  const cursor = sp.get('cursor') || undefined;

  let posts: PostSummary[];
  let nextCursor: string | null = null;
  if (filters.q) {
    // Search has no cursor: the best matches, then the filters applied to them.
    const found = await loadOrError(() =>
      services.posts.search(actor, { q: filters.q, board: board.slug, limit: SEARCH_LIMIT }),
    );
    posts = found.filter(
      (p) =>
        (!filters.status || p.status === filters.status) &&
        (!filters.kind || p.kind === filters.kind) &&
        (!filters.tag || p.tags.includes(filters.tag)),
    );
  } else {
    const { sort, status, kind, tag } = filters;
    const list = await loadOrError(() =>
      services.posts.list(actor, board.slug, { sort, status, kind, tag, cursor }),
    );
    posts = list.posts;
    nextCursor = list.nextCursor;
  }
  return {
    board,
    tags,
    statuses: FILTER_STATUSES,
    filters,
    posts,
    nextCursor,
    paged: !!cursor && !filters.q,
  };
};

export const actions: Actions = { ...voteActions };
