/** GET /staff/analytics/export.csv?from=&to=&interval=: the dashboard's range as CSV (staff). */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { analyticsCsv, csvFileName } from '../analytics-csv.ts';
import { queryOf } from '../range.ts';

export const GET: RequestHandler = async ({ url, locals }) => {
  // The report is read first, so a refusal or a bad range answers its status before any byte, and the
  // file can be named after the range the service settled on (its defaults filled in).
  const report = await loadOrError(() =>
    runtime().services.analytics.report(locals.actor, queryOf(url.searchParams)),
  );
  const response = await download({
    pieces: (async function* () {
      yield* analyticsCsv(report);
    })(),
    contentType: 'text/csv',
    name: 'hearth-analytics',
  });
  // download() names a file after the day it was made; this one is named after the days it covers.
  response.headers.set('content-disposition', `attachment; filename="${csvFileName(report)}"`);
  return response;
};
