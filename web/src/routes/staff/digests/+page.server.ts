import { error, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { NotFoundError, ValidationError } from '$shared/domain/errors.ts';
import { weekThatEnded } from '$shared/domain/iso-week.ts';
import { isAdmin, isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { digestView, weekSummary } from '$lib/server/digest-view.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can see the weekly digest.' : 'Sign in as staff to see the weekly digest.',
    );
  }
  const { services, config } = runtime();
  const week = url.searchParams.get('week')?.trim() || undefined;
  const as = url.searchParams.get('as') || undefined;
  const cursor = url.searchParams.get('cursor') ?? undefined;
  let errors: Record<string, string> = {};
  const preview = await loadOrError(async () => {
    try {
      return await services.digests.preview(locals.actor, { week, as });
    } catch (e) {
      // A hand-typed week or a recipient who left the list is shown by its field, with the default preview.
      if (e instanceof ValidationError) errors = e.fields;
      else if (e instanceof NotFoundError && as) errors = { as: 'That recipient no longer gets the digest.' };
      else throw e;
      return services.digests.preview(locals.actor, {});
    }
  });
  const archive = await loadOrError(() => services.digests.archive(locals.actor, { cursor }));
  return {
    preview: digestView(preview),
    errors,
    asked: { week: week ?? '', as: as ?? '' },
    archive: { weeks: archive.weeks.map(weekSummary), nextCursor: archive.nextCursor },
    firstPage: cursor === undefined,
    canSend: isAdmin(locals.actor),
    // The schedule's week on a Monday morning; on other days, the last whole week too.
    lastWeek: weekThatEnded(new Date(), config.digestTimeZone ?? 'UTC'),
  };
};

export const actions: Actions = {
  send: async ({ request, locals }: RequestEvent) => {
    const values = formValues(await request.formData(), ['week']);
    values.week = values.week?.trim() ?? '';
    const run = await actionOrFail(
      () => runtime().services.digests.sendNow(locals.actor, values),
      values,
      'send',
    );
    if (failed(run)) return run;
    return { run };
  },
};
