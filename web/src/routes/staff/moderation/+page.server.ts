import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isAdmin, isStaff } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can review flagged and held posts.' : 'Sign in as staff to review posts.',
    );
  }
  const cursor = url.searchParams.get('cursor') || undefined;
  const queue = await loadOrError(() =>
    runtime().services.moderation.queue(locals.actor, cursor ? { cursor } : {}),
  );
  return {
    items: queue.items,
    next: queue.cursor ? `?cursor=${encodeURIComponent(queue.cursor)}` : null,
    firstPage: !cursor,
    admin: isAdmin(locals.actor),
  };
};

/**
 * The radio's value names the decision and, for an agreement, what to do: `agree-hide`, `agree-remove`,
 * `disagree`, `approve` (a held post) or `edit` (the staff's corrected text, then published).
 */
function decisionOf(choice: string) {
  const [decision, action] = choice.split('-');
  return { decision: decision ?? '', ...(action ? { action } : {}) };
}

const SUCCESS = {
  published: 'Published: everyone can read it.',
  held: 'It stays held for review.',
  flagged: 'It stays hidden pending review.',
  hidden: 'Hidden: only its author and staff can read it, and the author is told why.',
  removed: 'Removed: the author is told why.',
} as const;

export const actions: Actions = {
  decide: async ({ request, locals, cookies }) => {
    const values = formValues(await request.formData(), ['id', 'choice', 'reason', 'title', 'body']);
    const { decision, action } = decisionOf(values.choice ?? '');
    const edit = decision === 'edit';
    const result = await actionOrFail(
      () =>
        runtime().services.moderation.decide(locals.actor, values.id ?? '', {
          decision: decision as 'agree',
          ...(action ? { action: action as 'hide' } : {}),
          ...(values.reason ? { reason: values.reason } : {}),
          ...(edit && values.title ? { title: values.title } : {}),
          ...(edit ? { body: values.body ?? '' } : {}),
        }),
      values,
      `decide:${values.id}`,
    );
    if (failed(result)) return result;
    setFlash(cookies, SUCCESS[result.state]);
    // Back to the queue's first page: the item decided has left it, so a later page's cursor may not hold.
    redirect(303, '/staff/moderation');
  },
};
