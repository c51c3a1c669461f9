/**
 * The moderation audit log, for admins: one month at a time (the log is kept by month), newest first,
 * a page at a time; the month travels in the address, so a view is linkable, and its CSV downloads.
 */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { isAdmin } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isAdmin(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only admins can read the audit log.' : 'Sign in as an admin to read the audit log.',
    );
  }
  const asked = url.searchParams.get('month') ?? '';
  // A hand-typed month that is no month shows this month, with a word about it, not an error page.
  const month = MONTH.test(asked) ? asked : new Date().toISOString().slice(0, 7);
  const cursor = url.searchParams.get('cursor') || undefined;
  const page = await loadOrError(() =>
    runtime().services.auditLog.page(locals.actor, { month, ...(cursor ? { cursor } : {}), limit: 50 }),
  );
  return {
    month,
    badMonth: asked !== '' && asked !== month,
    items: page.items,
    next: page.cursor ? `?month=${month}&cursor=${encodeURIComponent(page.cursor)}` : null,
    paged: !!cursor,
  };
};
