/**
 * Emails a post's followers when its status changes. Runs as an EventBridge target, which may deliver an
 * event more than once and retries it when this throws: the ledger makes each (event, recipient) send at
 * most once, and a failed send gives its claim back so that only the failures go out on the retry.
 */
import type { PostStatusChanged } from '../domain/events.ts';
import { isWithheld } from '../domain/moderation.ts';
import { actorFor, type Board, type User } from '../domain/types.ts';
import type {
  BoardStore,
  Clock,
  InboxStore,
  PostStore,
  Mailer,
  NotificationLedger,
  NotificationPrefsStore,
  SubscriptionStore,
  UserStore,
} from '../ports/index.ts';
import { canSeeBoard, MERGED_ELSEWHERE_NOTE } from './policy.ts';
import { STATUS_EMAIL_LABELS, statusChangeEmail } from '../notify/status-email.ts';
import { signUnsubscribe, verifyUnsubscribe } from '../notify/unsubscribe-token.ts';
import { ValidationError } from '../domain/errors.ts';
import { deliverNotices } from './notifications/delivery.ts';

export interface NotificationDeps {
  boards: Pick<BoardStore, 'get' | 'list'>;
  subscriptions: SubscriptionStore;
  users: UserStore;
  ledger: NotificationLedger;
  mailer: Mailer;
  clock: Clock;
  /** Signs unsubscribe links. */
  secret: string;
  /** Where the links in emails point, e.g. https://feedback.example.com. */
  publicOrigin: string;
  /**
   * With these, a status change also reaches the inbox and the email follows the person's preference
   * (`status`, or `followed` for a merge): `email` is this email at once, `daily` the summary, `off` none.
   */
  inbox?: InboxStore;
  notificationPrefs?: NotificationPrefsStore;
  /** With it, a change to a post the moderators withheld since is told to nobody (read at send). */
  posts?: Pick<PostStore, 'get'>;
}

export interface NotificationResult {
  sent: number;
  /**
   * Followers not emailed: the one who made the change, unknown users, those who may no longer see the
   * post's board, and sends already claimed.
   */
  skipped: number;
}

// A few sends at a time: quicker than one by one for a popular post, and gentle on the SES send rate.
const CONCURRENCY = 4;

export class NotificationService {
  private readonly origin: string;

  constructor(private readonly deps: NotificationDeps) {
    this.origin = deps.publicOrigin.replace(/\/+$/, '');
  }

  /**
   * The unsubscribe link of an email: stops emails about that post for that person. Needs no session
   * (mail clients post it on their own, RFC 8058); the signed token is the authority.
   */
  async unsubscribe(token: string): Promise<{ postId: string }> {
    const claims = typeof token === 'string' ? verifyUnsubscribe(this.deps.secret, token) : null;
    if (!claims) throw new ValidationError({ token: 'This unsubscribe link is not valid.' });
    await this.deps.subscriptions.set({
      postId: claims.postId,
      userId: claims.userId,
      following: false,
      reason: 'follower',
      since: this.deps.clock.now().toISOString(),
    });
    return { postId: claims.postId };
  }

  async onStatusChanged(event: PostStatusChanged): Promise<NotificationResult> {
    const { postId, byId } = event.detail;
    const post = this.deps.posts ? await this.deps.posts.get(postId) : null;
    // Withheld content sends no notifications (domain/moderation.ts): nobody hears of it.
    if (post && isWithheld(post)) return { sent: 0, skipped: 0 };
    const followers = await this.deps.subscriptions.followers(postId);
    const followerIds = [...new Set(followers.filter((s) => s.following).map((s) => s.userId))];
    const recipientIds = followerIds.filter((id) => id !== byId);
    const [known, board, target, storyBoard] = await Promise.all([
      recipientIds.length > 0 ? this.deps.users.getMany(recipientIds) : [],
      this.deps.boards.get(event.detail.boardSlug),
      event.detail.mergedInto ? this.deps.boards.get(event.detail.mergedInto.boardSlug) : null,
      event.detail.to === 'shipped' ? this.storyBoard() : null,
    ]);
    // A follower who lost sight of the board (a private board, a changed domain) hears nothing of it.
    const sees = (user: User, b: Board | null) => b !== null && canSeeBoard(actorFor(user), b);
    const visible = known.filter((user) => sees(user, board));
    const users = await this.toInbox(event, visible);
    const now = this.deps.clock.now().toISOString();

    let sent = 0;
    let skipped = followerIds.length - users.length;
    const failures: unknown[] = [];
    const queue = [...users];
    const worker = async () => {
      for (let user = queue.shift(); user; user = queue.shift()) {
        // Merged into a post they may not see: the note names it, so they get one that does not.
        const told =
          event.detail.mergedInto && !sees(user, target)
            ? { ...event, detail: { ...event.detail, note: MERGED_ELSEWHERE_NOTE } }
            : event;
        // What shipped for a customer is the moment they have a story to tell: one click to its form.
        const invite =
          storyBoard && user.role === 'customer' && sees(user, storyBoard)
            ? `${this.origin}/b/${encodeURIComponent(storyBoard.slug)}/new?from=${encodeURIComponent(postId)}`
            : undefined;
        const outcome = await this.notify(told, user, now, invite);
        if (outcome === 'sent') sent++;
        else if (outcome === 'skipped') skipped++;
        else failures.push(outcome.error);
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));

    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AggregateError(
        failures,
        `${failures.length} of ${users.length} emails for ${event.type} ${event.id} failed`,
      );
    }
    return { sent, skipped };
  }

  /**
   * Puts the change in each follower's inbox (and their daily summary if they chose it); answers those
   * whose preference is this email at once. A merge is `followed` news, any other change `status`.
   */
  private async toInbox(event: PostStatusChanged, users: User[]): Promise<User[]> {
    const { inbox, notificationPrefs } = this.deps;
    if (!inbox || !notificationPrefs) return users;
    const kind = event.detail.mergedInto ? 'followed' : 'status';
    const { prefs } = await deliverNotices(
      { inbox, notificationPrefs, clock: this.deps.clock },
      {
        eventId: event.id,
        at: event.at,
        postId: event.detail.postId,
        postTitle: event.detail.title,
        actorName: event.detail.byName,
        excerpt: `Now ${STATUS_EMAIL_LABELS[event.detail.to]}`,
      },
      users.map((user) => ({ user, kind })),
      { sendsOwnEmail: true },
    );
    return users.filter((user) => (prefs.get(user.id)?.[kind] ?? 'email') === 'email');
  }

  /** The board that takes success stories, if one is open for them. */
  private async storyBoard(): Promise<Board | null> {
    const boards = await this.deps.boards.list();
    return boards.find((b) => b.kinds.includes('story') && !b.archived) ?? null;
  }

  private async notify(
    event: PostStatusChanged,
    user: User,
    now: string,
    storyInviteUrl?: string,
  ): Promise<'sent' | 'skipped' | { error: unknown }> {
    const { ledger, mailer } = this.deps;
    if (!(await ledger.claim(event.id, user.id, now))) return 'skipped';
    try {
      await mailer.send(
        statusChangeEmail({
          event,
          recipient: user,
          ...this.links(event.detail.postId, user.id),
          ...(storyInviteUrl ? { storyInviteUrl } : {}),
        }),
      );
      return 'sent';
    } catch (error) {
      console.error(`Status email for ${event.id} to user ${user.id} failed:`, error);
      try {
        await ledger.release(event.id, user.id);
      } catch (releaseError) {
        // The claim stays, so the retry will skip this recipient: the email is lost, and this says so.
        console.error(
          `Could not release the claim for ${event.id} / ${user.id}; no retry will send it:`,
          releaseError,
        );
      }
      return { error };
    }
  }

  private links(postId: string, userId: string) {
    const token = signUnsubscribe(this.deps.secret, { postId, userId });
    return {
      postUrl: `${this.origin}/p/${encodeURIComponent(postId)}`,
      unsubscribeUrl: `${this.origin}/unsubscribe/${token}`,
      oneClickUrl: `${this.origin}/api/unsubscribe?token=${token}`,
    };
  }
}
