/**
 * What the analytics API reads and answers (domain/analytics.ts holds the rules): the route's input
 * schemas and the response schemas it declares, so the OpenAPI document is generated from the same
 * definitions. The service parses again (the dashboard page calls it too) and checks what spans fields:
 * from after to, a range over MAX_RANGE_DAYS.
 */
import * as z from 'zod';
import {
  DAY_COUNTERS,
  RANGE_INTERVALS,
  type AnalyticsReport,
  type AnalyticsSettings,
  type DayCounter,
} from './analytics.ts';

/** A real calendar day, yyyy-mm-dd (2026-02-30 is not one). */
const day = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field} must be a date, YYYY-MM-DD.`)
    .refine((s) => isCalendarDay(s), `${field} is not a day of the calendar.`);

function isCalendarDay(s: string): boolean {
  const at = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === s;
}

export const reportQuerySchema = z.object({
  from: day('From').optional().describe('First day (UTC, inclusive); 29 days before `to` when omitted'),
  to: day('To').optional().describe('Last day (UTC, inclusive); today when omitted'),
  interval: z
    .enum(RANGE_INTERVALS, { error: 'Interval must be day or week.' })
    .optional()
    .describe('Buckets of the series: day, or ISO week (week when the range is over 92 days and unset)'),
});

export const helpfulInputSchema = z.object({
  answer: z.enum(['yes', 'no'], { error: 'Answer must be yes or no.' }),
});
export type HelpfulInput = z.infer<typeof helpfulInputSchema>;

export const helpfulResultView = z.object({
  counted: z
    .boolean()
    .describe('False when not counted (staff, a bot, analytics off); the answer is thanked either way'),
});

/**
 * The whole settings object, as admins save it (the same bounds as analyticsSettingsSchema, and what
 * spans fields: a range's low end is not above its high end). The API and the service both parse it.
 */
export const analyticsSettingsInputSchema = z
  .object({
    enabled: z.boolean({ error: 'Enabled must be true or false.' }).describe('Off: nothing is counted'),
    indirectShare: z
      .number({ error: 'The indirect share must be a number.' })
      .min(0, 'The indirect share must be between 0 and 1.')
      .max(1, 'The indirect share must be between 0 and 1.')
      // A percentage with two decimals (9.25%): what the formula prints is what is applied.
      .refine(
        (share) => Math.round(share * 10_000) / 10_000 === share,
        'The indirect share may have at most 4 decimals (steps of 0.0001).',
      )
      .describe(
        'The share of answered-question views (without a yes or no) counted as a ticket saved, in steps of 0.0001',
      ),
    costLow: cost('The low cost'),
    costHigh: cost('The high cost'),
    currency: z
      .string({ error: 'Currency must be a three-letter code.' })
      .regex(/^[A-Z]{3}$/, 'Currency must be a three-letter code, such as USD.')
      .default('USD'),
  })
  .refine((s) => s.costLow <= s.costHigh, {
    path: ['costHigh'],
    message: 'Must be at least the low cost.',
  });

function cost(label: string) {
  return z
    .number({ error: `${label} must be a number.` })
    .min(0, `${label} must be between 0 and 100000.`)
    .max(100_000, `${label} must be between 0 and 100000.`)
    .describe('Cost of one support ticket, in the currency');
}

export const analyticsSettingsView = z
  .object({
    enabled: z.boolean(),
    indirectShare: z.number(),
    costLow: z.number(),
    costHigh: z.number(),
    currency: z.string(),
  })
  .meta({ id: 'AnalyticsSettings' });

const counterShape = Object.fromEntries(DAY_COUNTERS.map((c) => [c, z.number()])) as Record<
  DayCounter,
  z.ZodNumber
>;
const dayCountersView = z.object(counterShape).meta({ id: 'AnalyticsCounters' });

export const analyticsReportView = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.enum(RANGE_INTERVALS),
    settings: analyticsSettingsView,
    series: z
      .array(z.object({ start: z.string(), end: z.string(), ...counterShape }))
      .describe('One point per day or ISO week (a week starts on its Monday, clipped to the range)'),
    totals: dayCountersView,
    answeredRate: z.number().nullable().describe('Questions asked in the range that have an accepted answer'),
    meanHoursToFirstResponse: z.number().nullable(),
    deflection: z.object({
      direct: z.number(),
      indirect: z.number(),
      tickets: z.number(),
      low: z.number(),
      mid: z.number(),
      high: z.number(),
    }),
    deflectionSeries: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        tickets: z.number(),
        direct: z.number(),
        indirect: z.number(),
      }),
    ),
    topWeeks: z
      .object({ from: z.string(), to: z.string() })
      .describe('The ISO weeks the top lists were read from (may reach outside from and to)'),
    topPosts: z.array(
      z.object({ id: z.string(), title: z.string(), boardSlug: z.string(), votes: z.number() }),
    ),
    topCompanies: z.array(
      z.object({ id: z.string(), name: z.string(), mrr: z.number().nullable(), votes: z.number() }),
    ),
  })
  .meta({ id: 'AnalyticsReport' });

// The schemas above and the domain's types must describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameReport: Same<z.infer<typeof analyticsReportView>, AnalyticsReport> = true;
const sameSettings: Same<z.infer<typeof analyticsSettingsView>, AnalyticsSettings> = true;
const sameInput: Same<z.output<typeof analyticsSettingsInputSchema>, AnalyticsSettings> = true;
void sameReport;
void sameSettings;
void sameInput;
