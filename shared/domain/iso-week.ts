/**
 * ISO 8601 weeks ("2026-W49": Monday to Sunday, week 1 holds the year's first Thursday), the unit the
 * weekly digest is sent and keyed by. Dates are calendar dates (YYYY-MM-DD); which date it is "now"
 * depends on the stage's time zone, so the schedule's week is taken in that zone.
 */
import * as z from 'zod';

const DAY_MS = 86_400_000;
const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

const utcDate = (day: string) => new Date(`${day}T00:00:00Z`);
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(utcDate(day).getTime() + n * DAY_MS));
/** Monday 0 … Sunday 6. */
const weekday = (day: string) => (utcDate(day).getUTCDay() + 6) % 7;

/** The ISO week a calendar date falls in. */
export function isoWeekOf(day: string): string {
  const thursday = addDays(day, 3 - weekday(day));
  const year = Number(thursday.slice(0, 4));
  const firstThursday = addDays(`${year}-01-04`, 3 - weekday(`${year}-01-04`));
  const week =
    1 + Math.round((utcDate(thursday).getTime() - utcDate(firstThursday).getTime()) / (7 * DAY_MS));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week's Monday and Sunday; null for a string that is not an ISO week that exists. */
export function weekDays(week: string): { monday: string; sunday: string } | null {
  const match = WEEK_PATTERN.exec(week);
  if (!match) return null;
  const [year, n] = [Number(match[1]), Number(match[2])];
  const mondayOfWeek1 = addDays(`${year}-01-04`, -weekday(`${year}-01-04`));
  const monday = addDays(mondayOfWeek1, (n - 1) * 7);
  // W00, W54, or W53 in a year of 52 weeks name a week of another year: not this one.
  if (n < 1 || isoWeekOf(monday) !== week) return null;
  return { monday, sunday: addDays(monday, 6) };
}

/** The seven dates of a week, Monday first. */
export function daysOfWeek(week: string): string[] {
  const days = weekDays(week);
  if (!days) throw new Error(`Not an ISO week: ${week}`);
  return Array.from({ length: 7 }, (_, i) => addDays(days.monday, i));
}

export function previousWeek(week: string): string {
  const days = weekDays(week);
  if (!days) throw new Error(`Not an ISO week: ${week}`);
  return isoWeekOf(addDays(days.monday, -7));
}

/** The calendar date it is at `now` in an IANA time zone. */
export function localDay(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * The last whole week before `now` in the zone: on the schedule's Monday morning, the week that just
 * ended; on any other day, the same week, so a late or repeated run names the week it was meant for.
 */
export function weekThatEnded(now: Date, timeZone: string): string {
  return isoWeekOf(addDays(localDay(now, timeZone), -7));
}

export const isoWeekSchema = z
  .string({ error: 'The week is required, as 2026-W49.' })
  .refine((w) => weekDays(w) !== null, 'The week must be an ISO week that exists, as 2026-W49.');

/** The instant a calendar date begins in an IANA time zone. */
export function zonedMidnight(day: string, timeZone: string): Date {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  // The zone's offset at an instant: its wall-clock time read as if it were UTC, minus the instant.
  const offsetAt = (t: number) => {
    const p = Object.fromEntries(format.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
    const wall = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    return wall - Math.floor(t / 1000) * 1000;
  };
  const wallMidnight = utcDate(day).getTime();
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const guess = wallMidnight - offsetAt(wallMidnight);
  return new Date(wallMidnight - offsetAt(guess));
}

/** Where a week begins and ends in a zone: Monday 00:00 to the next Monday 00:00, as instants. */
export function weekBounds(week: string, timeZone: string): { start: string; end: string } {
  const days = weekDays(week);
  if (!days) throw new Error(`Not an ISO week: ${week}`);
  return {
    start: zonedMidnight(days.monday, timeZone).toISOString(),
    end: zonedMidnight(addDays(days.sunday, 1), timeZone).toISOString(),
  };
}
