import type { PostKind, PostStatus } from '$shared/domain/types.ts';
import { KIND_WORDING } from '$shared/domain/board-kinds.ts';

export const STATUS_LABELS: Record<PostStatus, string> = {
  open: 'Open',
  under_review: 'Under review',
  planned: 'Planned',
  in_progress: 'In progress',
  shipped: 'Shipped',
  declined: 'Declined',
  merged: 'Merged',
};

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of steps)
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return 'just now';
}

/** MRR is stored in whole units of the site currency: "$1,250", never cents. */
const money = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
export const formatMrr = (amount: number): string => money.format(amount);

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const kindWords = (pick: (w: (typeof KIND_WORDING)[PostKind]) => string) =>
  Object.fromEntries(Object.entries(KIND_WORDING).map(([kind, w]) => [kind, pick(w)])) as Record<
    PostKind,
    string
  >;

export const KIND_LABELS = kindWords((w) => w.one);
export const KIND_PLURALS = kindWords((w) => w.many);

// UTC, so the server's rendering and the browser's hydration agree whatever the visitor's zone.
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** "12 Sep 2026" style; an empty string for a missing or unreadable date. */
export function formatDate(iso: string | undefined): string {
  const time = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(time) ? '' : dateFormat.format(time);
}

export function formatDateTime(iso: string | undefined): string {
  const time = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(time) ? '' : `${dateTimeFormat.format(time)} UTC`;
}

/**
 * Where "Sign in" points: the sign-in page (an emailed link; locally also the demo people), coming back
 * to this page afterwards. `localMode` is kept for callers that still pass it.
 */
export function signInHref(url: URL, _localMode?: boolean): string {
  // A page rendered by a form action has the action in its query (`?/post`): coming back is a GET.
  const query = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair && !pair.startsWith('/') && !pair.startsWith('%2F'))
    .join('&');
  return `/sign-in?next=${encodeURIComponent(url.pathname + (query ? `?${query}` : ''))}`;
}
