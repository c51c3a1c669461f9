import type { Actor, Post, User, Vote } from '../domain/types.ts';
import { parseInput, postIdSchema, voteOnBehalfSchema } from '../domain/schemas.ts';
import type {
  BoardStore,
  Clock,
  PostStore,
  SubscriptionStore,
  UserStore,
  VoteStore,
} from '../ports/index.ts';
import { canSeeBoard, requireParticipant, requireStaff } from './policy.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { RateLimits } from './rate-limits.ts';
import { canSeeWithheldPost, requireNotWithheld } from './moderation/withheld.ts';
import { settledValue } from './settled.ts';
import type { AnalyticsRecorder } from './analytics/types.ts';

export interface VoteResult {
  postId: string;
  voted: boolean;
  voteCount: number;
}

/** A vote keeps the company its voter belongs to when cast; moving company later leaves it as it was. */
const companyOf = (user: Pick<User, 'companyId'>) => (user.companyId ? { companyId: user.companyId } : {});

export class VoteService {
  constructor(
    private readonly deps: {
      votes: VoteStore;
      posts: PostStore;
      boards: BoardStore;
      users: UserStore;
      subscriptions: SubscriptionStore;
      limits: RateLimits;
      clock: Clock;
      /** With it, votes are counted (issue 18). */
      analytics?: AnalyticsRecorder;
    },
  ) {}

  /** Idempotent: voting twice leaves one vote and the count as it was after the first. */
  async vote(actor: Actor, postId: string): Promise<VoteResult> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to vote.');
    const post = await this.limitedAndVisible(actor, user.id, postId);
    requireNotWithheld(post);
    return this.cast(
      { postId: post.id, userId: user.id, votedAt: this.now(), ...companyOf(user) },
      user,
      post,
    );
  }

  /** Idempotent: removing a vote that is not there changes nothing. */
  async unvote(actor: Actor, postId: string): Promise<VoteResult> {
    const user = requireParticipant(actor, this.deps.clock.now(), 'Sign in to vote.');
    const visible = await this.limitedAndVisible(actor, user.id, postId);
    const { changed, post, vote } = await this.deps.votes.remove(visible.id, user.id, {
      post: visible,
      at: this.now(),
    });
    if (changed) {
      // Taken back from the company the vote counted for when cast, not the voter's current one.
      await this.deps.analytics?.voteChanged({ ...user, companyId: vote?.companyId ?? null }, post.id, -1);
    }
    return { postId: post.id, voted: false, voteCount: post.voteCount - (changed ? 1 : 0) };
  }

  /**
   * Staff record a customer's vote heard elsewhere (a call, a ticket). The vote says who added it, when
   * and from where; a customer not yet known is created from their email and can sign in later.
   */
  async voteOnBehalf(
    actor: Actor,
    postId: string,
    input: unknown,
    context: { ip?: string } = {},
  ): Promise<VoteResult> {
    const staff = requireStaff(actor, 'vote on behalf of a customer');
    const id = parseInput(postIdSchema, postId);
    const { email, name, source } = parseInput(voteOnBehalfSchema, input);
    const now = this.now();
    // A withheld post takes no votes, staff's on a customer's behalf included.
    const target = await this.deps.posts.get(id);
    if (!target) throw new NotFoundError('Post');
    requireNotWithheld(target);
    const customer =
      (await this.deps.users.findByEmail(email)) ??
      (await this.deps.users.upsertByIdentity(
        'email',
        email.toLowerCase(),
        { email: email.toLowerCase(), name: name ?? email.split('@')[0] ?? email, role: 'customer' },
        now,
      ));
    // The customer's vote, counted as theirs (heard elsewhere, it is their demand).
    return this.cast(
      {
        postId: id,
        userId: customer.id,
        votedAt: now,
        ...companyOf(customer),
        onBehalf: { byId: staff.id, byName: staff.name, source, ...(context.ip ? { ip: context.ip } : {}) },
      },
      customer,
    );
  }

  private async cast(
    vote: Vote,
    voter: Pick<User, 'id' | 'role' | 'companyId'>,
    known?: Post,
  ): Promise<VoteResult> {
    const { changed, post } = await this.deps.votes.add(vote, known ? { post: known } : {});
    if (changed) {
      await this.deps.subscriptions.ensure({
        postId: post.id,
        userId: vote.userId,
        following: true,
        reason: 'voter',
        since: vote.votedAt,
      });
      // The company the vote keeps (its voter's when cast) is the one its week's request counts for.
      await this.deps.analytics?.voteChanged({ ...voter, companyId: vote.companyId ?? null }, post.id, 1);
    }
    return { postId: post.id, voted: true, voteCount: post.voteCount + (changed ? 1 : 0) };
  }

  /**
   * The vote is counted against the limits while the post is read: one round trip instead of two, and a
   * 429 still answers first and stops the write.
   */
  private async limitedAndVisible(actor: Actor, userId: string, postId: string): Promise<Post> {
    const [limit, post] = await Promise.allSettled([
      this.deps.limits.check('vote', {
        userId,
        ip: actor.ip,
        ...(actor.kind === 'user' ? { user: actor.user } : {}),
      }),
      this.requireVisible(actor, postId),
    ]);
    settledValue(limit);
    return settledValue(post);
  }

  /** Voting on a post of a board the voter may not see is voting on a post that does not exist. */
  private async requireVisible(actor: Actor, postId: string): Promise<Post> {
    const post = await this.deps.posts.get(parseInput(postIdSchema, postId));
    if (!post) throw new NotFoundError('Post');
    const board = await this.deps.boards.get(post.boardSlug);
    if (!board || !canSeeBoard(actor, board)) throw new NotFoundError('Post');
    if (!canSeeWithheldPost(actor, post)) throw new NotFoundError('Post');
    return post;
  }

  private now() {
    return this.deps.clock.now().toISOString();
  }
}
