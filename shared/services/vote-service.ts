import type { Actor } from '../domain/types.ts';
import { CLOSED_STATUSES } from '../domain/types.ts';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../domain/errors.ts';
import { parseInput, postIdSchema } from '../domain/schemas.ts';
import type { Clock, PostStore, VoteStore } from '../ports/index.ts';

export interface VoteResult {
  postId: string;
  voted: boolean;
  voteCount: number;
}

export class VoteService {
  constructor(private readonly deps: { posts: PostStore; votes: VoteStore; clock: Clock }) {}

  /** Idempotent: voting twice leaves one vote and the count as it was after the first. */
  async vote(actor: Actor, postId: string): Promise<VoteResult> {
    const user = requireUser(actor, 'Sign in to vote.');
    const post = await this.requirePost(postId);
    if (CLOSED_STATUSES.has(post.status)) {
      throw new ConflictError(`Voting is closed: this post is ${post.status.replace('_', ' ')}.`);
    }
    const { changed } = await this.deps.votes.add(post.id, user.id, this.deps.clock.now().toISOString());
    return { postId: post.id, voted: true, voteCount: post.voteCount + (changed ? 1 : 0) };
  }

  /** Idempotent: removing a vote that is not there changes nothing. */
  async unvote(actor: Actor, postId: string): Promise<VoteResult> {
    const user = requireUser(actor, 'Sign in to vote.');
    const post = await this.requirePost(postId);
    // A closed post's count is frozen as the final tally, so unvoting closes with voting.
    if (CLOSED_STATUSES.has(post.status)) {
      throw new ConflictError(`Voting is closed: this post is ${post.status.replace('_', ' ')}.`);
    }
    const { changed } = await this.deps.votes.remove(post.id, user.id);
    return { postId: post.id, voted: false, voteCount: post.voteCount - (changed ? 1 : 0) };
  }

  private async requirePost(postId: string) {
    const id = parseInput(postIdSchema, postId);
    const post = await this.deps.posts.get(id);
    if (!post) throw new NotFoundError('Post');
    return post;
  }
}

function requireUser(actor: Actor, message: string) {
  if (actor.kind !== 'user') throw new UnauthenticatedError(message);
  return actor.user;
}
