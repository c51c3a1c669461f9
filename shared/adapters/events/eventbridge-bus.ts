/** Publishes domain events to an EventBridge bus; the bus's rules (events/rules.ts) pick the targets. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type DomainEvent } from '../../domain/events.ts';
import type { EventBus } from '../../ports/index.ts';
import { eventDetail } from '../../events/envelope.ts';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly eventBusName: string,
    private readonly client: EventBridgeClient = new EventBridgeClient({}),
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: EVENT_SOURCE,
            DetailType: event.type,
            Detail: JSON.stringify(eventDetail(event)),
            Time: new Date(event.at),
          },
        ],
      }),
    );
    // PutEvents answers 200 even when it rejects an entry (throttling, internal errors): the failure
    // is only in the body, and the SDK does not retry it.
    if (out.FailedEntryCount) {
      const failed = out.Entries?.find((entry) => entry.ErrorCode || entry.ErrorMessage);
      throw new Error(
        `EventBridge rejected ${event.type} ${event.id} on bus ${this.eventBusName}: ` +
          `${failed?.ErrorCode ?? 'unknown error'}${failed?.ErrorMessage ? `: ${failed.ErrorMessage}` : ''}`,
      );
    }
  }
}
