import type { PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ url, locals }) => {
  // The period lives in the address, so each view is a link and works without JavaScript; anything
  // unknown is this month, the view that changes most.
  const period = url.searchParams.get('period') === 'all' ? 'all' : 'month';
  const { services } = runtime();
  const board = await loadOrError(() => services.reputation.champions(locals.actor, { period }));
  // How often each one's accepted answers were read (issue 18), over the same period as their points:
  // the month the service ranked, or all time. One read for the whole list.
  const reach = await services.analytics.reach(
    board.ranked.map((r) => r.userId),
    period === 'all' ? 'ALL' : (board.month ?? new Date().toISOString().slice(0, 7)),
  );
  return {
    period,
    // The month the service ranked, as words for the heading; its months are UTC's, as its days are.
    monthLabel: board.month
      ? new Date(`${board.month}-01T00:00:00Z`).toLocaleDateString('en', {
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        })
      : null,
    marked: board.marked,
    ranked: board.ranked.map((r) => ({ ...r, reach: reach.get(r.userId) ?? 0 })),
  };
};
