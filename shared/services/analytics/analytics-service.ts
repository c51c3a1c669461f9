/**
 * What the adapters call for analytics (issue 18): visitors' signals (counted through the recorder, so
 * the same people are left out), "this answered my question", the dashboard's report, the settings and
 * a champion's reach. Who may read what is decided here, not in the routes.
 */
import {
  utcDay,
  type AnalyticsReport,
  type AnalyticsSettings,
  type OpenSource,
} from '../../domain/analytics.ts';
import { analyticsSettingsInputSchema, helpfulInputSchema } from '../../domain/analytics-schemas.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/schemas.ts';
import type { Actor, Post } from '../../domain/types.ts';
import type { AnalyticsStore, Clock, Stores } from '../../ports/index.ts';
import { requireAdmin, requireStaff } from '../policy.ts';
import { requireVisiblePost } from '../posts/access.ts';
import type { RateLimits } from '../rate-limits.ts';
import type { Recorder } from './recorder.ts';
import { buildReport, parseRange } from './report.ts';
import type { SettingsCache } from './settings-cache.ts';
import type { AnalyticsService, ReportQuery } from './types.ts';

export interface AnalyticsServiceDeps extends Pick<Stores, 'boards' | 'posts' | 'companies' | 'comments'> {
  analytics: AnalyticsStore;
  recorder: Recorder;
  settings: SettingsCache;
  limits: RateLimits;
  clock: Clock;
}

const PERIOD = /^(ALL|\d{4}-(0[1-9]|1[0-2]))$/;
/** Reach is read for one page of people: one BatchGet. */
const MAX_REACH_PEOPLE = 100;

export class Analytics implements AnalyticsService {
  constructor(private readonly deps: AnalyticsServiceDeps) {}

  async searched(actor: Actor): Promise<void> {
    await this.deps.recorder.signal(actor, { searches: 1 });
  }

  async opened(actor: Actor, source: OpenSource, options: { firstFromForm?: boolean } = {}): Promise<void> {
    await this.deps.recorder.signal(
      actor,
      source === 'search'
        ? { searchOpens: 1 }
        : { suggestionOpens: 1, ...(options.firstFromForm ? { formsLeftForSuggestion: 1 } : {}) },
    );
  }

  async suggestionsShown(actor: Actor): Promise<void> {
    await this.deps.recorder.signal(actor, { suggestionsShown: 1 });
  }

  async postedAfterSuggestion(actor: Actor): Promise<void> {
    await this.deps.recorder.signal(actor, { formsPostedAfterSuggestion: 1 });
  }

  async viewedAnswered(
    actor: Actor,
    post: Pick<Post, 'id' | 'kind' | 'authorId' | 'acceptedCommentId'>,
    answerAuthorId: string | null,
  ): Promise<void> {
    if (post.kind !== 'question' || !post.acceptedCommentId) return;
    // The asker and the answerer reading their own question are not a visitor helped by it.
    const viewerId = actor.kind === 'user' ? actor.user.id : undefined;
    if (viewerId !== undefined && (viewerId === post.authorId || viewerId === answerAuthorId)) return;
    const acceptedId = post.acceptedCommentId;
    // The view counts whoever answered (indirect deflection); the reach is a member's, not staff's job.
    await this.deps.recorder.signal(actor, { answeredViews: 1 }, async () => {
      const answer = await this.deps.comments.get(post.id, acceptedId);
      return answer && !answer.authorIsStaff ? answer.authorId : undefined;
    });
  }

  async helpful(actor: Actor, postId: string, input: unknown): Promise<{ counted: boolean }> {
    const { answer } = parseInput(helpfulInputSchema, input);
    const { post } = await requireVisiblePost(this.deps, actor, postId);
    if (post.kind !== 'question' || !post.acceptedCommentId) {
      throw new ConflictError('Only a question with an accepted answer can be marked helpful.');
    }
    if (!(await this.deps.recorder.counts(actor))) return { counted: false };
    // The asker said so by accepting, and the answer's author is no one it helped.
    if (actor.kind === 'user') {
      const accepted = await this.deps.comments.get(post.id, post.acceptedCommentId);
      if (actor.user.id === post.authorId || actor.user.id === accepted?.authorId) return { counted: false };
    }
    // Only what would be counted is limited: the limit guards the counters, not the thanks.
    await this.deps.limits.check('helpful', {
      ...(actor.kind === 'user' ? { userId: actor.user.id } : {}),
      ...(actor.ip ? { ip: actor.ip } : {}),
    });
    const counted = await this.deps.recorder.signal(
      actor,
      answer === 'yes' ? { helpfulYes: 1 } : { helpfulNo: 1 },
    );
    return { counted };
  }

  async report(actor: Actor, query: unknown): Promise<AnalyticsReport> {
    requireStaff(actor, 'read analytics');
    const range = parseRange(query as ReportQuery | undefined, utcDay(this.deps.clock.now()));
    return buildReport(this.deps, range, await this.deps.settings.get());
  }

  async settings(actor: Actor): Promise<AnalyticsSettings> {
    requireStaff(actor, 'read the analytics settings');
    return this.deps.settings.get();
  }

  async saveSettings(actor: Actor, input: unknown): Promise<AnalyticsSettings> {
    requireAdmin(actor, 'change the analytics settings');
    const settings = parseInput(analyticsSettingsInputSchema, input);
    await this.deps.analytics.saveSettings(settings);
    this.deps.settings.set(settings);
    return settings;
  }

  async reach(userIds: readonly string[], period: string): Promise<Map<string, number>> {
    if (!PERIOD.test(period)) throw new ValidationError({ period: 'The period must be ALL or YYYY-MM.' });
    const people = [...new Set(userIds)];
    if (people.length > MAX_REACH_PEOPLE) {
      throw new ValidationError({ userIds: `At most ${MAX_REACH_PEOPLE} people at once.` });
    }
    return this.deps.analytics.reach(people, period);
  }
}
