/**
 * "Your data": a signed-in person names themselves, downloads everything Hearth holds about them, or
 * deletes their account. Their posts and comments stay (others replied to and voted on them) under "Deleted user";
 * their votes go, and every count follows; their sessions, follows, email and sign-in identity go.
 */
import type { Actor, Comment, Post, Subscription, User, Vote } from '../domain/types.ts';
import { ValidationError } from '../domain/errors.ts';
import { deleteAccountSchema, parseInput, renameSchema } from '../domain/schemas.ts';
import type {
  BoardStore,
  CommentStore,
  Page,
  PostStore,
  SessionStore,
  SubscriptionStore,
  UserStore,
  VoteStore,
} from '../ports/index.ts';
import { canSeeBoard, MERGED_ELSEWHERE_NOTE, requireParticipant, requireUser } from './policy.ts';
import { authorsRecord } from './moderation/withheld.ts';

export { DELETED_USER_NAME, MAX_NAME_LENGTH } from '../domain/schemas.ts';
import { DELETED_USER_NAME } from '../domain/schemas.ts';

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
      boards: BoardStore;
      posts: PostStore;
      comments: CommentStore;
      votes: VoteStore;
      subscriptions: SubscriptionStore;
      sessions: SessionStore;
      clock: { now(): Date };
    },
  ) {}

  /**
   * Sets the name shown with the person's posts and comments, past ones included (they carry a copy).
   * People who sign in by email link start with their address's local part. For people who come from a
   * host product by SSO, the host owns the name: their next SSO sign-in sets it again.
   */
  async rename(actor: Actor, input: unknown): Promise<User> {
    // A silenced person's name is speech too: it shows on every post and comment of theirs.
    const me = requireParticipant(actor, this.deps.clock.now(), 'Sign in to change your name.');
    const { name } = parseInput(renameSchema, input);
    if (name === me.name) return me;
    const user = await this.deps.users.setName(me.id, name);
    for (const post of await all((c) => this.deps.posts.listByAuthor(me.id, 100, c))) {
      await this.deps.posts.setAuthorName(post.id, name);
    }
    for (const comment of await all((c) => this.deps.comments.listByAuthor(me.id, 100, c))) {
      await this.deps.comments.setAuthorName(comment.postId, comment.id, name);
    }
    return user;
  }

  async export(actor: Actor): Promise<AccountExport> {
    const me = requireUser(actor, 'Sign in to download your data.');
    const id = me.id;
    const [posts, comments, votes, following] = await Promise.all([
      all((c) => this.deps.posts.listByAuthor(id, 100, c)),
      all((c) => this.deps.comments.listByAuthor(id, 100, c)),
      all((c) => this.deps.votes.listByUser(id, 100, c)),
      all((c) => this.deps.subscriptions.following(id, 100, c)),
    ]);
    // A merge may have moved their post's votes and follows onto a private board they may not see: as
    // everywhere else, what is there does not exist for them, and their merged post does not name it.
    const hidden = await this.hiddenPostIds(actor, [
      ...posts.flatMap((p) => (p.mergedInto ? [p.mergedInto] : [])),
      ...votes.map((v) => v.postId),
      ...following.map((s) => s.postId),
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
      // What the moderators withheld, as its author reads it anywhere: the state and reason, not who
      // decided or flagged it.
      posts: posts.map((record) => {
        const post = authorsRecord(record);
        if (!post.mergedInto || !hidden.has(post.mergedInto)) return post;
        const { mergedInto: _hidden, statusNote, ...rest } = post;
        return statusNote ? { ...rest, statusNote: { ...statusNote, body: MERGED_ELSEWHERE_NOTE } } : rest;
      }),
      comments: comments.map((comment) => authorsRecord(comment)),
      // A vote staff added on the customer's behalf says who and why, but the staff member's address
      // is theirs, not the customer's.
      votes: votes
        .filter((v) => !hidden.has(v.postId))
        .map(({ onBehalf, ...vote }) =>
          onBehalf
            ? { ...vote, onBehalf: { byId: onBehalf.byId, byName: onBehalf.byName, source: onBehalf.source } }
            : vote,
        ),
      following: following.filter((s) => !hidden.has(s.postId)),
    };
  }

  /** Which of these posts are on boards the actor may not see. */
  private async hiddenPostIds(actor: Actor, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const [posts, boards] = await Promise.all([this.deps.posts.getMany(ids), this.deps.boards.list()]);
    const unseen = new Set(boards.filter((b) => !canSeeBoard(actor, b)).map((b) => b.slug));
    return new Set(posts.filter((p) => unseen.has(p.boardSlug)).map((p) => p.id));
  }

  /**
   * Step by step rather than in one transaction (a person may have thousands of votes); each step is
   * idempotent, so a deletion interrupted halfway is finished by asking again while still signed in.
   * The user record goes last for that reason.
   */
  async delete(actor: Actor, input: unknown): Promise<{ votesRemoved: number }> {
    // Deleting and signing up afresh would shed a sanction: not while one (beyond a warning) is in force.
    const me = requireParticipant(actor, this.deps.clock.now(), 'Sign in to delete your account.');
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
