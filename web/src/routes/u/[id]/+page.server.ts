import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { PROFILE_TABS, type ProfileTab } from '$shared/services/profile-service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { voteActions } from '$lib/server/vote-actions.ts';
import { isUlid } from '$lib/post-id.ts';

export const load: PageServerLoad = async ({ params, url, locals }) => {
  // A mistyped address is a page that does not exist, not a bad request.
  if (!isUlid(params.id)) error(404, 'Not found');
  const { services } = runtime();
  const asked = url.searchParams.get('tab');
  const tab: ProfileTab = PROFILE_TABS.find((t) => t === asked) ?? 'posts';
  const cursor = url.searchParams.get('cursor') || undefined;
  const [profile, tags, boards] = await Promise.all([
    loadOrError(() => services.profiles.get(locals.actor, params.id, { tab, cursor })),
    services.boards.tags(locals.actor),
    services.boards.list(locals.actor),
  ]);
  return {
    profile: {
      ...profile,
      comments: profile.comments.map((c) => ({ ...c, bodyHtml: renderMarkdown(c.body) })),
    },
    tags,
    boardNames: Object.fromEntries(boards.map((b) => [b.slug, b.name])),
    paged: !!cursor,
  };
};

export const actions: Actions = {
  ...voteActions,
  role: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['role']);
    const result = await actionOrFail(
      () => runtime().services.profiles.setRole(locals.actor, params.id, values),
      values,
      'role',
    );
    if (failed(result)) return result;
    setFlash(cookies, `${result.name} is now ${result.role === 'customer' ? 'a customer' : result.role}.`);
    redirect(303, `/u/${params.id}`);
  },
};
