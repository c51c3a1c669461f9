import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { voteActions } from '$lib/server/vote-actions.ts';

export const load: PageServerLoad = async ({ params, url, locals }) => {
  const query = Object.fromEntries(
    ['sort', 'cursor'].flatMap((k) => (url.searchParams.has(k) ? [[k, url.searchParams.get(k)]] : [])),
  );
  const list = await loadOrError(() => runtime().services.posts.list(locals.actor, params.slug, query));
  return {
    ...list,
    sort: (query.sort as string | undefined) ?? 'top',
    paged: url.searchParams.has('cursor'),
  };
};

export const actions: Actions = {
  post: async ({ request, params, locals }) => {
    const data = await request.formData();
    const values = formValues(data, ['title', 'body']);
    const result = await actionOrFail(
      () => runtime().services.posts.create(locals.actor, params.slug, values),
      values,
    );
    if ('id' in result) redirect(303, `/p/${result.id}`);
    return result;
  },
  ...voteActions,
};
