import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isStaff } from '$shared/domain/types.ts';
import { COMPANY_ID_PATTERN } from '$shared/domain/schemas.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
  // As the company list: a customer is told the page is for staff, not that the company is unknown.
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can see companies.' : 'Sign in as staff to see companies.',
    );
  }
  // A mistyped address is a page that does not exist, not a bad request.
  if (!COMPANY_ID_PATTERN.test(params.id)) error(404, 'Not found');
  const { services } = runtime();
  const [page, boards] = await Promise.all([
    loadOrError(() => services.demand.company(locals.actor, params.id)),
    services.boards.list(locals.actor),
  ]);
  return { ...page, boardNames: Object.fromEntries(boards.map((b) => [b.slug, b.name])) };
};
