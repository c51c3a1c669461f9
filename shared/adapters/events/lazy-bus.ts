/**
 * An EventBus whose real adapter is imported by its first publish: the EventBridge client is weight a
 * cold function pays for only when a request it serves publishes an event.
 */
import type { DomainEvent } from '../../domain/events.ts';
import type { EventBus } from '../../ports/index.ts';
import { lazily } from '../../runtime/lazy.ts';

export function lazyBus(load: () => Promise<EventBus>): EventBus {
  const bus = lazily(load);
  return { publish: async (event: DomainEvent) => (await bus()).publish(event) };
}
