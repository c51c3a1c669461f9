import type { Actions, PageServerLoad } from './$types';
import { boardWording } from '$shared/domain/board-kinds.ts';
import { isStaff } from '$shared/domain/types.ts';
import type { PostSummary } from '$shared/services/post-service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { voteActions } from '$lib/server/vote-actions.ts';
import { firstThisVisit } from '$lib/server/visit-once.ts';

const SORTS = ['trending', 'top', 'new'] as const;
/** Staff also sort by demand; for anyone else these are unknown values, so the page falls back to trending. */
const STAFF_SORTS = [...SORTS, 'mrr', 'companies'] as const;
const ANSWERED = ['yes', 'no'] as const;
const SEARCH_LIMIT = 30;

/** A query parameter if it is one of the allowed values: a hand-edited URL degrades, it does not fail. */
function pick<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

/** A demand threshold: a whole number from 0, or nothing (a blank or hand-mangled value is dropped). */
function threshold(value: string | null): string | undefined {
  const trimmed = value?.trim() ?? '';
  return /^\d{1,12}$/.test(trimmed) ? String(Number(trimmed)) : undefined;
}

/** A query as the visit remembers it: "Dark  Mode" and "dark mode" are one search. */
const normalised = (q: string) => q.toLowerCase().replace(/\s+/g, ' ');

export const load: PageServerLoad = async ({ params, url, locals, cookies }) => {
  const { services, config } = runtime();
  const actor = locals.actor;
  const sp = url.searchParams;
  const q = (sp.get('q') ?? '').trim().slice(0, 200);
  // A search needs neither the board's kinds nor the tags (its filters apply after it), so it runs with
  // their reads. A missing or hidden board still answers 404 first; the search is then dropped.
  const searching = q
    ? loadOrError(() => services.posts.search(actor, { q, board: params.slug, limit: SEARCH_LIMIT }))
    : undefined;
  searching?.catch(() => {});
  const [board, tags] = await Promise.all([
    loadOrError(() => services.boards.get(actor, params.slug)),
    services.boards.tags(actor),
  ]);
  // Only the statuses that make sense for the board's kinds (merged posts leave every list anyway).
  const wording = boardWording(board.kinds);
  const staff = isStaff(actor);
  const filters = {
    sort: pick(sp.get('sort'), staff ? STAFF_SORTS : SORTS) ?? 'trending',
    // Strings, as the URL and the form hold them; numbers only for the service.
    minMrr: staff ? threshold(sp.get('minMrr')) : undefined,
    minCompanies: staff ? threshold(sp.get('minCompanies')) : undefined,
    status: pick(sp.get('status'), wording.statuses),
    answered: undefined as (typeof ANSWERED)[number] | undefined,
    kind: board.kinds.length > 1 ? pick(sp.get('kind'), board.kinds) : undefined,
    tag: pick(
      sp.get('tag'),
      tags.map((t) => t.slug),
    ),
    q,
  };
  // Only questions are answered: with another kind picked, the filter is dropped (as an unknown value is).
  if (wording.answers && (!filters.kind || filters.kind === 'question')) {
    filters.answered = pick(sp.get('answered'), ANSWERED);
  }
  const cursor = sp.get('cursor') || undefined;
  // Answered and unanswered questions are lists of their own; the demand orders read the board's own
  // list, which cannot say, so there the page's posts are filtered instead (a page may come back short).
  const demandOrder =
    filters.sort === 'mrr' || filters.sort === 'companies' || !!filters.minMrr || !!filters.minCompanies;
  const filterAfter = !!filters.answered && (!!searching || demandOrder);

  let posts: PostSummary[];
  let nextCursor: string | null = null;
  if (searching) {
    // Search has no cursor: the best matches, then the filters applied to them. The search counts once
    // per visit and query (analytics, issue 18): a reload or another filter is the same search.
    const counting = firstThisVisit(cookies, `s:${board.slug}:${normalised(q)}`, config.secureCookies)
      ? services.analytics.searched(actor)
      : undefined;
    const [found] = await Promise.all([searching, counting]);
    posts = found.filter(
      (p) =>
        (!filters.status || p.status === filters.status) &&
        (!filters.kind || p.kind === filters.kind) &&
        (!filters.tag || p.tags.includes(filters.tag)) &&
        (p.demand?.mrr ?? 0) >= Number(filters.minMrr ?? 0) &&
        (p.demand?.companies ?? 0) >= Number(filters.minCompanies ?? 0),
    );
  } else {
    const { sort, status, kind, tag, minMrr, minCompanies } = filters;
    const answered = filterAfter ? undefined : filters.answered;
    // The board just read is passed on, so that the list does not read it again.
    const list = await loadOrError(() =>
      services.posts.list(
        actor,
        board.slug,
        { sort, status, kind, tag, minMrr, minCompanies, answered, cursor },
        { board },
      ),
    );
    posts = list.posts;
    nextCursor = list.nextCursor;
  }
  if (filterAfter) {
    const answered = filters.answered === 'yes';
    posts = posts.filter((p) => p.kind === 'question' && !!p.acceptedCommentId === answered);
  }
  return {
    board,
    tags,
    statuses: wording.statuses,
    filters,
    /** Demand sorts, thresholds and figures, and the exports: the product team's, never customers'. */
    staff,
    posts,
    nextCursor,
    paged: !!cursor && !filters.q,
  };
};

export const actions: Actions = { ...voteActions };
