/**
 * DEMO ONLY: made-up analytics counters for the local demo board (infra/local/seed.ts), so that a first
 * `npm start` shows the staff dashboard with charts rather than empty axes. Nothing else calls this; a
 * real deployment's counters come only from what visitors do (shared/services/analytics).
 *
 * Sixty days of plausible numbers: deterministic (a seeded pseudo-random sequence, so every fresh demo
 * looks the same), weekdays busier than weekends, a gentle upward trend, and each funnel consistent with
 * itself (opens never exceed searches, answered questions never exceed questions, response buckets sum
 * to the responses).
 */
import type { DayCounters } from '../domain/analytics.ts';
import { isoWeekOf } from '../domain/iso-week.ts';
import type { AnalyticsStore } from '../ports/index.ts';

export const DEMO_ANALYTICS_DAYS = 60;

/** mulberry32: a tiny seeded generator; the same seed gives the same demo. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One day's counters: `busy` scales the day (weekends and older days are quieter). */
export function demoDay(rand: () => number, busy: number): Partial<DayCounters> {
  const around = (mean: number) => Math.max(0, Math.round(mean * busy * (0.6 + 0.8 * rand())));
  const part = (whole: number, share: number) =>
    Math.min(whole, Math.round(whole * share * (0.7 + 0.6 * rand())));

  const posts = around(5);
  const questions = part(posts, 0.4);
  const responded = part(posts, 0.7);
  const within1h = part(responded, 0.3);
  const within1d = part(responded - within1h, 0.5);
  const within7d = part(responded - within1h - within1d, 0.7);
  const later = responded - within1h - within1d - within7d;
  const active = around(14);
  const searches = around(40);
  const suggestionsShown = around(9);
  const suggestionOpens = part(suggestionsShown, 0.55);
  const formsLeft = part(suggestionOpens, 0.7);
  const answeredViews = around(60);
  const helpfulYes = part(answeredViews, 0.06);
  return {
    posts,
    votes: around(24),
    comments: around(9),
    active,
    activeNewInWeek: part(active, 0.45),
    questions,
    questionsAnswered: part(questions, 0.75),
    responded,
    // Hours to a first response, by bucket: about 20 minutes, 6 hours, 3 days and 10 days.
    responseSeconds: within1h * 1_200 + within1d * 21_600 + within7d * 259_200 + later * 864_000,
    respondedWithin1h: within1h,
    respondedWithin1d: within1d,
    respondedWithin7d: within7d,
    respondedLater: later,
    searches,
    searchOpens: part(searches, 0.45),
    suggestionsShown,
    suggestionOpens,
    formsLeftForSuggestion: formsLeft,
    formsPostedAfterSuggestion: part(formsLeft, 0.3),
    answeredViews,
    helpfulYes,
    helpfulNo: part(helpfulYes, 0.35),
    acceptedForOthers: part(questions, 0.4),
  };
}

/**
 * Writes the demo counters through the analytics store, as the recorder would have: a day item for each
 * of the sixty days before today, and each of their ISO weeks' requests for the given posts, each vote
 * credited to one of the given companies. Today and this week are left to what people do, so that what
 * one does in the demo (or a test does) shows on its own.
 */
export async function seedDemoAnalytics(
  store: AnalyticsStore,
  demand: { postIds: readonly string[]; companyIds: readonly string[] },
  now: Date,
): Promise<void> {
  const rand = random(18);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const weeks = new Set<string>();
  // The numbers are drawn in order (so the demo is the same each time), the writes then go in parallel:
  // a few hundred one-by-one would slow every first start.
  const writes: (() => Promise<void>)[] = [];
  for (let ago = DEMO_ANALYTICS_DAYS; ago >= 1; ago--) {
    const date = new Date(today - ago * 86_400_000);
    const weekday = date.getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    // Quieter at weekends, and a community that grows by about half over the two months.
    const busy = (weekend ? 0.35 : 1) * (0.75 + (0.5 * (DEMO_ANALYTICS_DAYS - ago)) / DEMO_ANALYTICS_DAYS);
    const day = date.toISOString().slice(0, 10);
    const counters = demoDay(rand, busy);
    writes.push(() => store.count(day, counters));
    weeks.add(isoWeekOf(day));
  }
  weeks.delete(isoWeekOf(new Date(today).toISOString().slice(0, 10)));
  // A few posts draw most of the demand: post i is wanted about 1/(i+1) as much as the first.
  const posts = demand.postIds.slice(0, 12);
  for (const week of weeks) {
    for (const [i, postId] of posts.entries()) {
      const votes = Math.round((12 / (i + 1)) * (0.4 + rand()));
      if (votes === 0) continue;
      const companyId = demand.companyIds.length
        ? (demand.companyIds[Math.floor(rand() * demand.companyIds.length)] ?? null)
        : null;
      writes.push(() => store.countRequest(week, postId, companyId, votes));
    }
  }
  for (let i = 0; i < writes.length; i += 25) await Promise.all(writes.slice(i, i + 25).map((w) => w()));
}
