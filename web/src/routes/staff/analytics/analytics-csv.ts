/**
 * The dashboard as CSV: what the page shows for its range, in sections a spreadsheet can take apart.
 * Each section has its own header row and a blank line after it: the series (a row per day or week with
 * every counter, then a totals row), the summary rates, the deflection estimate with its formula and
 * settings, and the top requested posts and companies with the ISO weeks they were read from.
 * Fractions are rounded as the page shows them (tickets and hours to a tenth, money to the cent, rates
 * as percentages to a tenth), not written as the float arithmetic left them (0.30000000000000004).
 */
import { csvRecord } from '$shared/domain/csv.ts';
import { DAY_COUNTERS, deflectionFormula, type AnalyticsReport } from '$shared/domain/analytics.ts';

/** `n` to `digits` decimals (an integer divided by a power of ten prints as its shortest decimal). */
const rounded = (n: number, digits: number): number => Math.round(n * 10 ** digits) / 10 ** digits;
const tenths = (n: number) => rounded(n, 1);
const cents = (n: number) => rounded(n, 2);
/** A share as a spreadsheet reads a percentage: 0.3333 is "33.3%". */
const percent = (share: number, digits = 1) => `${rounded(share * 100, digits)}%`;

/** The file's name, after its range: two ranges downloaded the same day do not overwrite each other. */
export const csvFileName = (report: Pick<AnalyticsReport, 'from' | 'to'>): string =>
  `hearth-analytics-${report.from}-to-${report.to}.csv`;

export function* analyticsCsv(report: AnalyticsReport): Generator<string> {
  yield csvRecord(['section', 'start', 'end', ...DAY_COUNTERS]);
  for (const point of report.series) {
    yield csvRecord(['series', point.start, point.end, ...DAY_COUNTERS.map((c) => point[c])]);
  }
  yield csvRecord(['totals', report.from, report.to, ...DAY_COUNTERS.map((c) => report.totals[c])]);
  yield '\r\n';

  const { deflection, settings } = report;
  yield csvRecord(['section', 'measure', 'value']);
  const measures: [string, string | number | null][] = [
    ['interval', report.interval],
    ['answeredRate', report.answeredRate === null ? null : percent(report.answeredRate)],
    [
      'meanHoursToFirstResponse',
      report.meanHoursToFirstResponse === null ? null : tenths(report.meanHoursToFirstResponse),
    ],
    ['formsAbandoned', abandoned(report.totals)],
    ['deflectedTickets', tenths(deflection.tickets)],
    ['deflectedDirect', tenths(deflection.direct)],
    ['deflectedIndirect', tenths(deflection.indirect)],
    ['savingsLow', cents(deflection.low)],
    ['savingsMid', cents(deflection.mid)],
    ['savingsHigh', cents(deflection.high)],
    ['currency', settings.currency],
    // A setting, as typed: to the hundredth of a percent the settings hold.
    ['indirectShare', percent(settings.indirectShare, 2)],
    ['costLow', settings.costLow],
    ['costHigh', settings.costHigh],
    ['analyticsEnabled', String(settings.enabled)],
    ['formula', deflectionFormula(settings)],
  ];
  for (const [name, value] of measures) yield csvRecord(['summary', name, value]);
  yield '\r\n';

  yield csvRecord(['section', 'start', 'end', 'tickets', 'direct', 'indirect']);
  for (const d of report.deflectionSeries) {
    yield csvRecord(['deflection', d.start, d.end, tenths(d.tickets), tenths(d.direct), tenths(d.indirect)]);
  }
  yield '\r\n';

  const weeks = [report.topWeeks.from, report.topWeeks.to];
  yield csvRecord(['section', 'rank', 'id', 'title', 'board', 'votes', 'weeksFrom', 'weeksTo']);
  for (const [i, post] of report.topPosts.entries()) {
    yield csvRecord(['topPost', i + 1, post.id, post.title, post.boardSlug, post.votes, ...weeks]);
  }
  yield '\r\n';

  yield csvRecord(['section', 'rank', 'id', 'name', 'mrr', 'votes', 'weeksFrom', 'weeksTo']);
  for (const [i, company] of report.topCompanies.entries()) {
    yield csvRecord(['topCompany', i + 1, company.id, company.name, company.mrr, company.votes, ...weeks]);
  }
}

/** Forms left for a suggestion whose post was never sent (never below zero: counted on different days). */
export const abandoned = (totals: { formsLeftForSuggestion: number; formsPostedAfterSuggestion: number }) =>
  Math.max(0, totals.formsLeftForSuggestion - totals.formsPostedAfterSuggestion);
