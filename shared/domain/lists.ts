/**
 * The lists a post appears in. Every list a page can show (a board by status, kind or tag, the roadmap
 * columns, the changelog, a board's answered or unanswered questions) is a set of small entry items in
 * the table, so that each list is one Query on an index, whatever the size of the board. A post belongs
 * to at most 5 + MAX_TAGS lists (a question: answered or unanswered, but no roadmap or changelog lists
 * unless planned or shipped); its entries change with its status, its tags and its accepted answer.
 *
 * An entry carries a sort key only for the orders its list is read in: the board lists offer new, top
 * and trending; the roadmap columns are read by votes only; the changelog by shipping time only.
 *
 * Votes and exactness. Moving an entry in a sorted index costs write units, so only the board's own list
 * (`B#<board>`) holds exact counts, updated in the vote's transaction. Every other entry holds its post's
 * count and score rounded down to a rank bucket (rank-buckets.ts), rewritten after the vote and only when
 * the bucket changes. A page of such a list is re-sorted by the posts' exact figures once they are read,
 * so each page is exactly ordered; across a page boundary the order is exact to within a bucket (a post
 * on page 2 may have a few more votes than one at the end of page 1, never a higher bucket). An entry
 * whose rewrite failed lags by a bucket until the next crossing or `npm run repair:lists`.
 */
import { rankTrend, rankVotes } from './rank-buckets.ts';
import { isPublic } from './consent.ts';
import type { Post, PostKind, PostStatus } from './types.ts';

export const MAX_TAGS = 5;

export interface ListFilter {
  status?: PostStatus;
  kind?: PostKind;
  tag?: string;
  /** Questions with (true) or without (false) an accepted answer: a list of its own, never residual. */
  answered?: boolean;
}

export type ListId = string;

export const listIds = {
  board: (board: string): ListId => `B#${board}`,
  boardStatus: (board: string, status: PostStatus): ListId => `B#${board}#S#${status}`,
  boardKind: (board: string, kind: PostKind): ListId => `B#${board}#K#${kind}`,
  boardTag: (board: string, tag: string): ListId => `B#${board}#T#${tag}`,
  /** A board's questions with an accepted answer, or without one: moved by the acceptance itself. */
  boardAnswered: (board: string, answered: boolean): ListId =>
    `B#${board}#A#${answered ? 'answered' : 'unanswered'}`,
  /** Across boards: the roadmap's columns. */
  status: (status: PostStatus): ListId => `S#${status}`,
  /** Shipped posts across boards, ordered by when they shipped. */
  changelog: (): ListId => 'CHANGELOG',
  /** Every story, whatever its consent: marketing's workspace (staff only). */
  stories: (): ListId => 'STORIES',
  /** Featured stories with an approved quote that their consent lets out: the public wall, by featuring. */
  wall: (): ListId => 'WALL',
};

/** The statuses the roadmap shows, one column each; other statuses have no list across boards. */
export const ROADMAP_STATUSES: ReadonlySet<PostStatus> = new Set(['planned', 'in_progress', 'shipped']);

/** How a list's entries hold the figures they sort by: the post's own, or its rank buckets. */
export type Ranking = 'exact' | 'bucketed';

/** What a list entry's ranks are taken from, and the vote sequence they were taken at. */
export type RankFigures = Pick<
  Post,
  'voteCount' | 'trendScore' | 'voteSeq' | 'demandMrr' | 'demandCompanies'
>;

export interface Membership {
  listId: ListId;
  /** The "new" order of this list: the post id (a ULID, so by creation), or the shipping time. */
  newKey: string;
  /** Whether the list is also read by votes (`top`) and by trend score (`trending`). */
  byVotes: boolean;
  byTrend: boolean;
  /** Read by demand (MRR, companies): the board's own list only, for staff. */
  byDemand: boolean;
  ranking: Ranking;
}

/** Only the board's own list is exact: it is the one a vote's transaction keeps in step. */
export function listRanking(listId: ListId): Ranking {
  return /^B#[^#]+$/.test(listId) ? 'exact' : 'bucketed';
}

export function memberships(
  post: Pick<
    Post,
    | 'id'
    | 'boardSlug'
    | 'status'
    | 'kind'
    | 'tags'
    | 'shippedAt'
    | 'createdAt'
    | 'story'
    | 'acceptedCommentId'
    | 'moderation'
  >,
): Membership[] {
  // Held, flagged, hidden or removed content is in no list at all: the withholding and the lists move
  // in one transaction (changeLists), so no page, roadmap, changelog or wall can show it.
  if (post.status === 'merged' || post.moderation) return [];
  if (post.kind === 'story') return storyMemberships(post);
  const boardList = (listId: ListId): Membership => ({
    listId,
    newKey: post.id,
    byVotes: true,
    byTrend: true,
    byDemand: listRanking(listId) === 'exact',
    ranking: listRanking(listId),
  });
  const lists = [
    boardList(listIds.board(post.boardSlug)),
    boardList(listIds.boardStatus(post.boardSlug, post.status)),
    boardList(listIds.boardKind(post.boardSlug, post.kind)),
    ...post.tags.map((tag) => boardList(listIds.boardTag(post.boardSlug, tag))),
  ];
  if (post.kind === 'question') {
    lists.push(boardList(listIds.boardAnswered(post.boardSlug, post.acceptedCommentId !== undefined)));
  }
  if (ROADMAP_STATUSES.has(post.status)) {
    const listId = listIds.status(post.status);
    lists.push({
      listId,
      newKey: post.id,
      byVotes: true,
      byTrend: false,
      byDemand: false,
      ranking: listRanking(listId),
    });
  }
  if (post.status === 'shipped') {
    const listId = listIds.changelog();
    const newKey = `${post.shippedAt ?? post.createdAt}#${post.id}`;
    lists.push({
      listId,
      newKey,
      byVotes: false,
      byTrend: false,
      byDemand: false,
      ranking: listRanking(listId),
    });
  }
  return lists;
}

/**
 * A story is on its board's public lists only while its consent lets it out; it is always in the
 * workspace's list, and on the wall while featured with an approved quote. A narrowed or withdrawn
 * consent therefore takes it out of every public list in the same transaction that records it.
 */
function storyMemberships(post: Parameters<typeof memberships>[0]): Membership[] {
  const plain = (listId: ListId, newKey: string): Membership => ({
    listId,
    newKey,
    byVotes: false,
    byTrend: false,
    byDemand: false,
    ranking: listRanking(listId),
  });
  const lists = [plain(listIds.stories(), post.id)];
  const story = post.story;
  // A story told before consents were asked (no story record) stays where it always was: public.
  if (story && !isPublic(story.consent.level)) return lists;
  const boardList = (listId: ListId): Membership => ({
    listId,
    newKey: post.id,
    byVotes: true,
    byTrend: true,
    byDemand: listRanking(listId) === 'exact',
    ranking: listRanking(listId),
  });
  lists.push(
    boardList(listIds.board(post.boardSlug)),
    boardList(listIds.boardStatus(post.boardSlug, post.status)),
    boardList(listIds.boardKind(post.boardSlug, post.kind)),
    ...post.tags.map((tag) => boardList(listIds.boardTag(post.boardSlug, tag))),
  );
  if (story?.featuredAt && story.proposal?.state === 'approved') {
    lists.push(plain(listIds.wall(), `${story.featuredAt}#${post.id}`));
  }
  return lists;
}

/** The figures an entry sorts by, as the entry holds them: only those its list is read in. */
export function entryRanks(
  m: Membership,
  post: Pick<Post, 'voteCount' | 'trendScore' | 'demandMrr' | 'demandCompanies'>,
): { voteCount?: number; trendScore?: number; demandMrr?: number; demandCompanies?: number } {
  const exact = m.ranking === 'exact';
  return {
    ...(m.byVotes ? { voteCount: exact ? post.voteCount : rankVotes(post.voteCount) } : {}),
    ...(m.byTrend ? { trendScore: exact ? post.trendScore : rankTrend(post.trendScore) } : {}),
    // Always present on the entries that carry them, so that a post no company backs yet still lists.
    ...(m.byDemand ? { demandMrr: post.demandMrr ?? 0, demandCompanies: post.demandCompanies ?? 0 } : {}),
  };
}

/** The demand filters and orders a board offers staff: they read the board's own list. */
export const DEMAND_SORTS = ['mrr', 'companies'] as const;
export type DemandSort = (typeof DEMAND_SORTS)[number];

/**
 * The list a filtered board page reads: the narrowest one its filters name. Any further filters are
 * applied to that list's entries (which carry status, kind and tags).
 */
export function listFor(board: string, filter: ListFilter): { listId: ListId; residual: ListFilter } {
  // Entries do not carry whether their question is answered, so its list is read and the rest filtered
  // (status and tag; a kind other than question is refused before, and question is what it holds).
  if (filter.answered !== undefined) {
    const { answered, kind: _kind, ...residual } = filter;
    return { listId: listIds.boardAnswered(board, answered), residual };
  }
  if (filter.tag) {
    const { tag, ...residual } = filter;
    return { listId: listIds.boardTag(board, tag), residual };
  }
  if (filter.status) {
    const { status, ...residual } = filter;
    return { listId: listIds.boardStatus(board, status), residual };
  }
  if (filter.kind) return { listId: listIds.boardKind(board, filter.kind), residual: {} };
  return { listId: listIds.board(board), residual: {} };
}
