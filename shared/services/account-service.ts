/**
 * "Your data": a signed-in person downloads everything Hearth holds about them, or deletes their
 * account. Their posts and comments stay (others replied to and voted on them) under "Deleted user";
 * their votes go, and every count follows; their sessions, follows, email and sign-in identity go.
 */
import { z } from 'zod';
import type { Actor, Comment, Post, Subscription, Vote } from '../domain/types.ts';
import { ValidationError } from '../domain/errors.ts';
import { parseInput } from '../domain/schemas.ts';
import type {
  CommentStore,
  Page,
  PostStore,
  SessionStore,
  SubscriptionStore,
  UserStore,
  VoteStore,
} from '../ports/index.ts';
import { requireUser } from './policy.ts';

export const DELETED_USER_NAME = 'Deleted user';

const deleteAccountSchema = z.object({
  confirmEmail: z.string({ error: 'Type your email address to confirm.' }).trim().toLowerCase(),
});

export interface AccountExport {
  exportedAt: string;
  user: { id: string; email: string; name: string; role: string; company?: string; createdAt: string };
  posts: Post[];
  comments: Comment[];
  votes: Vote[];
  following: Subscription[];
}

/** Reads every page of a paged list: exports and deletions need all of it, not a screenful. */
async function all<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await read(cursor);
    items.push(...page.items);
    if (!page.nextCursor) return items;
    cursor = page.nextCursor;
  }
}

export class AccountService {
  constructor(
    private readonly deps: {
      users: UserStore;
      posts: PostStore;
      comments: CommentStore;
      votes: VoteStore;
      subscriptions: SubscriptionStore;
      sessions: SessionStore;
      clock: { now(): Date };
    },
  ) {}

  async export(actor: Actor): Promise<AccountExport> {
    const me = requireUser(actor, 'Sign in to download your data.');
    const id = me.id;
    const [posts, comments, votes, following] = await Promise.all([
      all((c) => this.deps.posts.listByAuthor(id, 100, c)),
      all((c) => this.deps.comments.listByAuthor(id, 100, c)),
      all((c) => this.deps.votes.listByUser(id, 100, c)),
      all((c) => this.deps.subscriptions.following(id, 100, c)),
    ]);
    return {
      exportedAt: this.deps.clock.now().toISOString(),
      user: {
        id,
        email: me.email,
        name: me.name,
        role: me.role,
        ...(me.company ? { company: me.company } : {}),
        createdAt: me.createdAt,
      },
      posts,
      comments,
      // A vote staff added on the customer's behalf says who and why, but the staff member's address
      // is theirs, not the customer's.
      votes: votes.map(({ onBehalf, ...vote }) =>
        onBehalf
          ? { ...vote, onBehalf: { byId: onBehalf.byId, byName: onBehalf.byName, source: onBehalf.source } }
          : vote,
      ),
      following,
    };
  }

  /**
   * Step by step rather than in one transaction (a person may have thousands of votes); each step is
   * idempotent, so a deletion interrupted halfway is finished by asking again while still signed in.
   * The user record goes last for that reason.
   */
  async delete(actor: Actor, input: unknown): Promise<{ votesRemoved: number }> {
    const me = requireUser(actor, 'Sign in to delete your account.');
    const { confirmEmail } = parseInput(deleteAccountSchema, input);
    if (confirmEmail !== me.email.toLowerCase()) {
      throw new ValidationError({ confirmEmail: 'That is not the email address of this account.' });
    }
    const id = me.id;
    const votes = await all((c) => this.deps.votes.listByUser(id, 100, c));
    for (const vote of votes) await this.deps.votes.remove(vote.postId, id, { evenIfClosed: true });
    for (const post of await all((c) => this.deps.posts.listByAuthor(id, 100, c))) {
      await this.deps.posts.setAuthorName(post.id, DELETED_USER_NAME);
    }
    for (const comment of await all((c) => this.deps.comments.listByAuthor(id, 100, c))) {
      await this.deps.comments.setAuthorName(comment.postId, comment.id, DELETED_USER_NAME);
    }
    const now = this.deps.clock.now().toISOString();
    for (const sub of await all((c) => this.deps.subscriptions.following(id, 100, c))) {
      await this.deps.subscriptions.set({ ...sub, following: false, since: now });
    }
    await this.deps.sessions.deleteAllForUser(id);
    await this.deps.users.delete(id);
    return { votesRemoved: votes.length };
  }
}
