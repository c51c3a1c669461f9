import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { DIGEST_TEAM_LABELS } from '$shared/domain/digest.ts';
import { NotFoundError, ValidationError } from '$shared/domain/errors.ts';
import { isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { digestView } from '$lib/server/digest-view.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ locals, params, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can see past digests.' : 'Sign in as staff to see past digests.',
    );
  }
  const { services } = runtime();
  const as = url.searchParams.get('as') || undefined;
  let errors: Record<string, string> = {};
  const archived = await loadOrError(async () => {
    try {
      return await services.digests.archived(locals.actor, params.week, { as });
    } catch (e) {
      // A week that is not one (a mistyped address) is a page that does not exist, as an unknown week.
      if (e instanceof ValidationError) error(404, 'Not found');
      if (!(e instanceof NotFoundError) || !as) throw e;
      errors = { as: 'That recipient no longer gets the digest.' };
      return services.digests.archived(locals.actor, params.week, {});
    }
  });
  return {
    digest: digestView(archived),
    errors,
    sends: archived.sends.map((s) => ({
      recipient: s.recipient,
      email: s.email,
      team: DIGEST_TEAM_LABELS[s.team],
      status: s.status,
      sentAt: s.sentAt ?? null,
    })),
  };
};
