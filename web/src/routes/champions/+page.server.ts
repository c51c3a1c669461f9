import type { PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ url, locals }) => {
  // The period lives in the address, so each view is a link and works without JavaScript; anything
  // unknown is this month, the view that changes most.
  const period = url.searchParams.get('period') === 'all' ? 'all' : 'month';
  const board = await loadOrError(() => runtime().services.reputation.champions(locals.actor, { period }));
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
    ranked: board.ranked,
  };
};
