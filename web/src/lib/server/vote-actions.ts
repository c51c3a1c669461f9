/** The vote and unvote form actions, shared by every page that shows a vote button. */
import type { RequestEvent } from '@sveltejs/kit';
import { runtime } from './runtime.ts';
import { actionOrFail } from './kit-errors.ts';

const postIdOf = async (request: Request) => String((await request.formData()).get('postId') ?? '');

export const voteActions = {
  vote: async ({ request, locals }: RequestEvent) => {
    const postId = await postIdOf(request);
    return actionOrFail(() => runtime().services.votes.vote(locals.actor, postId));
  },
  unvote: async ({ request, locals }: RequestEvent) => {
    const postId = await postIdOf(request);
    return actionOrFail(() => runtime().services.votes.unvote(locals.actor, postId));
  },
};
