/**
 * What the dashboard's charts share: a bucket's words (a day, or a week clipped to the range), numbers
 * in the page's one locale, and the few sizes that make a chart drawn in a 600-wide viewBox read the same
 * as the house votes chart at any width.
 */
import { formatDate } from '$lib/format';

/** One bucket of a series: a day (start = end) or an ISO week, clipped to the range. */
export interface Bucket {
  start: string;
  end: string;
}

export type Interval = 'day' | 'week';

/** The viewBox and margins: room on the left for the largest label, below for the dates. */
export const FRAME = { width: 600, height: 180, top: 12, right: 12, bottom: 30, left: 64 } as const;
export const PLOT_WIDTH = FRAME.width - FRAME.left - FRAME.right;
export const PLOT_HEIGHT = FRAME.height - FRAME.top - FRAME.bottom;

const numbers = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
export const formatNumber = (n: number): string => numbers.format(n);

/** "3 Nov 2026", or "3 Nov 2026 – 9 Nov 2026" for a week. */
export function bucketLabel(bucket: Bucket): string {
  return bucket.start === bucket.end
    ? formatDate(bucket.start)
    : `${formatDate(bucket.start)} – ${formatDate(bucket.end)}`;
}

/**
 * A week cut short by the range's start or end: it counts only its days inside the range (a person first
 * active earlier in that week is not in it), so it reads low beside a whole week.
 */
export const isPartial = (bucket: Bucket, interval: Interval): boolean =>
  interval === 'week' && Date.parse(bucket.end) - Date.parse(bucket.start) < 6 * 86_400_000;

/** A bucket's row header in a chart's table: its label, and whether it is a partial week. */
export const rowLabel = (bucket: Bucket, interval: Interval): string =>
  isPartial(bucket, interval) ? `${bucketLabel(bucket)} (partial week)` : bucketLabel(bucket);

/** The words for a bucket in a sentence: "on 3 Nov 2026" or "in the week of 3 Nov 2026". */
export function bucketPhrase(bucket: Bucket, interval: Interval): string {
  return interval === 'day' ? `on ${formatDate(bucket.start)}` : `in the week of ${formatDate(bucket.start)}`;
}

/** The largest value, at least `floor`, so that an all-small chart does not stretch 1 to full height. */
export const maxOf = (values: readonly (number | null)[], floor = 1): number =>
  Math.max(floor, ...values.map((v) => v ?? 0));

/** The y of a value in the plot (0 at the bottom). */
export const yOf = (value: number, max: number): number =>
  FRAME.top + (1 - Math.max(0, Math.min(value, max)) / max) * PLOT_HEIGHT;
