/**
 * Lambda entry for the notification mail flush (shared/services/notifications/mail-flusher.ts), invoked
 * every minute by a schedule (infra/constructs/notification-mail.ts) with `{ "queues": ["now", "daily"] }`:
 * the batches that are due, then the daily summaries that are due (from the summary hour on, a few
 * hundred a minute until all have gone). `{ "queue": "daily" }` (or `"now"`) flushes that one alone.
 */
import type { Context } from 'aws-lambda';
import type { MailQueue } from '../../shared/domain/notifications.ts';
import { loadSecrets } from '../../shared/runtime/secrets.ts';
import { runtimeFromEnv } from '../../shared/runtime/services.ts';
import type { FlushBudget, FlushResult } from '../../shared/services/notifications/mail-flusher.ts';
import { observe, type LambdaHandler, type Telemetry } from '../../shared/runtime/telemetry.ts';

type Flush = (queue: MailQueue, budget: FlushBudget) => Promise<FlushResult>;

const QUEUES: readonly MailQueue[] = ['now', 'daily'];

function queuesOf(event: unknown): MailQueue[] {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  if (Array.isArray(e.queues)) return QUEUES.filter((q) => (e.queues as unknown[]).includes(q));
  return [e.queue === 'daily' ? 'daily' : 'now'];
}

// A failed email stays queued for the next run, so nothing is retried here; a throw only marks the run
// failed in the function's Errors metric, which the alarms watch. The context's remaining time is the
// flush's budget: it stops taking people while there is still time to finish the one it is sending.
export const observeFlush =
  (flush: Flush, telemetry?: Telemetry): LambdaHandler<unknown, FlushResult> =>
  (event, context?: Context) =>
    observe(
      'notification mail flush',
      async (e: unknown, invocation) => {
        const queues = queuesOf(e);
        const budget: FlushBudget = context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {};
        const result: FlushResult = { sent: 0, dropped: 0, failed: 0 };
        for (const queue of queues) {
          const one = await flush(queue, budget);
          result.sent += one.sent;
          result.dropped += one.dropped;
          result.failed += one.failed;
        }
        invocation.annotate({ queue: queues.join(','), ...result });
        if (result.failed > 0) {
          throw new Error(`${result.failed} notification email(s) failed; they stay queued for a later run.`);
        }
        return result;
      },
      telemetry,
    )(event, context);

export const handler = observeFlush(async (queue, budget) => {
  await loadSecrets();
  return runtimeFromEnv().services.mailFlusher.flush(queue, budget);
});
