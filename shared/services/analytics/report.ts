/**
 * The dashboard's report for a date range: one Query of the days' counters, one Query per ISO week
 * touching the range for the top requests, and one BatchGet each for the top posts' titles and the
 * companies' names. What it reads grows with the range asked for, never with the age of the data.
 */
import {
  addCounters,
  emptyCounters,
  estimateDeflection,
  MAX_RANGE_DAYS,
  type AnalyticsReport,
  type AnalyticsSettings,
  type DayCounters,
  type RangeInterval,
  type SeriesPoint,
  type TopCompany,
  type TopPost,
} from '../../domain/analytics.ts';
import { reportQuerySchema } from '../../domain/analytics-schemas.ts';
import { ValidationError } from '../../domain/errors.ts';
import { isoWeekOf, weekDays } from '../../domain/iso-week.ts';
import { parseInput } from '../../domain/schemas.ts';
import type { AnalyticsStore, CompanyStore, PostStore } from '../../ports/index.ts';

const DAY_MS = 86_400_000;
/** Longer ranges read as weeks unless days are asked for: a year of daily bars is unreadable. */
const DAILY_UP_TO_DAYS = 92;
const TOP = 10;
/** Candidates read for the top posts: a few spare for the withheld and deleted ones dropped. */
const TOP_CANDIDATES = 20;

export interface ReportDeps {
  analytics: Pick<AnalyticsStore, 'days' | 'week'>;
  posts: Pick<PostStore, 'getMany'>;
  companies: Pick<CompanyStore, 'getMany'>;
}

export interface ReportRange {
  from: string;
  to: string;
  interval: RangeInterval;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The range asked for, with its defaults; ValidationError per field. */
export function parseRange(query: unknown, today: string): ReportRange {
  // A form or URL sends empty fields for "not given".
  const given =
    query && typeof query === 'object'
      ? Object.fromEntries(Object.entries(query).filter(([, v]) => v !== '' && v !== undefined && v !== null))
      : {};
  const parsed = parseInput(reportQuerySchema, given);
  const to = parsed.to ?? today;
  const from = parsed.from ?? addDays(to, -29);
  if (from > to) throw new ValidationError({ from: 'From must not be after to.' });
  const days = daysBetween(from, to) + 1;
  if (days > MAX_RANGE_DAYS) {
    throw new ValidationError({ from: `The range may be at most ${MAX_RANGE_DAYS} days.` });
  }
  return { from, to, interval: parsed.interval ?? (days > DAILY_UP_TO_DAYS ? 'week' : 'day') };
}

export async function buildReport(
  deps: ReportDeps,
  range: ReportRange,
  settings: AnalyticsSettings,
): Promise<AnalyticsReport> {
  const weeks = weeksTouching(range.from, range.to);
  const [days, top] = await Promise.all([
    deps.analytics.days(range.from, range.to),
    topRequests(deps, weeks),
  ]);
  const byDay = new Map(days.map((d) => [d.day, d.counters]));
  const series = buckets(range).map(({ start, end }) => {
    let sum = emptyCounters();
    for (let day = start; day <= end; day = addDays(day, 1)) {
      const counters = byDay.get(day);
      if (counters) sum = addCounters(sum, counters);
    }
    return { start, end, ...sum } satisfies SeriesPoint;
  });
  const totals = series.reduce<DayCounters>((sum, point) => addCounters(sum, point), emptyCounters());
  const first = weekDays(weeks[0]!)!;
  const last = weekDays(weeks[weeks.length - 1]!)!;
  return {
    ...range,
    settings,
    series,
    totals,
    answeredRate: totals.questions > 0 ? totals.questionsAnswered / totals.questions : null,
    meanHoursToFirstResponse: totals.responded > 0 ? totals.responseSeconds / totals.responded / 3600 : null,
    deflection: estimateDeflection(totals, settings),
    deflectionSeries: series.map((point) => {
      const { tickets, direct, indirect } = estimateDeflection(point, settings);
      return { start: point.start, end: point.end, tickets, direct, indirect };
    }),
    topWeeks: { from: first.monday, to: last.sunday },
    ...top,
  };
}

/** Days, or ISO weeks clipped to the range. */
function buckets({ from, to, interval }: ReportRange): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  if (interval === 'day') {
    for (let day = from; day <= to; day = addDays(day, 1)) out.push({ start: day, end: day });
    return out;
  }
  for (let start = from; start <= to;) {
    const { sunday } = weekDays(isoWeekOf(start))!;
    const end = sunday < to ? sunday : to;
    out.push({ start, end });
    start = addDays(end, 1);
  }
  return out;
}

function weeksTouching(from: string, to: string): string[] {
  const weeks: string[] = [];
  for (let day = weekDays(isoWeekOf(from))!.monday; day <= to; day = addDays(day, 7)) {
    weeks.push(isoWeekOf(day));
  }
  return weeks;
}

async function topRequests(
  deps: ReportDeps,
  weeks: readonly string[],
): Promise<{ topPosts: TopPost[]; topCompanies: TopCompany[] }> {
  const read = await Promise.all(weeks.map((week) => deps.analytics.week(week)));
  const postVotes = new Map<string, number>();
  const companyVotes = new Map<string, number>();
  for (const { posts, companies } of read) {
    for (const [id, n] of posts) postVotes.set(id, (postVotes.get(id) ?? 0) + n);
    for (const [id, n] of companies) companyVotes.set(id, (companyVotes.get(id) ?? 0) + n);
  }
  const ranked = (votes: Map<string, number>, n: number) =>
    [...votes]
      .filter(([, v]) => v > 0)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .slice(0, n);
  const postCandidates = ranked(postVotes, TOP_CANDIDATES);
  const companyCandidates = ranked(companyVotes, TOP);
  const [posts, companies] = await Promise.all([
    postCandidates.length > 0 ? deps.posts.getMany(postCandidates.map(([id]) => id)) : [],
    companyCandidates.length > 0 ? deps.companies.getMany(companyCandidates.map(([id]) => id)) : [],
  ]);
  // Withheld (moderation) and deleted posts are not shown, nor merged ones (their votes moved).
  const shown = new Map(
    posts.filter((p) => p.moderation === undefined && p.status !== 'merged').map((p) => [p.id, p]),
  );
  const named = new Map(companies.map((c) => [c.id, c]));
  return {
    topPosts: postCandidates
      .flatMap(([id, votes]) => {
        const post = shown.get(id);
        return post ? [{ id, title: post.title, boardSlug: post.boardSlug, votes }] : [];
      })
      .slice(0, TOP),
    topCompanies: companyCandidates.flatMap(([id, votes]) => {
      const company = named.get(id);
      return company ? [{ id, name: company.name, mrr: company.mrr ?? null, votes }] : [];
    }),
  };
}
