/**
 * The rules analytics counts by (domain/analytics.ts): the deflection estimate's arithmetic, who is a
 * bot by their user agent, and which bucket a first response falls in.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ANALYTICS_SETTINGS,
  addCounters,
  deflectionFormula,
  emptyCounters,
  estimateDeflection,
  isBotAgent,
  isCounted,
  responseBucket,
  utcDay,
} from './analytics.ts';
import { analyticsSettingsInputSchema } from './analytics-schemas.ts';
import type { Actor, User } from './types.ts';

const counts = (
  c: Partial<Record<'helpfulYes' | 'helpfulNo' | 'acceptedForOthers' | 'answeredViews', number>>,
) => ({
  helpfulYes: 0,
  helpfulNo: 0,
  acceptedForOthers: 0,
  answeredViews: 0,
  ...c,
});

describe('estimateDeflection', () => {
  it('adds direct (yes + accepted for others) and 9% of the silent answered views, at $8 / $15 / $22', () => {
    const e = estimateDeflection(
      counts({ helpfulYes: 10, helpfulNo: 5, acceptedForOthers: 5, answeredViews: 215 }),
      DEFAULT_ANALYTICS_SETTINGS,
    );
    // Silent views: 215 − 10 − 5 = 200; 9% of them is 18.
    expect(e.direct).toBe(15);
    expect(e.indirect).toBeCloseTo(18, 10);
    expect(e.tickets).toBeCloseTo(33, 10);
    expect(e.low).toBeCloseTo(33 * 8, 10);
    expect(e.mid).toBeCloseTo(33 * 15, 10);
    expect(e.high).toBeCloseTo(33 * 22, 10);
  });

  it('uses the configured share and costs', () => {
    const e = estimateDeflection(counts({ helpfulYes: 2, answeredViews: 102 }), {
      indirectShare: 0.5,
      costLow: 10,
      costHigh: 30,
    });
    expect(e).toEqual({ direct: 2, indirect: 50, tickets: 52, low: 520, mid: 1040, high: 1560 });
  });

  it('reads costs given the wrong way round as low and high', () => {
    const e = estimateDeflection(counts({ acceptedForOthers: 4 }), {
      indirectShare: 0,
      costLow: 30,
      costHigh: 10,
    });
    expect(e).toMatchObject({ tickets: 4, low: 40, mid: 80, high: 120 });
  });

  it('never counts negative silent views (more answers than views)', () => {
    const e = estimateDeflection(
      counts({ helpfulYes: 3, helpfulNo: 4, answeredViews: 2 }),
      DEFAULT_ANALYTICS_SETTINGS,
    );
    expect(e.indirect).toBe(0);
    expect(e.tickets).toBe(3);
  });

  it('is zero for no data', () => {
    expect(estimateDeflection(emptyCounters(), DEFAULT_ANALYTICS_SETTINGS)).toEqual({
      direct: 0,
      indirect: 0,
      tickets: 0,
      low: 0,
      mid: 0,
      high: 0,
    });
  });
});

describe('deflectionFormula', () => {
  it('shows the configured share, currency and costs', () => {
    const text = deflectionFormula({
      ...DEFAULT_ANALYTICS_SETTINGS,
      indirectShare: 0.125,
      costLow: 5,
      costHigh: 40,
      currency: 'EUR',
    });
    expect(text).toContain('12.5%');
    expect(text).toContain('EUR 5');
    expect(text).toContain('40');
    expect(deflectionFormula(DEFAULT_ANALYTICS_SETTINGS)).toMatch(/9% .*USD 8 .*22/);
  });

  it('prints the share to the 0.0001 the settings allow, without rounding it away', () => {
    const formula = (indirectShare: number) =>
      deflectionFormula({ ...DEFAULT_ANALYTICS_SETTINGS, indirectShare });
    expect(formula(0.0925)).toContain('+ 9.25% ×');
    expect(formula(0.0001)).toContain('+ 0.01% ×');
    expect(formula(0.1234)).toContain('+ 12.34% ×');
    expect(formula(1)).toContain('+ 100% ×');
  });
});

describe('analyticsSettingsInputSchema', () => {
  const parse = (changes: Partial<Record<keyof typeof DEFAULT_ANALYTICS_SETTINGS, unknown>>) =>
    analyticsSettingsInputSchema.safeParse({ ...DEFAULT_ANALYTICS_SETTINGS, ...changes });
  const fields = (changes: Parameters<typeof parse>[0]) =>
    Object.fromEntries((parse(changes).error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));

  it('refuses a low cost above the high cost on costHigh; equal costs are a range too', () => {
    expect(fields({ costLow: 30, costHigh: 20 })).toEqual({ costHigh: 'Must be at least the low cost.' });
    expect(parse({ costLow: 20, costHigh: 20 }).success).toBe(true);
  });

  it('takes the indirect share in steps of 0.0001', () => {
    expect(parse({ indirectShare: 0.0925 }).success).toBe(true);
    expect(parse({ indirectShare: 0.1234 }).success).toBe(true);
    expect(parse({ indirectShare: 0.3 }).success).toBe(true);
    expect(Object.keys(fields({ indirectShare: 0.12345 }))).toEqual(['indirectShare']);
  });
});

describe('isBotAgent', () => {
  const browsers = {
    chrome:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
    safari:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    iphone:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  };
  const bots = {
    googlebot: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    bingbot: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
    curl: 'curl/8.5.0',
    headless:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    python: 'python-requests/2.32.3',
    slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
  };

  it.each(Object.entries(browsers))('a desktop or phone browser (%s) is not a bot', (_, ua) => {
    expect(isBotAgent(ua)).toBe(false);
  });

  it.each(Object.entries(bots))('%s is a bot', (_, ua) => {
    expect(isBotAgent(ua)).toBe(true);
  });

  it('takes no user agent, or an empty or tiny one, for a script', () => {
    expect(isBotAgent(undefined)).toBe(true);
    expect(isBotAgent(null)).toBe(true);
    expect(isBotAgent('')).toBe(true);
    expect(isBotAgent('   ')).toBe(true);
    expect(isBotAgent('x/1')).toBe(true);
  });
});

describe('isCounted', () => {
  const user = (role: User['role']): Actor => ({
    kind: 'user',
    user: { id: 'u', email: 'u@example.com', name: 'U', role, createdAt: '2026-01-01T00:00:00Z' },
  });
  it('counts customers and anonymous visitors, never staff or bots', () => {
    expect(isCounted({ kind: 'anonymous' })).toBe(true);
    expect(isCounted(user('customer'))).toBe(true);
    expect(isCounted(user('staff'))).toBe(false);
    expect(isCounted(user('admin'))).toBe(false);
    expect(isCounted({ kind: 'anonymous', bot: true })).toBe(false);
    expect(isCounted({ ...user('customer'), bot: true })).toBe(false);
  });
});

describe('responseBucket', () => {
  it('puts the edges in the shorter bucket', () => {
    expect(responseBucket(0)).toBe('respondedWithin1h');
    expect(responseBucket(3600)).toBe('respondedWithin1h');
    expect(responseBucket(3601)).toBe('respondedWithin1d');
    expect(responseBucket(86_400)).toBe('respondedWithin1d');
    expect(responseBucket(86_401)).toBe('respondedWithin7d');
    expect(responseBucket(7 * 86_400)).toBe('respondedWithin7d');
    expect(responseBucket(7 * 86_400 + 1)).toBe('respondedLater');
  });
});

describe('counters', () => {
  it('add up counter by counter, absent ones as zero', () => {
    const sum = addCounters(addCounters(emptyCounters(), { posts: 2, votes: 1 }), { posts: 1 });
    expect(sum.posts).toBe(3);
    expect(sum.votes).toBe(1);
    expect(sum.comments).toBe(0);
  });

  it('keep days in UTC', () => {
    expect(utcDay('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
    expect(utcDay(new Date('2026-03-01T00:00:00Z'))).toBe('2026-03-01');
  });
});
