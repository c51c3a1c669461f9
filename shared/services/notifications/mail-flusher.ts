/**
 * Sends the pending notification emails: each person due gets ONE email listing everything queued for
 * them. A schedule runs it every minute for both queues (a daily line is due at the next summary hour,
 * so the summaries drain a few hundred a minute from then; infra and infra/local/start.ts), and tests
 * call it directly. A line whose comment was hidden or deleted since, or whose post its recipient may
 * no longer see, is dropped.
 *
 * Exactly once: each (event, recipient) is claimed in the notification ledger before the send, so a
 * flush retried after a crash (the email went, the queue was not cleared) skips what went; a failed
 * send gives its claims back and leaves the lines queued, the person's turn a while later. A line
 * claimed by another run is left to it.
 */
import type { MailQueue, PendingMail } from '../../domain/notifications.ts';
import { isWithheld } from '../../domain/moderation.ts';
import { actorFor, type Board, type User } from '../../domain/types.ts';
import type {
  BoardStore,
  Clock,
  Mailer,
  MailQueueStore,
  NotificationLedger,
  NotificationPrefsStore,
  UserStore,
} from '../../ports/index.ts';
import { activityEmail } from '../../notify/activity-email.ts';
import { signKindUnsubscribe } from '../../notify/unsubscribe-token.ts';
import { canSeeBoard } from '../policy.ts';
import { canSeeStory } from '../posts/access.ts';
import { BATCH_DELAY_MS, nextDailyAt } from './delivery.ts';

export interface MailFlusherDeps {
  mailQueue: MailQueueStore;
  boards: Pick<BoardStore, 'get'>;
  users: Pick<UserStore, 'get'>;
  notificationPrefs: NotificationPrefsStore;
  ledger: NotificationLedger;
  mailer: Mailer;
  clock: Clock;
  secret: string;
  publicOrigin: string;
}

export interface FlushResult {
  /** Emails sent. */
  sent: number;
  /** Lines dropped: already sent (a retried flush), their kind turned off since, or nobody to send to. */
  dropped: number;
  /** People whose email failed; their lines stay for the next run. */
  failed: number;
}

/** People per run: a minute's run stays well inside its function's timeout; the rest go next minute. */
const PEOPLE_PER_RUN = 200;
/** A run takes nobody new with less left than this: one person's reads, claims and send fit in it. */
export const STOP_WITH_MS_LEFT = 15_000;
/** A person whose email failed waits this long, so that a send that always fails holds nobody else up. */
export const RETRY_AFTER_MS = 15 * 60 * 1000;
/**
 * A claim older than this is from a run that has ended (the function times out after a minute): if its
 * line is still queued, that run sent it and died before clearing it (a failed send gives claims back).
 */
const CLAIM_SETTLED_MS = 5 * 60 * 1000;

/** How long the run may go on: the Lambda context's remaining time, or a test's budget. */
export interface FlushBudget {
  remainingMs?: () => number;
}

export class MailFlusher {
  private readonly origin: string;

  constructor(private readonly deps: MailFlusherDeps) {
    this.origin = deps.publicOrigin.replace(/\/+$/, '');
  }

  async flush(queue: MailQueue, budget: FlushBudget = {}): Promise<FlushResult> {
    const now = this.deps.clock.now();
    const result: FlushResult = { sent: 0, dropped: 0, failed: 0 };
    const due = await this.deps.mailQueue.due(queue, now.toISOString(), PEOPLE_PER_RUN);
    const boards = new Map<string, Promise<Board | null>>();
    const board = (slug: string) => {
      if (!boards.has(slug)) boards.set(slug, this.deps.boards.get(slug));
      return boards.get(slug) as Promise<Board | null>;
    };
    for (const userId of due) {
      // Cut off mid-send, a run would leave claims that drop the email: whoever is left waits a minute.
      if (budget.remainingMs && budget.remainingMs() < STOP_WITH_MS_LEFT) break;
      try {
        await this.flushOne(userId, queue, now, result, board);
      } catch (error) {
        result.failed++;
        console.error(`Notification email (${queue}) to user ${userId} failed:`, error);
        const retryAt = new Date(now.getTime() + RETRY_AFTER_MS).toISOString();
        await this.deps.mailQueue.postpone(userId, queue, retryAt).catch((postponeError: unknown) => {
          console.error(`Could not postpone the email of user ${userId}:`, postponeError);
        });
      }
    }
    return result;
  }

  private async flushOne(
    userId: string,
    queue: MailQueue,
    now: Date,
    result: FlushResult,
    board: (slug: string) => Promise<Board | null>,
  ): Promise<void> {
    const { mailQueue, ledger } = this.deps;
    // More lines that came in while this one was sent go at the queue's next time, not in minutes.
    const againAt = (
      queue === 'daily' ? nextDailyAt(now) : new Date(now.getTime() + BATCH_DELAY_MS)
    ).toISOString();
    const [lines, user, prefs] = await Promise.all([
      mailQueue.pending(userId, queue),
      this.deps.users.get(userId),
      this.deps.notificationPrefs.get(userId),
    ]);
    // A kind turned off since its line was queued is not sent, nor what the person may no longer read.
    const readable = user ? await this.stillReadable(user, lines, board) : new Set<PendingMail>();
    const wanted = lines.filter((line) => readable.has(line) && prefs[line.kind] !== 'off');
    const forget = lines.filter((line) => !wanted.includes(line));
    const claimed: PendingMail[] = [];
    const at = now.toISOString();
    for (const line of wanted) {
      if (await ledger.claim(line.eventId, userId, at)) claimed.push(line);
      else if (await this.claimSettled(line, userId, now)) forget.push(line);
      // Otherwise another run holds it: it sends it, or gives it back, and clears it itself.
    }
    result.dropped += forget.length;
    if (user && claimed.length > 0) {
      const kinds = [...new Set(claimed.map((line) => line.kind))];
      const token = signKindUnsubscribe(this.deps.secret, { userId, kinds });
      try {
        await this.deps.mailer.send(
          activityEmail({
            recipient: user,
            lines: claimed,
            queue,
            origin: this.origin,
            preferencesUrl: `${this.origin}/account#notifications`,
            oneClickUrl: `${this.origin}/api/notifications/unsubscribe?token=${token}`,
          }),
        );
      } catch (error) {
        await Promise.all(claimed.map((line) => ledger.release(line.eventId, userId))).catch(
          (releaseError: unknown) =>
            // The claims stay, so the next run drops these lines: the email is lost, and this says so.
            console.error(
              `Could not release the claims of user ${userId}; no retry will send them:`,
              releaseError,
            ),
        );
        throw error;
      }
      result.sent++;
    }
    await mailQueue.done(userId, queue, [...claimed, ...forget], againAt);
  }

  /**
   * The lines whose comment is still shown and whose post the person may still see (a board made
   * private, a story taken inside the company): one BatchGet for the lines, a read per board per run.
   */
  private async stillReadable(
    user: User,
    lines: readonly PendingMail[],
    board: (slug: string) => Promise<Board | null>,
  ): Promise<Set<PendingMail>> {
    // A moderators' notice concerns the person's own content or account, withheld from everyone else
    // by design (or no post at all, for a sanction): it always goes.
    const notices = lines.filter((line) => line.kind === 'moderation');
    const others = lines.filter((line) => line.kind !== 'moderation');
    if (others.length === 0) return new Set(notices);
    const { posts, shownComments } = await this.deps.mailQueue.subjects(others);
    const actor = actorFor(user);
    const slugs = [...new Set([...posts.values()].map((p) => p.boardSlug))];
    const seen = new Set<string>();
    for (const [slug, b] of await Promise.all(slugs.map(async (s) => [s, await board(s)] as const))) {
      if (b && canSeeBoard(actor, b)) seen.add(slug);
    }
    return new Set([
      ...notices,
      ...others.filter((line) => {
        const post = posts.get(line.postId);
        if (!post || !seen.has(post.boardSlug) || !canSeeStory(actor, post)) return false;
        // Withheld by moderators since it was queued: news of it goes to nobody.
        if (isWithheld(post)) return false;
        return line.commentId === undefined || shownComments.has(line.commentId);
      }),
    ]);
  }

  /** Whether a line another claim holds was sent by a run that has since ended. */
  private async claimSettled(line: PendingMail, userId: string, now: Date): Promise<boolean> {
    const at = await this.deps.ledger.claimedAt(line.eventId, userId);
    return at !== null && Date.parse(at) <= now.getTime() - CLAIM_SETTLED_MS;
  }
}
