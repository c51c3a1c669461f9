import { describe, expect, it } from 'vitest';
import { daysOfWeek, isoWeekOf, previousWeek, weekDays, weekThatEnded, weekBounds } from './iso-week.ts';

describe('ISO weeks', () => {
  it.each([
    ['2026-12-02', '2026-W49'],
    ['2026-12-07', '2026-W50'],
    ['2026-12-06', '2026-W49'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
    ['2026-01-01', '2026-W01'],
    ['2027-01-01', '2026-W53'],
  ])('%s is in %s', (day, week) => expect(isoWeekOf(day)).toBe(week));

  it('knows each week’s Monday and Sunday, and which weeks exist', () => {
    expect(weekDays('2026-W49')).toEqual({ monday: '2026-11-30', sunday: '2026-12-06' });
    expect(weekDays('2020-W53')).toEqual({ monday: '2020-12-28', sunday: '2021-01-03' });
    expect(weekDays('2025-W53')).toBeNull(); // 2025 has 52 weeks
    expect(weekDays('2026-W00')).toBeNull();
    expect(weekDays('2026-49')).toBeNull();
    expect(daysOfWeek('2026-W01')).toEqual([
      '2025-12-29',
      '2025-12-30',
      '2025-12-31',
      '2026-01-01',
      '2026-01-02',
      '2026-01-03',
      '2026-01-04',
    ]);
    expect(previousWeek('2026-W01')).toBe('2025-W52');
    expect(previousWeek('2021-W01')).toBe('2020-W53');
  });

  it('takes the week that just ended in the stage’s time zone', () => {
    const mondayMorningUtc = new Date('2026-12-07T07:30:00Z');
    // Already Monday evening in Auckland: W49 just ended.
    expect(weekThatEnded(mondayMorningUtc, 'Pacific/Auckland')).toBe('2026-W49');
    expect(weekThatEnded(mondayMorningUtc, 'Europe/Berlin')).toBe('2026-W49');
    // Still Sunday night in Los Angeles: W49 is not over, W48 is the last whole week.
    expect(weekThatEnded(mondayMorningUtc, 'America/Los_Angeles')).toBe('2026-W48');
    // A late run later in the week still names the week before it.
    expect(weekThatEnded(new Date('2026-12-10T12:00:00Z'), 'UTC')).toBe('2026-W49');
  });
});

describe('weekBounds', () => {
  it('runs Monday to Monday at midnight in the zone', () => {
    expect(weekBounds('2026-W49', 'UTC')).toEqual({
      start: '2026-11-30T00:00:00.000Z',
      end: '2026-12-07T00:00:00.000Z',
    });
    expect(weekBounds('2026-W49', 'Europe/Berlin')).toEqual({
      start: '2026-11-29T23:00:00.000Z',
      end: '2026-12-06T23:00:00.000Z',
    });
    expect(weekBounds('2026-W49', 'America/Los_Angeles').start).toBe('2026-11-30T08:00:00.000Z');
  });

  it('follows daylight saving: the week it ends in is an hour shorter', () => {
    // Europe/Berlin springs forward on Sunday 29 March 2026.
    const { start, end } = weekBounds('2026-W13', 'Europe/Berlin');
    expect(start).toBe('2026-03-22T23:00:00.000Z');
    expect(end).toBe('2026-03-29T22:00:00.000Z');
  });
});
