/**
 * Who asks for what: a post's voters with their companies, and a company's page (its people, what it
 * asked for, what shipped for it, its open demand). Staff see everything; customers see a board's voters
 * (names and companies, never MRR or how a vote was added) only where an admin allows it.
 */
import type { Actor, Company, Post, User, Vote } from '../domain/types.ts';
import { CLOSED_STATUSES, isStaff } from '../domain/types.ts';
import { NotFoundError, ForbiddenError } from '../domain/errors.ts';
import { companyIdSchema, pageQuerySchema, parseInput } from '../domain/schemas.ts';
import type {
  BoardStore,
  CompanyAsk,
  CompanyStore,
  DemandStore,
  PostStore,
  UserStore,
  VoteStore,
} from '../ports/index.ts';
import { requireStaff } from './policy.ts';
import { requireVisiblePost, visibleTo } from './posts/access.ts';
import { demandOf } from './posts/present.ts';
import type { CompanyPage, Voter, VoterPage } from '../domain/views.ts';

export type { CompanyPage, Voter, VoterPage };

/** The asks a company page reads at most: far beyond any one account's realistic requests. */
const MAX_ASKS = 1_000;
/** People listed on a company page; the page says when there are more. */
const PEOPLE_SHOWN = 100;

export interface DemandServiceDeps {
  boards: BoardStore;
  posts: PostStore;
  votes: VoteStore;
  users: UserStore;
  companies: CompanyStore;
  demand: DemandStore;
}

export class DemandService {
  constructor(private readonly deps: DemandServiceDeps) {}

  /** A page of a post's voters, in account order: the votes partition is keyed by person, not time. */
  /** The ids of the companies behind a post (the digest tells their owners when it moves). */
  async backersOf(actor: Actor, postId: string): Promise<string[]> {
    requireStaff(actor, 'see who asks for a post');
    return (await this.deps.demand.backersOf(postId)).map((ask) => ask.companyId);
  }

  async voters(actor: Actor, postId: string, query: unknown = {}): Promise<VoterPage> {
    const { limit, cursor } = parseInput(pageQuerySchema, query ?? {});
    const { post, board } = await requireVisiblePost(this.deps, actor, postId);
    const staff = isStaff(actor);
    if (!staff && !board.votersVisible) {
      throw new ForbiddenError("Only the product team can see who voted on this board's posts.");
    }
    const page = await this.deps.votes.listByPost(post.id, limit, cursor);
    const [users, companies] = await Promise.all([
      this.deps.users.getMany(page.items.map((v) => v.userId)),
      this.deps.companies.getMany([
        ...new Set(page.items.flatMap((v) => (v.companyId ? [v.companyId] : []))),
      ]),
    ]);
    const userById = new Map(users.map((u) => [u.id, u]));
    const companyById = new Map(companies.map((c) => [c.id, c]));
    return {
      voters: page.items.map((vote) =>
        voterOf(
          vote,
          userById.get(vote.userId),
          vote.companyId ? companyById.get(vote.companyId) : undefined,
          staff,
        ),
      ),
      nextCursor: page.nextCursor,
      ...(staff ? { demand: demandOf(post) } : {}),
    };
  }

  /**
   * Every voter of a post, page by page, for the CSV export: memory holds one page at a time, however
   * many people voted.
   */
  async *allVoters(actor: Actor, postId: string): AsyncGenerator<Voter> {
    requireStaff(actor, 'export voters');
    let cursor: string | undefined;
    do {
      const page = await this.voters(actor, postId, { limit: 100, ...(cursor ? { cursor } : {}) });
      yield* page.voters;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async company(actor: Actor, companyId: string): Promise<CompanyPage> {
    requireStaff(actor, 'see companies');
    const id = parseInput(companyIdSchema, companyId);
    const [stored, people, asks] = await Promise.all([
      this.deps.companies.get(id),
      this.deps.users.listByCompany(id, PEOPLE_SHOWN),
      this.allAsks(id),
    ]);
    if (!stored) throw new NotFoundError('Company');
    const posts = await visibleTo(this.deps, actor, await this.deps.posts.getMany(asks.map((a) => a.postId)));
    const postById = new Map(posts.map((p) => [p.id, p]));
    const entries = asks.flatMap((ask) => {
      const post = postById.get(ask.postId);
      return post && post.status !== 'merged' ? [askView(ask, post)] : [];
    });
    const open = entries.filter((e) => !CLOSED_STATUSES.has(e.post.status));
    return {
      company: stored.company,
      people: people.items.map(personView),
      morePeople: people.nextCursor !== null,
      asks: entries,
      shipped: entries.filter((e) => e.post.status === 'shipped'),
      openDemand: {
        posts: open.length,
        votes: open.reduce((sum, e) => sum + e.voters, 0),
        mrr: stored.company.mrr ?? 0,
      },
    };
  }

  private async allAsks(companyId: string): Promise<CompanyAsk[]> {
    const asks: CompanyAsk[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.deps.demand.asksOf(companyId, 100, cursor);
      asks.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && asks.length < MAX_ASKS);
    return asks;
  }
}

function voterOf(vote: Vote, user: User | undefined, company: Company | undefined, staff: boolean): Voter {
  const base = {
    userId: vote.userId,
    name: user?.name ?? 'Deleted account',
    votedAt: vote.votedAt,
    ...(company
      ? {
          company: {
            id: company.id,
            name: company.name,
            ...(staff && company.mrr !== undefined ? { mrr: company.mrr } : {}),
          },
        }
      : {}),
  };
  if (!staff) return base;
  return {
    ...base,
    source: vote.onBehalf ? 'on_behalf' : 'self',
    ...(vote.onBehalf
      ? { onBehalf: { byId: vote.onBehalf.byId, byName: vote.onBehalf.byName, note: vote.onBehalf.source } }
      : {}),
  };
}

const personView = (user: User) => ({ id: user.id, name: user.name, email: user.email });

function askView(ask: CompanyAsk, post: Post) {
  return {
    post: {
      id: post.id,
      title: post.title,
      boardSlug: post.boardSlug,
      status: post.status,
      voteCount: post.voteCount,
      ...(post.shippedAt ? { shippedAt: post.shippedAt } : {}),
      demand: demandOf(post),
    },
    voters: ask.voters,
    lastVotedAt: ask.lastVotedAt,
  };
}
