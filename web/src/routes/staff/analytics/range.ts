/**
 * The dashboard's date range as it travels in the address (`?from=&to=&interval=`), so that a view is a
 * link: the page, its CSV and the settings form's way back all read it the same way. Only what was
 * asked goes to the service, which fills in the defaults and words its own errors.
 */
const RANGE_FIELDS = ['from', 'to', 'interval'] as const;

/** The range asked for, as typed (empty fields left out). */
export function rangeOf(params: URLSearchParams): Record<(typeof RANGE_FIELDS)[number], string> {
  return Object.fromEntries(RANGE_FIELDS.map((f) => [f, params.get(f)?.trim() ?? ''])) as Record<
    (typeof RANGE_FIELDS)[number],
    string
  >;
}

/** What the service reads (its ReportQuery): the fields that were given, as given; it validates them. */
export function queryOf(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(Object.entries(rangeOf(params)).filter(([, value]) => value !== ''));
}

/** `?from=…&to=…` with only the range's own fields (nothing else a link could smuggle in). */
export function searchOf(params: URLSearchParams | Record<string, string>): string {
  const query = new URLSearchParams(
    Object.entries(rangeOf(new URLSearchParams(params))).filter(([, value]) => value !== ''),
  ).toString();
  return query ? `?${query}` : '';
}

const DAY = 86_400_000;
export const dayBefore = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10);

/** The preset ranges, each ending today: the last 7, 30, 90 and 365 days. */
export function presets(today: string): { days: number; from: string; to: string; href: string }[] {
  return [7, 30, 90, 365].map((days) => {
    const from = dayBefore(today, days - 1);
    return { days, from, to: today, href: `/staff/analytics?from=${from}&to=${today}` };
  });
}
