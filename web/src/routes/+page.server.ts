import type { PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';

export const load: PageServerLoad = async ({ locals }) => ({
  boards: await runtime().services.boards.list(locals.actor),
});
