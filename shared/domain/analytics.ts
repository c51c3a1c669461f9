/**
 * Analytics and deflection (issue 18), kept pure so that the recorder, the dashboard and the tests share
 * one set of rules: which counters a day holds, who is counted, and how counts become an estimate of
 * tickets a community saved.
 *
 * Counts only: a day is one item of counters, a week's requests one item per post and per company. No
 * item names a visitor; a person's record holds only the day and week they were last active, so that the
 * active count counts them once (README "Analytics and privacy").
 *
 * The estimate follows Higher Logic Vanilla's ROI model (REFERENCES.md "Deflection"): direct deflection
 * is what people told us (an answer helped them, or the asker accepted someone else's answer); indirect
 * deflection is a share of the views of answered questions by people who told us nothing. The default
 * share is Gartner's (2019): 9% of customers fully resolve their issue in self-service. Tickets are
 * priced low/high from Gartner ($8.01 a live contact) and MetricNet (~$22 a North American level-1
 * ticket); mid is their midpoint.
 */
import { z } from 'zod';
import type { Actor } from './types.ts';
import { isStaff } from './types.ts';

/**
 * A day's counters. The first group is activity by customers (staff's own posts, votes and comments are
 * not demand); the second answers "do we answer?", counted on the day the post was created (a cohort), so
 * a day's rate reads "of the posts made that day, how many were answered"; the last is the deflection
 * signals, from visitors who are neither staff nor bots.
 */
export const DAY_COUNTERS = [
  // Activity (customers only).
  'posts',
  'votes',
  'comments',
  /** People (customers) who posted, voted or commented that day, each once. */
  'active',
  /** People active that day for the first time in its ISO week: a week's sum is its distinct people. */
  'activeNewInWeek',
  // Answers and responses, on the day the post was created.
  /** Questions asked (posts of kind question, by customers). */
  'questions',
  /** Of those questions, how many have since had an answer accepted (counted once per question). */
  'questionsAnswered',
  /** Customers' posts (any kind) that have since had a first response from staff. */
  'responded',
  /** Seconds from each post's creation to its first staff response, summed (÷ responded = mean). */
  'responseSeconds',
  /** First responses within an hour, a day, a week, or later: the spread, where a mean would hide it. */
  'respondedWithin1h',
  'respondedWithin1d',
  'respondedWithin7d',
  'respondedLater',
  // Deflection signals (not staff, not bots).
  /** Searches run on a board page (each distinct query once per visit). */
  'searches',
  /** Search results opened. */
  'searchOpens',
  /** New-post forms whose similar-post suggestions showed at least one post. */
  'suggestionsShown',
  /** Suggestions opened from the new-post form. */
  'suggestionOpens',
  /** New-post forms left for a suggested or answered post (the first opening from each form). */
  'formsLeftForSuggestion',
  /** Posts submitted from a form after it opened a suggestion: the rest of those forms were abandoned. */
  'formsPostedAfterSuggestion',
  /** Views of questions with an accepted answer (once per visitor and question within a visit). */
  'answeredViews',
  /** "This answered my question": yes. */
  'helpfulYes',
  /** "This answered my question": no. */
  'helpfulNo',
  /** Answers accepted for someone else: the answerer is not the asker (counted on the day accepted). */
  'acceptedForOthers',
] as const;
export type DayCounter = (typeof DAY_COUNTERS)[number];
export type DayCounters = Record<DayCounter, number>;

export const emptyCounters = (): DayCounters =>
  Object.fromEntries(DAY_COUNTERS.map((c) => [c, 0])) as DayCounters;

export function addCounters(a: DayCounters, b: Partial<DayCounters>): DayCounters {
  const sum = { ...a };
  for (const c of DAY_COUNTERS) sum[c] += b[c] ?? 0;
  return sum;
}

/** The signals a visitor's page sends (the rest are counted by the services that make the change). */
export const VISITOR_SIGNALS = [
  'searches',
  'searchOpens',
  'suggestionsShown',
  'suggestionOpens',
  'formsLeftForSuggestion',
  'answeredViews',
] as const satisfies readonly DayCounter[];
export type VisitorSignal = (typeof VISITOR_SIGNALS)[number];

/** Where an opened post was found: the `/go/<source>/<postId>` link the search and the form use. */
export const OPEN_SOURCES = ['search', 'similar'] as const;
export type OpenSource = (typeof OPEN_SOURCES)[number];

/** Admins' analytics settings (SETTINGS / ANALYTICS). */
export const analyticsSettingsSchema = z.object({
  /** Off: nothing is counted from then on; what was counted stays readable until deleted. */
  enabled: z.boolean(),
  /** The share of answered-question views (without a yes or no) that would otherwise have been a ticket. */
  indirectShare: z.number().min(0).max(1),
  /** Cost of one support ticket, whole or fractional currency units: the range's ends. */
  costLow: z.number().min(0).max(100_000),
  costHigh: z.number().min(0).max(100_000),
  /** ISO 4217 code, for display. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
});
export type AnalyticsSettings = z.infer<typeof analyticsSettingsSchema>;

export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = {
  enabled: true,
  indirectShare: 0.09,
  costLow: 8,
  costHigh: 22,
  currency: 'USD',
};

/** Where the defaults come from, shown beside the estimate. */
export const DEFLECTION_SOURCES = [
  {
    label:
      'Gartner (2019): a live support contact costs $8.01 on average; only 9% of customers fully resolve in self-service.',
    url: 'https://www.gartner.com/en/newsroom/press-releases/2019-09-25-gartner-says-only-9-percent-of-customers-report-solving-their-issues-completely-via-self-service',
  },
  {
    label: 'MetricNet: a North American level-1 service desk ticket costs about $22.',
    url: 'https://www.metricnet.com/',
  },
  {
    label: 'Higher Logic Vanilla ROI model: direct = accepted answers, indirect = a share of views.',
    url: 'https://www.higherlogic.com/',
  },
] as const;

export interface DeflectionEstimate {
  /** helpfulYes + acceptedForOthers. */
  direct: number;
  /** indirectShare × max(0, answeredViews − helpfulYes − helpfulNo): views by people who told us nothing. */
  indirect: number;
  /** direct + indirect, unrounded (the page rounds). */
  tickets: number;
  /** tickets × costLow, × the midpoint, × costHigh. */
  low: number;
  mid: number;
  high: number;
}

export function estimateDeflection(
  counts: Pick<DayCounters, 'helpfulYes' | 'helpfulNo' | 'acceptedForOthers' | 'answeredViews'>,
  settings: Pick<AnalyticsSettings, 'indirectShare' | 'costLow' | 'costHigh'>,
): DeflectionEstimate {
  const direct = counts.helpfulYes + counts.acceptedForOthers;
  const silentViews = Math.max(0, counts.answeredViews - counts.helpfulYes - counts.helpfulNo);
  const indirect = settings.indirectShare * silentViews;
  const tickets = direct + indirect;
  const [lo, hi] =
    settings.costLow <= settings.costHigh
      ? [settings.costLow, settings.costHigh]
      : [settings.costHigh, settings.costLow];
  return { direct, indirect, tickets, low: tickets * lo, mid: (tickets * (lo + hi)) / 2, high: tickets * hi };
}

/** The formula as the page shows it, with the configured numbers in it. */
export function deflectionFormula(settings: AnalyticsSettings): string {
  // The share is kept to 0.0001 (analyticsSettingsInputSchema): two decimals of a percent, all shown.
  const pct = `${Number((settings.indirectShare * 100).toFixed(2))}%`;
  return (
    `tickets deflected = ("this answered my question: yes" + answers accepted for others) ` +
    `+ ${pct} × (views of answered questions − yes/no answers); ` +
    `savings = tickets × ${settings.currency} ${settings.costLow} (low) … ${settings.costHigh} (high)`
  );
}

/**
 * Crawlers, link previewers, uptime checkers and headless browsers say so in their user agent; a request
 * without one is a script. Playwright's Chromium is real Chromium ("HeadlessChrome" only when headless
 * and unmodified): the browser tests set a normal user agent, as a visitor's browser has.
 */
const BOT_AGENT =
  /bot\b|bot\/|crawl|spider|slurp|scrape|fetch(er)?\b|preview|monitor|uptime|pingdom|headless|lighthouse|curl\/|wget\/|python-requests|python-urllib|httpx|go-http-client|java\/|okhttp|node-fetch|undici|axios|facebookexternalhit|embedly|whatsapp|telegram|discord|slack|skype|bingpreview|feedfetcher|validator/i;

export function isBotAgent(userAgent: string | null | undefined): boolean {
  if (!userAgent || userAgent.trim().length < 10) return true;
  return BOT_AGENT.test(userAgent);
}

/** Who the counters count: nobody on staff, and no bot (the adapters mark an actor's `bot`). */
export function isCounted(actor: Actor): boolean {
  return !actor.bot && !isStaff(actor);
}

/** The UTC day of an instant: counters are kept by UTC day, as the activity log's days are. */
export const utcDay = (at: Date | string): string => new Date(at).toISOString().slice(0, 10);

/** The bucket a first staff response falls in. */
export function responseBucket(seconds: number): DayCounter {
  if (seconds <= 3600) return 'respondedWithin1h';
  if (seconds <= 86_400) return 'respondedWithin1d';
  if (seconds <= 7 * 86_400) return 'respondedWithin7d';
  return 'respondedLater';
}

/** The longest range the dashboard reads at once: a year and a day (a leap year's 366 days). */
export const MAX_RANGE_DAYS = 366;
export const RANGE_INTERVALS = ['day', 'week'] as const;
export type RangeInterval = (typeof RANGE_INTERVALS)[number];

/** One bucket of the dashboard's series: a day, or an ISO week (start = its Monday, clipped to the range). */
export interface SeriesPoint extends DayCounters {
  start: string;
  /** The last day in the bucket (within the range). */
  end: string;
}

export interface TopPost {
  id: string;
  title: string;
  boardSlug: string;
  /** Net votes cast in the weeks read. */
  votes: number;
}

export interface TopCompany {
  id: string;
  name: string;
  mrr: number | null;
  /** Net votes its people cast in the weeks read. */
  votes: number;
}

/** The dashboard for a date range (GET /api/analytics and /staff/analytics). */
export interface AnalyticsReport {
  from: string;
  to: string;
  interval: RangeInterval;
  settings: AnalyticsSettings;
  series: SeriesPoint[];
  totals: DayCounters;
  /** questionsAnswered ÷ questions for questions asked in the range; null with no questions. */
  answeredRate: number | null;
  /** responseSeconds ÷ responded, in hours; null with no responses. */
  meanHoursToFirstResponse: number | null;
  deflection: DeflectionEstimate;
  /** Per bucket, the same arithmetic (deflection over time). */
  deflectionSeries: { start: string; end: string; tickets: number; direct: number; indirect: number }[];
  /** The top requests are read by ISO week: these are the weeks' bounds (may reach outside from/to). */
  topWeeks: { from: string; to: string };
  topPosts: TopPost[];
  topCompanies: TopCompany[];
}

/** A champion's reach: views of the answers of theirs that were accepted. */
export interface AnswerReach {
  /** 'ALL' or yyyy-mm. */
  period: string;
  answerViews: number;
}
