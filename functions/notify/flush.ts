/**
 * Lambda entry for the notification mail flush (shared/services/notifications/mail-flusher.ts), invoked
 * by two schedules (infra/constructs/notification-mail.ts): `{ "queue": "now" }` every minute sends the
 * batches that are due, `{ "queue": "daily" }` once a day sends the daily summaries.
 */
import type { MailQueue } from '../../shared/domain/notifications.ts';
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import type { FlushResult } from '../../shared/services/notifications/mail-flusher.ts';
import { observe, type Telemetry } from '../../shared/runtime/telemetry.ts';

type Flush = (queue: MailQueue) => Promise<FlushResult>;

const queueOf = (event: unknown): MailQueue =>
  (event as { queue?: unknown } | null)?.queue === 'daily' ? 'daily' : 'now';

// A failed email stays queued for the next run, so nothing is retried here; a throw only marks the run
// failed in the function's Errors metric, which the alarms watch.
export const observeFlush = (flush: Flush, telemetry?: Telemetry) =>
  observe(
    'notification mail flush',
    async (event: unknown, invocation) => {
      const queue = queueOf(event);
      const result = await flush(queue);
      invocation.annotate({ queue, ...result });
      if (result.failed > 0) {
        throw new Error(`${result.failed} notification email(s) failed; they stay queued for the next run.`);
      }
      return result;
    },
    telemetry,
  );

export const handler = observeFlush(async (queue) => {
  await loadSecrets();
  return runtimeFromEnv().services.mailFlusher.flush(queue);
});
