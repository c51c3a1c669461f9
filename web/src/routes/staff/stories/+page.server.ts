import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { CONSENT_LABEL, CONSENT_LEVELS } from '$shared/domain/consent.ts';
import { ValidationError } from '$shared/domain/errors.ts';
import { STORY_APPROVAL_STATES } from '$shared/domain/schemas.ts';
import { isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';

/** The filters the page, its exports and its "Load more" link share, as the query string names them. */
const FILTERS = ['consent', 'approval', 'tag', 'company', 'hasOutcome', 'featured', 'from', 'to'] as const;

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can see the stories workspace.' : 'Sign in as staff to see stories.',
    );
  }
  const filters = Object.fromEntries(
    FILTERS.map((f) => [f, url.searchParams.get(f) ?? ''] as const).filter(([, v]) => v !== ''),
  );
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const { services } = runtime();
  const tags = await loadOrError(() => services.boards.tags(locals.actor));
  let errors: Record<string, string> = {};
  const page = await loadOrError(async () => {
    try {
      return await services.stories.workspace(locals.actor, { ...filters, ...(cursor ? { cursor } : {}) });
    } catch (e) {
      // A filter that does not parse (a hand-edited date) is shown by its field, not as an error page.
      if (!(e instanceof ValidationError)) throw e;
      errors = e.fields;
      return { stories: [], nextCursor: null };
    }
  });
  return {
    ...page,
    filters,
    errors,
    firstPage: cursor === undefined,
    query: new URLSearchParams(filters).toString(),
    tags: tags.map((t) => ({ slug: t.slug, name: t.name })),
    consentLevels: CONSENT_LEVELS.map((level) => ({ level, label: CONSENT_LABEL[level] })),
    approvalStates: [...STORY_APPROVAL_STATES],
  };
};
