/**
 * The local stand-in for EventBridge: applies the same rules to the same targets, in the same process.
 * Like EventBridge, publishing only hands the event over; targets run later and their failures never
 * reach the publisher.
 */
import type { DomainEvent } from '../../domain/events.ts';
import type { EventBus } from '../../ports/index.ts';
import { toEnvelope, type EventEnvelope } from '../../events/envelope.ts';
import { targetsFor, type EventTarget } from '../../events/rules.ts';

export type TargetHandler = (envelope: EventEnvelope) => Promise<void>;

export class InProcessBus implements EventBus {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly targets: Record<EventTarget, TargetHandler>) {}

  async publish(event: DomainEvent): Promise<void> {
    const envelope = toEnvelope(event);
    // Through JSON, as over the wire: targets see what a Lambda would (no undefined, no shared objects).
    const wire = JSON.stringify(envelope);
    for (const target of targetsFor(envelope['detail-type'])) {
      const delivery = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => this.targets[target](JSON.parse(wire) as EventEnvelope))
        .catch((error: unknown) => {
          console.error(`Event target "${target}" failed for ${envelope['detail-type']} ${event.id}:`, error);
        })
        .finally(() => this.inFlight.delete(delivery));
      this.inFlight.add(delivery);
    }
  }

  /** Resolves once every delivery started so far, and any a target started while running, has ended. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
