import type { Actions, PageServerLoad } from './$types';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { runtime } from '$lib/server/runtime.ts';
import { loadOrError } from '$lib/server/kit-errors.ts';
import { voteActions } from '$lib/server/vote-actions.ts';

export const load: PageServerLoad = async ({ params, locals }) => {
  const detail = await loadOrError(() => runtime().services.posts.get(locals.actor, params.id));
  return {
    board: detail.board,
    post: { ...detail.post, bodyHtml: renderMarkdown(detail.post.body) },
    comments: detail.comments.map((c) => ({ ...c, bodyHtml: renderMarkdown(c.body) })),
  };
};

export const actions: Actions = { ...voteActions };
