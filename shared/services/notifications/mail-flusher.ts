/**
 * Sends the pending notification emails: each person due gets ONE email listing everything queued for
 * them. A schedule runs it (every minute for batches, once a day for the summary; infra and
 * infra/local/start.ts), and tests call it directly.
 *
 * Exactly once: each (event, recipient) is claimed in the notification ledger before the send, so a
 * flush retried after a crash (the email went, the queue was not cleared) skips what went; a failed
 * send gives its claims back and leaves the lines queued for the next run.
 */
import type { MailQueue, PendingMail } from '../../domain/notifications.ts';
import type {
  Clock,
  Mailer,
  MailQueueStore,
  NotificationLedger,
  NotificationPrefsStore,
  UserStore,
} from '../../ports/index.ts';
import { activityEmail } from '../../notify/activity-email.ts';
import { signKindUnsubscribe } from '../../notify/unsubscribe-token.ts';
import { BATCH_DELAY_MS } from './delivery.ts';

export interface MailFlusherDeps {
  mailQueue: MailQueueStore;
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

export class MailFlusher {
  private readonly origin: string;

  constructor(private readonly deps: MailFlusherDeps) {
    this.origin = deps.publicOrigin.replace(/\/+$/, '');
  }

  async flush(queue: MailQueue): Promise<FlushResult> {
    const now = this.deps.clock.now();
    const result: FlushResult = { sent: 0, dropped: 0, failed: 0 };
    const due = await this.deps.mailQueue.due(queue, now.toISOString(), PEOPLE_PER_RUN);
    for (const userId of due) {
      try {
        await this.flushOne(userId, queue, now, result);
      } catch (error) {
        result.failed++;
        console.error(`Notification email (${queue}) to user ${userId} failed:`, error);
      }
    }
    return result;
  }

  private async flushOne(userId: string, queue: MailQueue, now: Date, result: FlushResult): Promise<void> {
    const { mailQueue, ledger } = this.deps;
    const againAt = new Date(now.getTime() + BATCH_DELAY_MS).toISOString();
    const [lines, user, prefs] = await Promise.all([
      mailQueue.pending(userId, queue),
      this.deps.users.get(userId),
      this.deps.notificationPrefs.get(userId),
    ]);
    // A kind turned off since its line was queued is not sent.
    const wanted = user ? lines.filter((line) => prefs[line.kind] !== 'off') : [];
    const claimed: PendingMail[] = [];
    const at = now.toISOString();
    for (const line of wanted) {
      if (await ledger.claim(line.eventId, userId, at)) claimed.push(line);
    }
    result.dropped += lines.length - claimed.length;
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
    await mailQueue.done(userId, queue, lines, againAt);
  }
}
