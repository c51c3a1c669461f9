/** Following a post, or no longer: followers are emailed when its status changes. */
import type { Actor } from '../../domain/types.ts';
import { followSchema, parseInput } from '../../domain/schemas.ts';
import { requireUser } from '../policy.ts';
import { requireNotWithheld } from '../moderation/withheld.ts';
import { requireVisiblePost } from './access.ts';
import type { PostServiceDeps } from './types.ts';

export async function follow(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<{ following: boolean }> {
  const user = requireUser(actor, 'Sign in to follow posts.');
  const { post } = await requireVisiblePost(deps, actor, postId);
  const { following } = parseInput(followSchema, input);
  // Unfollowing is always fine; following waits for the moderators to restore the post.
  if (following) requireNotWithheld(post);
  await deps.subscriptions.set({
    postId: post.id,
    userId: user.id,
    following,
    reason: 'follower',
    since: deps.clock.now().toISOString(),
  });
  return { following };
}
