/** The demo's made-up counters hold together as real ones would, and are the same on every run. */
import { describe, expect, it } from 'vitest';
import { DAY_COUNTERS, emptyCounters, type DayCounters } from '../domain/analytics.ts';
import type { AnalyticsStore } from '../ports/index.ts';
import { DEMO_ANALYTICS_DAYS, seedDemoAnalytics } from './analytics-demo.ts';

/** Just what the seed writes: days and week requests, kept in memory. */
function recordingStore() {
  const days = new Map<string, DayCounters>();
  const requests: { week: string; postId: string; companyId: string | null; votes: number }[] = [];
  const store = {
    count: async (day: string, counters: Partial<DayCounters>) => {
      const sum = days.get(day) ?? emptyCounters();
      for (const c of DAY_COUNTERS) sum[c] += counters[c] ?? 0;
      days.set(day, sum);
    },
    countRequest: async (week: string, postId: string, companyId: string | null, votes: number) => {
      requests.push({ week, postId, companyId, votes });
    },
  } as Partial<AnalyticsStore> as AnalyticsStore;
  return { store, days, requests };
}

const NOW = new Date('2026-12-03T15:00:00Z');
const demand = { postIds: ['p1', 'p2', 'p3'], companyIds: ['acme', 'globex'] };

describe('the demo analytics seed', () => {
  it('writes the sixty days before today, busier on weekdays, each funnel within itself', async () => {
    const { store, days } = recordingStore();
    await seedDemoAnalytics(store, demand, NOW);
    expect(days.size).toBe(DEMO_ANALYTICS_DAYS);
    expect(days.has('2026-12-03')).toBe(false);
    expect(days.has('2026-12-02')).toBe(true);
    expect(days.has('2026-10-04')).toBe(true);
    for (const [day, c] of days) {
      expect(c.searchOpens, day).toBeLessThanOrEqual(c.searches);
      expect(c.suggestionOpens, day).toBeLessThanOrEqual(c.suggestionsShown);
      expect(c.formsLeftForSuggestion, day).toBeLessThanOrEqual(c.suggestionOpens);
      expect(c.formsPostedAfterSuggestion, day).toBeLessThanOrEqual(c.formsLeftForSuggestion);
      expect(c.questions, day).toBeLessThanOrEqual(c.posts);
      expect(c.questionsAnswered, day).toBeLessThanOrEqual(c.questions);
      expect(c.responded, day).toBeLessThanOrEqual(c.posts);
      expect(c.respondedWithin1h + c.respondedWithin1d + c.respondedWithin7d + c.respondedLater, day).toBe(
        c.responded,
      );
      expect(c.helpfulYes + c.helpfulNo, day).toBeLessThanOrEqual(c.answeredViews);
      expect(c.activeNewInWeek, day).toBeLessThanOrEqual(c.active);
    }
    const mean = (weekend: boolean) => {
      const picked = [...days].filter(([day]) => [0, 6].includes(new Date(day).getUTCDay()) === weekend);
      return picked.reduce((sum, [, c]) => sum + c.searches, 0) / picked.length;
    };
    expect(mean(false)).toBeGreaterThan(2 * mean(true));
  });

  it('credits the weeks before this one to the given posts and companies, the same way every time', async () => {
    const first = recordingStore();
    const second = recordingStore();
    await seedDemoAnalytics(first.store, demand, NOW);
    await seedDemoAnalytics(second.store, demand, NOW);
    expect(second.requests).toEqual(first.requests);
    expect([...second.days]).toEqual([...first.days]);
    expect(first.requests.length).toBeGreaterThan(0);
    expect(first.requests.some((r) => r.week === '2026-W49')).toBe(false);
    for (const r of first.requests) {
      expect(demand.postIds).toContain(r.postId);
      expect(demand.companyIds).toContain(r.companyId);
      expect(r.votes).toBeGreaterThan(0);
    }
  });
});
