/**
 * EventBridge targets: each takes the envelope as delivered (by EventBridge to a Lambda, or by the local
 * bus) and hands the domain event to a service. The names match the `target` of the rules in rules.ts.
 */
import type { NotificationService } from '../services/notification-service.ts';
import type { ActivityNotifier } from '../services/notifications/activity-notifier.ts';
import type { DigestService } from '../services/digest/digest-service.ts';
import { fromEnvelope, weeklyDigestDue } from './envelope.ts';

export function notifyTarget(services: { notifications: NotificationService; activity: ActivityNotifier }) {
  return async (envelope: unknown): Promise<void> => {
    const event = fromEnvelope(envelope);
    switch (event.type) {
      case 'PostStatusChanged':
        await services.notifications.onStatusChanged(event);
        return;
      case 'CommentPosted':
        await services.activity.onCommentPosted(event);
        return;
      case 'AnswerAccepted':
        await services.activity.onAnswerAccepted(event);
        return;
      case 'ContentModerated':
        await services.activity.onContentModerated(event);
        return;
    }
  };
}

/**
 * The digest: the schedule's event starts a week (and fans out), each delivery event sends one email.
 * A failed send throws, so EventBridge retries that recipient alone and dead-letters it in the end.
 */
export function digestTarget(services: { digests: DigestService }) {
  return async (envelope: unknown): Promise<void> => {
    const due = weeklyDigestDue(envelope);
    if (due) {
      const run = await services.digests.onSchedule(due);
      console.log(JSON.stringify({ message: 'digest started', ...run }));
      return;
    }
    const event = fromEnvelope(envelope);
    if (event.type === 'DigestDeliveryDue') await services.digests.deliver(event);
  };
}
