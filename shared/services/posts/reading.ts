/** The lists of posts: a board's, the roadmap's columns, the changelog, and search. */
import type { Actor, Post } from '../../domain/types.ts';
import { listFor, listIds } from '../../domain/lists.ts';
import {
  boardSlugSchema,
  listPostsQuerySchema,
  pageQuerySchema,
  parseInput,
  searchQuerySchema,
} from '../../domain/schemas.ts';
import { ValidationError } from '../../domain/errors.ts';
import { isWithheld } from '../../domain/moderation.ts';
import { candidatesFor, rankAnsweredFirst } from '../../search/rank.ts';
import { canSeeBoard, requireStaff } from '../policy.ts';
import { boardView, type BoardView } from '../board-service.ts';
import { settledValue } from '../settled.ts';
import { requireBoard, visibleAmong, visibleTo } from './access.ts';
import { summarize } from './present.ts';
import type { PostList, PostServiceDeps, PostSummary, Roadmap } from './types.ts';

const ROADMAP_COLUMN_SIZE = 50;

/**
 * `known.board`: the board as this request already showed it to the actor (BoardService.get), which is
 * not read again: the board page needs its kinds before it can say what to list.
 */
export async function list(
  deps: PostServiceDeps,
  actor: Actor,
  boardSlug: string,
  query: unknown,
  known: { board?: BoardView } = {},
): Promise<PostList> {
  const slug = parseInput(boardSlugSchema, boardSlug);
  const { sort, limit, cursor, minMrr, minCompanies, answered, ...rest } = parseInput(
    listPostsQuerySchema,
    query,
  );
  const byDemand =
    sort === 'mrr' || sort === 'companies' || minMrr !== undefined || minCompanies !== undefined;
  if (byDemand) requireStaff(actor, 'sort or filter by demand');
  const filter = { ...rest, ...answeredFilter(answered, rest.kind, byDemand) };
  // Only the board's own list carries demand: by demand, every other filter is applied to its entries.
  const { listId, residual } = byDemand
    ? { listId: listIds.board(slug), residual: filter }
    : listFor(slug, filter);
  const demandAtLeast = {
    ...(minMrr !== undefined ? { mrr: minMrr } : {}),
    ...(minCompanies !== undefined ? { companies: minCompanies } : {}),
  };
  // The list is read with the board, not after it; a missing or hidden board answers 404 all the same.
  const [boardRead, pageRead] = await Promise.allSettled([
    known.board?.slug === slug
      ? known.board
      : requireBoard(deps, slug, actor).then((board) => boardView(actor, board)),
    deps.posts.list({ listId, sort, limit, cursor, residual, demandAtLeast }),
  ]);
  const board = settledValue(boardRead);
  const page = settledValue(pageRead);
  return { board, posts: await summarize(deps, actor, page.items), nextCursor: page.nextCursor };
}

/**
 * Whether to list answered or unanswered questions. Those are lists of their own, which the board's
 * demand order cannot narrow (its entries do not say) and which hold questions only.
 */
function answeredFilter(
  answered: 'yes' | 'no' | undefined,
  kind: string | undefined,
  byDemand: boolean,
): { answered?: boolean } {
  if (answered === undefined) return {};
  if (kind !== undefined && kind !== 'question') {
    throw new ValidationError({
      answered: 'Only questions are answered: leave out kind, or ask for questions.',
    });
  }
  if (byDemand) {
    throw new ValidationError({ answered: 'Answered cannot be combined with a demand sort or threshold.' });
  }
  return { answered: answered === 'yes' };
}

export async function roadmap(deps: PostServiceDeps, actor: Actor): Promise<Roadmap> {
  const column = (status: 'planned' | 'in_progress' | 'shipped') =>
    deps.posts.list({ listId: listIds.status(status), sort: 'top', limit: ROADMAP_COLUMN_SIZE });
  const [planned, inProgress, shipped] = await Promise.all([
    column('planned'),
    column('in_progress'),
    column('shipped'),
  ]);
  const summaries = await summarize(
    deps,
    actor,
    await visibleTo(deps, actor, [...planned.items, ...inProgress.items, ...shipped.items]),
  );
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const pick = (posts: Post[]) => posts.flatMap((p) => byId.get(p.id) ?? []);
  return {
    planned: pick(planned.items),
    in_progress: pick(inProgress.items),
    shipped: pick(shipped.items),
  };
}

/** Shipped posts, the most recently shipped first. */
export async function changelog(
  deps: PostServiceDeps,
  actor: Actor,
  query: unknown,
): Promise<{ posts: PostSummary[]; nextCursor: string | null }> {
  const { limit, cursor } = parseInput(pageQuerySchema, query);
  const page = await deps.posts.list({ listId: listIds.changelog(), sort: 'new', limit, cursor });
  return {
    posts: await summarize(deps, actor, await visibleTo(deps, actor, page.items)),
    nextCursor: page.nextCursor,
  };
}

/** Full-text search; also what the new-post form asks while the title is being typed. */
export async function search(deps: PostServiceDeps, actor: Actor, query: unknown): Promise<PostSummary[]> {
  const { q, board, limit } = parseInput(searchQuerySchema, query);
  // Boards the actor may not see are left out before the index ranks and cuts to the limit: filtered
  // after, a hidden match would show as a shorter page, and its existence in what limit=1 and
  // limit=2 return.
  const all = await deps.boards.list();
  const boards = all
    .filter((b) => canSeeBoard(actor, b) && (board === undefined || b.slug === board))
    .map((b) => b.slug);
  if (boards.length === 0) return [];
  // More hits than asked for, so that an answered question just past the cut can lead (search/rank.ts).
  const hits = await deps.search.search(q, { boards, limit: candidatesFor(limit) });
  if (hits.length === 0) return [];
  const posts = await deps.posts.getMany(hits.map((h) => h.postId));
  // Withheld posts are found by no one, their author and staff included: search is where others look.
  const shown = visibleAmong(
    actor,
    all,
    posts.filter((p) => p.status !== 'merged' && !isWithheld(p)),
  );
  return summarize(deps, actor, rankAnsweredFirst(hits, shown).slice(0, limit));
}
