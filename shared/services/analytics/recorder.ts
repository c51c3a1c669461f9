/**
 * Counting (issue 18): the services that change something call this after their write, and the
 * analytics service calls it for visitors' signals. Each count is one or two UpdateItem ADDs on today's
 * (or the post's creation day's) item; nothing names the visitor. Nothing staff do and nothing while
 * analytics is off is counted; a visitor's signal from a bot is not counted either, but what a person
 * writes (a post, a vote, a comment, an acceptance) is counted whatever their user agent: a script
 * posting through the API for its owner is that person's activity. A failed count is logged and
 * dropped: it never fails the request it follows.
 */
import { isCounted, responseBucket, utcDay, type DayCounters } from '../../domain/analytics.ts';
import { isoWeekOf } from '../../domain/iso-week.ts';
import { isStaff, type Actor, type Comment, type Post, type User } from '../../domain/types.ts';
import type { AnalyticsStore, Clock } from '../../ports/index.ts';
import type { SettingsCache } from './settings-cache.ts';
import type { AnalyticsRecorder } from './types.ts';

type PostRef = Pick<Post, 'id' | 'authorId' | 'createdAt'>;

export interface RecorderDeps {
  analytics: AnalyticsStore;
  clock: Clock;
  settings: SettingsCache;
}

export class Recorder implements AnalyticsRecorder {
  constructor(private readonly deps: RecorderDeps) {}

  postCreated(actor: Actor, post: Pick<Post, 'id' | 'kind' | 'createdAt' | 'authorId'>): Promise<void> {
    return this.safely('postCreated', async () => {
      if (actor.kind !== 'user' || isStaff(actor) || !(await this.enabled())) return;
      const day = utcDay(post.createdAt);
      const active = await this.active(actor.user.id);
      await Promise.all([
        // Only a post counted here has its answer and first response counted (markFirst…).
        this.deps.analytics.markCounted(post.id, this.deps.clock.now().toISOString()),
        this.deps.analytics.count(day, {
          posts: 1,
          ...(post.kind === 'question' ? { questions: 1 } : {}),
          ...active,
        }),
        // The author's own vote, which the post starts with: their unvote takes it back from the week.
        this.deps.analytics.countRequest(isoWeekOf(day), post.id, actor.user.companyId ?? null, 1),
      ]);
    });
  }

  voteChanged(
    voter: { id: string; role: string; companyId?: string | null },
    postId: string,
    delta: 1 | -1,
  ): Promise<void> {
    return this.safely('voteChanged', async () => {
      if (voter.role !== 'customer' || !(await this.enabled())) return;
      const day = this.today();
      const active = await this.active(voter.id);
      await Promise.all([
        this.deps.analytics.count(day, { ...(delta > 0 ? { votes: 1 } : {}), ...active }),
        this.deps.analytics.countRequest(isoWeekOf(day), postId, voter.companyId ?? null, delta),
      ]);
    });
  }

  commentAdded(actor: Actor, post: PostRef): Promise<void> {
    return this.safely('commentAdded', async () => {
      if (actor.kind !== 'user' || !(await this.enabled())) return;
      if (isStaff(actor)) return this.respond(actor.user, post);
      await this.deps.analytics.count(this.today(), { comments: 1, ...(await this.active(actor.user.id)) });
    });
  }

  staffResponded(actor: Actor, post: PostRef): Promise<void> {
    return this.safely('staffResponded', async () => {
      if (actor.kind !== 'user' || !isStaff(actor) || !(await this.enabled())) return;
      await this.respond(actor.user, post);
    });
  }

  answerAccepted(post: PostRef, answer: Pick<Comment, 'authorId' | 'authorIsStaff'>): Promise<void> {
    return this.safely('answerAccepted', async () => {
      if (!(await this.enabled())) return;
      // The first acceptance of a counted question only (the conditional write decides between two at
      // once): switching answers, or taking one back and accepting again, answers it no more.
      const now = this.deps.clock.now();
      if (!(await this.deps.analytics.markFirstAnswered(post.id, now.toISOString()))) return;
      const asked = utcDay(post.createdAt);
      const today = utcDay(now);
      // A ticket saved is a customer helped by another: staff answering is their job, not deflection.
      const forOthers: Partial<DayCounters> =
        answer.authorId !== post.authorId && !answer.authorIsStaff ? { acceptedForOthers: 1 } : {};
      if (asked === today) {
        await this.deps.analytics.count(today, { questionsAnswered: 1, ...forOthers });
        return;
      }
      await Promise.all([
        this.deps.analytics.count(asked, { questionsAnswered: 1 }),
        this.deps.analytics.count(today, forOthers),
      ]);
    });
  }

  /**
   * A visitor's signal (analytics service): counted today, for whoever isCounted (no bot, no staff).
   * `reachOf` names whose reach it adds to, read only when the signal is counted.
   */
  signal(
    actor: Actor,
    counters: Partial<DayCounters>,
    reachOf?: () => Promise<string | undefined>,
  ): Promise<boolean> {
    return this.safely(
      'signal',
      async () => {
        if (!isCounted(actor) || !(await this.enabled())) return false;
        const day = this.today();
        const reach = await reachOf?.();
        await Promise.all([
          this.deps.analytics.count(day, counters),
          ...(reach ? [this.deps.analytics.countReach(reach, day.slice(0, 7), 1)] : []),
        ]);
        return true;
      },
      false,
    );
  }

  /** Whether the actor's signals are counted now: not staff, not a bot, and analytics on. */
  async counts(actor: Actor): Promise<boolean> {
    return this.safely('counts', async () => isCounted(actor) && (await this.enabled()), false);
  }

  /** Whether counting is on (settings read through the cache). */
  async enabled(): Promise<boolean> {
    return (await this.deps.settings.get()).enabled;
  }

  /**
   * The first staff response to a customer's post: set on the post once (the conditional write decides
   * between two staff answering at once, and refuses a post whose creation was not counted: staff's own,
   * or one made while analytics was off), counted on the post's creation day.
   */
  private async respond(staff: Pick<User, 'id'>, post: PostRef): Promise<void> {
    if (post.authorId === staff.id) return;
    const now = this.deps.clock.now();
    if (!(await this.deps.analytics.markFirstStaffResponse(post.id, now.toISOString()))) return;
    const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(post.createdAt)) / 1000));
    await this.deps.analytics.count(utcDay(post.createdAt), {
      responded: 1,
      responseSeconds: seconds,
      [responseBucket(seconds)]: 1,
    });
  }

  /** The person counted active today (and new in the week), once each: their user item says. */
  private async active(userId: string): Promise<Partial<DayCounters>> {
    const day = this.today();
    const { newDay, newWeek } = await this.deps.analytics.markActive(userId, day, isoWeekOf(day));
    return { ...(newDay ? { active: 1 } : {}), ...(newWeek ? { activeNewInWeek: 1 } : {}) };
  }

  private today(): string {
    return utcDay(this.deps.clock.now());
  }

  private async safely<T>(what: string, count: () => Promise<T>, fallback?: T): Promise<T> {
    try {
      return await count();
    } catch (error) {
      console.warn(`Analytics: ${what} was not counted.`, error);
      return fallback as T;
    }
  }
}
