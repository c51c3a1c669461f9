/**
 * The analytics dashboard (issue 18), for staff: activity, answers and deflection over a date range
 * that travels in the address, and the admins' analytics settings. One report read per view (the
 * service's: one Query of the day counters, one per ISO week of requests).
 */
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isAdmin, isStaff } from '$shared/domain/types.ts';
import { ValidationError } from '$shared/domain/errors.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { presets, queryOf, rangeOf, searchOf } from './range.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can read the analytics.' : 'Sign in as staff to read the analytics.',
    );
  }
  const analytics = runtime().services.analytics;
  const asked = rangeOf(url.searchParams);
  // A range typed wrong shows the default range, with the reason under the field, not an error page.
  let rangeErrors: Record<string, string> = {};
  const report = await loadOrError(async () => {
    try {
      return await analytics.report(locals.actor, queryOf(url.searchParams));
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      rangeErrors = e.fields;
      return analytics.report(locals.actor, {});
    }
  });
  const today = new Date().toISOString().slice(0, 10);
  return {
    report,
    asked,
    rangeErrors,
    admin: isAdmin(locals.actor),
    presets: presets(today),
    csv: `/staff/analytics/export.csv${searchOf({ from: report.from, to: report.to, interval: report.interval })}`,
  };
};

const SETTINGS_FIELDS = ['enabled', 'indirectShare', 'costLow', 'costHigh', 'currency', 'range'] as const;

/**
 * The form's numbers as the settings hold them. The share is typed as a percentage, so its bounds are
 * worded here; everything else is the service's to judge.
 */
function settingsOf(values: Record<string, string>): {
  input: Record<string, unknown>;
  fields: Record<string, string>;
} {
  const fields: Record<string, string> = {};
  const number = (name: string, what: string) => {
    const typed = (values[name] ?? '').trim();
    const n = typed === '' ? NaN : Number(typed);
    if (!Number.isFinite(n)) fields[name] = `Enter ${what} as a number.`;
    return n;
  };
  const percent = number('indirectShare', 'the share');
  if (!fields.indirectShare && (percent < 0 || percent > 100)) {
    fields.indirectShare = 'Enter a share from 0% to 100%.';
  }
  const costLow = number('costLow', 'the low cost');
  const costHigh = number('costHigh', 'the high cost');
  const currency = (values.currency ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    fields.currency = 'Enter a three-letter currency code, such as USD or EUR.';
  return {
    input: {
      enabled: values.enabled === 'on',
      // To the hundredth of a percent, as the field's step allows (0.01%) and the settings hold it
      // (0.0001): 9.25% stays 0.0925, and 9.1% is 0.091, not 0.09099999.
      indirectShare: Math.round(percent * 100) / 10_000,
      costLow,
      costHigh,
      currency,
    },
    fields,
  };
}

export const actions: Actions = {
  settings: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), SETTINGS_FIELDS);
    const back = `/staff/analytics${searchOf(new URLSearchParams(values.range))}`;
    const { input, fields } = settingsOf(values);
    if (Object.keys(fields).length > 0) {
      return fail(400, { message: 'Please fix the highlighted fields.', fields, values, scope: 'settings' });
    }
    const result = await actionOrFail(
      () => runtime().services.analytics.saveSettings(locals.actor, input),
      values,
      'settings',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      result.enabled
        ? 'Analytics settings saved: counting is on.'
        : 'Analytics settings saved: counting is off, and nothing new is counted.',
    );
    redirect(303, back);
  },
};
