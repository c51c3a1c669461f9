import type { Actions, PageServerLoad } from './$types';
import { isAdmin, POST_KINDS } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { createBoardAction } from '$lib/server/board-actions.ts';

export const load: PageServerLoad = async ({ locals }) => ({
  boards: await runtime().services.boards.list(locals.actor),
  isAdmin: isAdmin(locals.actor),
  kinds: [...POST_KINDS],
});

export const actions: Actions = { createBoard: createBoardAction };
