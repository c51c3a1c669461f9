/** The vote and unvote form actions, shared by every page that shows a vote button. */
import type { RequestEvent } from '@sveltejs/kit';
import { runtime } from './runtime.ts';
import { actionOrFail } from './kit-errors.ts';

const postIdOf = async (request: Request) => String((await request.formData()).get('postId') ?? '');

export const voteActions = {
  // A refusal (a silenced member) is scoped to the post's button, which shows it (VoteButton.svelte).
  vote: async ({ request, locals }: RequestEvent) => {
    const postId = await postIdOf(request);
    return actionOrFail(
      () => runtime().services.votes.vote(locals.actor, postId),
      { postId },
      `vote:${postId}`,
    );
  },
  unvote: async ({ request, locals }: RequestEvent) => {
    const postId = await postIdOf(request);
    return actionOrFail(
      () => runtime().services.votes.unvote(locals.actor, postId),
      { postId },
      `vote:${postId}`,
    );
  },
};
