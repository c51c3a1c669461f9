/**
 * Staff downloads: a board's posts (CSV or JSON) and a post's voters (CSV). Each is an async generator
 * that reads one page of the store at a time and yields text as it goes: a board of 10,000 posts holds
 * 100 of them in memory, and a reader who stops early (a closed download) stops the reads too.
 */
import type { Actor, Post, PostKind, PostStatus } from '../domain/types.ts';
import { listIds } from '../domain/lists.ts';
import { boardSlugSchema, parseInput } from '../domain/schemas.ts';
import { csvRecord } from '../domain/csv.ts';
import type { Voter } from '../domain/views.ts';
import type { BoardStore, PostStore } from '../ports/index.ts';
import { requireStaff } from './policy.ts';
import { requireBoard } from './posts/access.ts';
import { demandOf } from './posts/present.ts';
import type { DemandService } from './demand-service.ts';

/** Posts per read: one Query of the board's list, then one BatchGet (its most keys) of the posts. */
const PAGE_SIZE = 100;

export interface PostExportRow {
  id: string;
  title: string;
  status: PostStatus;
  kind: PostKind;
  votes: number;
  companies: number;
  mrr: number;
  tags: string[];
  link: string;
  createdAt: string;
}

export const POST_CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'kind',
  'votes',
  'companies',
  'mrr',
  'tags',
  'link',
  'created_at',
] as const;

export const VOTER_CSV_COLUMNS = [
  'name',
  'company',
  'mrr',
  'voted_at',
  'source',
  'added_by',
  'note',
] as const;

export interface ExportServiceDeps {
  boards: BoardStore;
  posts: PostStore;
  demand: DemandService;
  /** The public origin the links in an export point at. */
  siteUrl: string;
}

export class ExportService {
  private readonly origin: string;

  constructor(private readonly deps: ExportServiceDeps) {
    this.origin = deps.siteUrl.replace(/\/+$/, '');
  }

  /** Every post on a board (merged ones have left its list), newest first. */
  async *boardPosts(actor: Actor, boardSlug: string): AsyncGenerator<PostExportRow> {
    requireStaff(actor, 'export a board');
    const slug = parseInput(boardSlugSchema, boardSlug);
    await requireBoard(this.deps, slug, actor);
    let cursor: string | undefined;
    do {
      const page = await this.deps.posts.list({
        listId: listIds.board(slug),
        sort: 'new',
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      for (const post of page.items) yield this.row(post);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  boardCsv(actor: Actor, boardSlug: string): AsyncGenerator<string> {
    return csvLines(POST_CSV_COLUMNS, this.boardPosts(actor, boardSlug), (r) => [
      r.id,
      r.title,
      r.status,
      r.kind,
      r.votes,
      r.companies,
      r.mrr,
      r.tags.join(';'),
      r.link,
      r.createdAt,
    ]);
  }

  boardJson(actor: Actor, boardSlug: string): AsyncGenerator<string> {
    return jsonArray(this.boardPosts(actor, boardSlug));
  }

  /** A post's voters, oldest vote first; staff only (DemandService.allVoters checks). */
  votersCsv(actor: Actor, postId: string): AsyncGenerator<string> {
    return csvLines(VOTER_CSV_COLUMNS, this.deps.demand.allVoters(actor, postId), (v: Voter) => [
      v.name,
      v.company?.name,
      v.company?.mrr,
      v.votedAt,
      v.source,
      v.onBehalf?.byName,
      v.onBehalf?.note,
    ]);
  }

  private row(post: Post): PostExportRow {
    const demand = demandOf(post);
    return {
      id: post.id,
      title: post.title,
      status: post.status,
      kind: post.kind,
      votes: post.voteCount,
      companies: demand.companies,
      mrr: demand.mrr,
      tags: post.tags,
      link: `${this.origin}/p/${post.id}`,
      createdAt: post.createdAt,
    };
  }
}

/**
 * A header line, then a line a row. The first row is read before the header is yielded, so that a
 * refusal (not staff, no such board) comes before any text: a download either starts whole or not at all.
 */
export async function* csvLines<T>(
  columns: readonly string[],
  rows: AsyncIterable<T>,
  cells: (row: T) => readonly (string | number | null | undefined)[],
): AsyncGenerator<string> {
  const iterator = rows[Symbol.asyncIterator]();
  try {
    let next = await iterator.next();
    yield csvRecord(columns);
    for (; !next.done; next = await iterator.next()) yield csvRecord(cells(next.value));
  } finally {
    // A reader that stopped early: the row source stops too, and reads no further page.
    await iterator.return?.();
  }
}

/** `[`, the rows one by one with commas between, `]`; the first row is read first, as in csvLines. */
export async function* jsonArray<T>(rows: AsyncIterable<T>): AsyncGenerator<string> {
  const iterator = rows[Symbol.asyncIterator]();
  try {
    let next = await iterator.next();
    yield '[';
    for (let first = true; !next.done; next = await iterator.next(), first = false) {
      yield `${first ? '' : ','}\n${JSON.stringify(next.value)}`;
    }
    yield '\n]\n';
  } finally {
    await iterator.return?.();
  }
}
