/**
 * Publishing events from the outbox. The request that wrote a change publishes its event at once; the
 * drainer publishes what a crash or a failed publish left behind. Either may publish an event the other
 * also did: consumers are idempotent per event id (the NOTIFIED# ledger), so a repeat costs nothing.
 */
import type { DomainEvent } from '../domain/events.ts';
import type { Clock, EventBus, Outbox } from '../ports/index.ts';

export interface OutboxDeps {
  outbox: Outbox;
  events: EventBus;
}

/**
 * Publishes an event already in the outbox and removes it once the bus has it. Never throws: the change
 * is written, so a failure only delays the event, which stays for the drainer. False when it stayed.
 */
export async function publishFromOutbox(deps: OutboxDeps, event: DomainEvent): Promise<boolean> {
  try {
    await deps.events.publish(event);
  } catch (error) {
    console.warn(`Publishing ${event.type} ${event.id} failed; it stays in the outbox:`, error);
    return false;
  }
  try {
    await deps.outbox.remove(event);
  } catch (error) {
    // Published, so the worst case is the drainer publishing it once more.
    console.warn(
      `Removing ${event.type} ${event.id} from the outbox failed; it will be published again:`,
      error,
    );
    return false;
  }
  return true;
}

export interface DrainResult {
  published: number;
  /** Left in the outbox for the next drain. */
  failed: number;
}

/**
 * Publishes the events written more than `olderThanMs` ago, oldest first, at most `limit` per call. The
 * grace period leaves alone the events whose request is still about to publish them itself.
 */
export async function drainOutbox(
  deps: OutboxDeps & { clock: Clock },
  opts: { olderThanMs: number; limit: number },
): Promise<DrainResult> {
  const before = new Date(deps.clock.now().getTime() - opts.olderThanMs).toISOString();
  const result: DrainResult = { published: 0, failed: 0 };
  for (const event of await deps.outbox.pending(before, opts.limit)) {
    if (await publishFromOutbox(deps, event)) result.published++;
    else result.failed++;
  }
  return result;
}

/**
 * How the scheduled drain runs. The grace period outlasts any request (the HTTP functions time out
 * after 10 s), so a request that wrote an event has published it, or died, before the drainer looks.
 * A hundred publishes take a few seconds; a larger backlog drains over the following runs.
 */
export const SCHEDULED_DRAIN = { olderThanMs: 60_000, limit: 100 } as const;
