/** GET /staff/audit/export.csv?month=yyyy-mm: one month of the moderation audit log, for admins. */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const GET: RequestHandler = async ({ locals, url }) => {
  const month = url.searchParams.get('month') || new Date().toISOString().slice(0, 7);
  const csv = await loadOrError(() => runtime().services.auditLog.csv(locals.actor, { month }));
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-log-${month.replace(/[^\d-]/g, '')}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
};
