/**
 * Emails and events, counted where they leave: the outbox mailer stands in for SES and the in-process
 * bus for EventBridge (one notify invocation per matching rule, as EventBridge delivers).
 */
import { InProcessBus } from '../../shared/adapters/events/in-process-bus.ts';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.ts';
import { targetsFor } from '../../shared/events/rules.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { EmailMessage } from '../../shared/ports/index.ts';

export interface OutboundCounts {
  readonly emailsSent: number;
  readonly lastEmail: EmailMessage | undefined;
  readonly eventsPublished: number;
  readonly notifyDeliveries: number;
}

/** Patches the mailer and the bus for the whole process; the counts are live. */
export function countOutbound(): OutboundCounts {
  const counts = {
    emailsSent: 0,
    lastEmail: undefined as EmailMessage | undefined,
    eventsPublished: 0,
    notifyDeliveries: 0,
  };
  const sendEmail = OutboxMailer.prototype.send;
  OutboxMailer.prototype.send = function (this: OutboxMailer, message: EmailMessage) {
    counts.emailsSent++;
    counts.lastEmail = message;
    return sendEmail.call(this, message);
  };
  const publishEvent = InProcessBus.prototype.publish;
  InProcessBus.prototype.publish = function (this: InProcessBus, event: DomainEvent) {
    counts.eventsPublished++;
    counts.notifyDeliveries += targetsFor(event.type).length;
    return publishEvent.call(this, event);
  };
  return counts;
}
