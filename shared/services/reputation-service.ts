/**
 * Reputation as people read it: a person's standing (points, trust level, badges, a champion mark),
 * their history, and the champions page; staff mark and unmark champions. Nothing here computes points:
 * the transactions that record votes, acceptances, ships and featurings do (adapters/dynamodb/
 * reputation-items.ts), so every read is a few requests whatever the history's length.
 */
import { NotFoundError } from '../domain/errors.ts';
import {
  badgesOf,
  CHAMPION_TERM_DAYS,
  trustLevel,
  type ChampionMark,
  type ReputationCounters,
  type TrustLevel,
} from '../domain/reputation.ts';
import {
  CHAMPIONS_RANKED,
  championMarkSchema,
  championsQuerySchema,
  reputationHistoryQuerySchema,
  type Champions,
  type ReputationHistory,
  type ReputationProfile,
} from '../domain/reputation-schemas.ts';
import { parseInput, userIdSchema } from '../domain/schemas.ts';
import { isStaff, type Actor, type User } from '../domain/types.ts';
import { namesItsAuthor } from '../domain/consent.ts';
import type { BoardStore, Clock, HistoryPost, ReputationStore, UserStore } from '../ports/index.ts';
import { canSeeBoard, requireStaff } from './policy.ts';

const EMPTY: ReputationCounters = {
  reputation: 0,
  acceptedAnswers: 0,
  ideasShipped: 0,
  storiesFeatured: 0,
  helpStreak: { lastDay: '', days: 0, longest: 0 },
};

/** What is shown next to a name: points and trust level. */
export interface Standing {
  reputation: number;
  trust: TrustLevel;
}

export class ReputationService {
  constructor(
    private readonly deps: {
      users: UserStore;
      reputation: ReputationStore;
      boards: Pick<BoardStore, 'list'>;
      clock: Clock;
    },
  ) {}

  async profile(_actor: Actor, userId: string): Promise<ReputationProfile> {
    const id = parseInput(userIdSchema, userId);
    const [user, counters, mark] = await Promise.all([
      this.deps.users.get(id),
      this.deps.reputation.countersOf([id]),
      this.deps.reputation.mark(id),
    ]);
    if (!user) throw new NotFoundError('User');
    const c = counters.get(id) ?? EMPTY;
    const now = this.deps.clock.now();
    return {
      userId: id,
      reputation: c.reputation,
      trust: trustLevel({ ...user, reputation: c.reputation }, now),
      badges: badgesOf(c),
      ...(mark && Date.parse(mark.until) > now.getTime() ? { champion: mark } : {}),
      counters: c,
    };
  }

  /**
   * Public, as points are; but a line tells nothing of what it is about (no title, post, comment or
   * giver) when its content is hidden, withheld by the moderators or gone (except to staff and the
   * person themself), when its post is on a board the reader may not see, or when it is a story whose
   * consent does not name its author (except to the author and staff): the line would tie the story to
   * them. What a hidden or restored line is about is for the person themself and staff only.
   */
  async history(actor: Actor, userId: string, query: unknown): Promise<ReputationHistory> {
    const id = parseInput(userIdSchema, userId);
    const { limit, cursor } = parseInput(reputationHistoryQuerySchema, query);
    const user = await this.deps.users.get(id);
    if (!user) throw new NotFoundError('User');
    const [page, boards] = await Promise.all([
      this.deps.reputation.history(id, limit ?? 20, cursor),
      this.deps.boards.list(),
    ]);
    const staff = isStaff(actor);
    const self = actor.kind === 'user' && actor.user.id === id;
    const seen = new Set(boards.filter((b) => canSeeBoard(actor, b)).map((b) => b.slug));
    const shown = (hidden: boolean, post: HistoryPost | null) =>
      post !== null &&
      seen.has(post.boardSlug) &&
      (staff || self || !hidden) &&
      (staff || self || namesItsAuthor(post));
    // What of theirs was hidden or restored is between them and staff (no public shaming): others read
    // only that points went or came back.
    const aboutModeration = (reason: string) => reason === 'contentHidden' || reason === 'contentRestored';
    return {
      events: page.items.map(({ hidden, post, ...e }) => {
        if (shown(hidden, post) && (staff || self || !aboutModeration(e.reason))) return e;
        const { commentId: _comment, fromUserId: _from, ...rest } = e;
        return { ...rest, postId: '', title: '' };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The month's (or all time's) top customers, and everyone staff have marked, mark still current. */
  async champions(_actor: Actor, query: unknown): Promise<Champions> {
    const { period, month } = parseInput(championsQuerySchema, query);
    const now = this.deps.clock.now();
    const key = period === 'all' ? 'ALL' : (month ?? now.toISOString().slice(0, 7));
    const [rows, marks] = await Promise.all([
      this.deps.reputation.ranked(key, CHAMPIONS_RANKED),
      this.deps.reputation.marks(),
    ]);
    const current = marks.filter((m) => Date.parse(m.until) > now.getTime());
    const ids = [...rows.map((r) => r.userId), ...current.map((m) => m.userId)];
    const [users, counters] = await Promise.all([
      this.deps.users.getMany(ids),
      this.deps.reputation.countersOf(rows.map((r) => r.userId)),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return {
      period,
      ...(period === 'month' ? { month: key } : {}),
      marked: current.flatMap(({ userId, ...mark }) => {
        const user = byId.get(userId);
        return user ? [{ userId, name: user.name, mark }] : [];
      }),
      ranked: rows.flatMap((r) => {
        const user = byId.get(r.userId);
        if (!user) return [];
        const c = counters.get(r.userId) ?? EMPTY;
        return [
          {
            userId: r.userId,
            name: user.name,
            points: r.points,
            trust: trustLevel({ ...user, reputation: c.reputation }, now),
            badges: badgesOf(c),
          },
        ];
      }),
    };
  }

  /** Staff recognise a member for a year (CHAMPION_TERM_DAYS); marking again starts a new term. */
  async markChampion(actor: Actor, userId: string, input: unknown): Promise<ChampionMark> {
    const by = requireStaff(actor, 'mark champions');
    const id = parseInput(userIdSchema, userId);
    const { reason } = parseInput(championMarkSchema, input);
    if (!(await this.deps.users.get(id))) throw new NotFoundError('User');
    const since = this.deps.clock.now();
    const mark: ChampionMark = {
      reason,
      since: since.toISOString(),
      until: new Date(since.getTime() + CHAMPION_TERM_DAYS * 86_400_000).toISOString(),
      byId: by.id,
      byName: by.name,
    };
    await this.deps.reputation.setMark(id, mark);
    return mark;
  }

  async unmarkChampion(actor: Actor, userId: string): Promise<void> {
    requireStaff(actor, 'unmark champions');
    const id = parseInput(userIdSchema, userId);
    await this.deps.reputation.setMark(id, null);
  }

  /** Points and trust for names shown together (a page's comment authors): one BatchGetItem. */
  async standings(users: readonly Pick<User, 'id' | 'role' | 'createdAt'>[]): Promise<Map<string, Standing>> {
    const counters = await this.deps.reputation.countersOf(users.map((u) => u.id));
    const now = this.deps.clock.now();
    return new Map(
      users.map((u) => {
        const reputation = counters.get(u.id)?.reputation ?? 0;
        return [u.id, { reputation, trust: trustLevel({ ...u, reputation }, now) }];
      }),
    );
  }
}
