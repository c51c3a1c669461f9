/**
 * Lambda entry for the outbox drain, invoked by an EventBridge schedule every five minutes
 * (infra/constructs/outbox-drain.ts): it publishes the domain events that a crash or a failed publish
 * left behind (shared/services/outbox.ts).
 */
import { outboxDrainerFromEnv, type Drain } from '../../shared/runtime/outbox-drainer.ts';
import { SCHEDULED_DRAIN } from '../../shared/services/outbox.ts';
import { observe, type Telemetry } from '../../shared/runtime/telemetry.ts';

// A throw shows in the function's Errors metric: events that keep failing are stuck, not just late.
// The events stay in the outbox either way, so the next scheduled run is the retry.
export const observeDrain = (drain: Drain, telemetry?: Telemetry) =>
  observe(
    'outbox drain',
    async (_event: unknown, invocation) => {
      const result = await drain(SCHEDULED_DRAIN);
      invocation.annotate({ ...result });
      if (result.failed > 0) {
        throw new Error(
          `${result.failed} outbox event(s) could not be published; they stay for the next run.`,
        );
      }
      return result;
    },
    telemetry,
  );

let drainer: Drain | undefined;

export const handler = observeDrain((opts) => (drainer ??= outboxDrainerFromEnv())(opts));
