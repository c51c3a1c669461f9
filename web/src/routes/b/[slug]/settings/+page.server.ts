import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isAdmin, POST_KINDS } from '$shared/domain/types.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { boardSettingsActions } from '$lib/server/board-actions.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
  if (!isAdmin(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user
        ? 'Only admins can change a board’s settings.'
        : 'Sign in as an admin to change a board’s settings.',
    );
  }
  return {
    board: await loadOrError(() => runtime().services.boards.get(locals.actor, params.slug)),
    kinds: [...POST_KINDS],
  };
};

export const actions: Actions = boardSettingsActions;
