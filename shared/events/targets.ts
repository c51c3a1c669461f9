/**
 * EventBridge targets: each takes the envelope as delivered (by EventBridge to a Lambda, or by the local
 * bus) and hands the domain event to a service. The names match the `target` of the rules in rules.ts.
 */
import type { NotificationService } from '../services/notification-service.ts';
import { fromEnvelope } from './envelope.ts';

export function notifyTarget(services: { notifications: NotificationService }) {
  return async (envelope: unknown): Promise<void> => {
    const event = fromEnvelope(envelope);
    switch (event.type) {
      case 'PostStatusChanged':
        await services.notifications.onStatusChanged(event);
        return;
    }
  };
}
