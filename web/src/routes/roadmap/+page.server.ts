import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { voteActions } from '$lib/server/vote-actions.ts';

export const load: PageServerLoad = async ({ locals }) => {
  const { services } = runtime();
  const [roadmap, boards] = await Promise.all([
    services.posts.roadmap(locals.actor),
    services.boards.list(locals.actor),
  ]);
  return { roadmap, boardNames: Object.fromEntries(boards.map((b) => [b.slug, b.name])) };
};

export const actions: Actions = { ...voteActions };
