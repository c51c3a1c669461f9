/**
 * Event routing, defined once: the CDK stack turns each rule into an EventBridge rule, and the local
 * in-process bus applies the same list, so local runs route exactly as AWS does.
 */
import type { DomainEventType, WEEKLY_DIGEST_DUE } from '../domain/events.ts';

export type EventTarget = 'notify' | 'digest';

export interface EventRule {
  name: string;
  detailTypes: readonly (DomainEventType | typeof WEEKLY_DIGEST_DUE)[];
  target: EventTarget;
}

export const EVENT_RULES = [
  { name: 'notify-on-status-change', detailTypes: ['PostStatusChanged'], target: 'notify' },
  // Comments, answers and acceptances reach the inbox and (batched) email; so does a moderators' action,
  // privately, to the person whose content or standing it was.
  {
    name: 'notify-on-activity',
    detailTypes: ['CommentPosted', 'AnswerAccepted', 'ContentModerated'],
    target: 'notify',
  },
  // The schedule's event starts the week's digest; it fans out one delivery event per recipient.
  { name: 'digest-on-schedule', detailTypes: ['WeeklyDigestDue'], target: 'digest' },
  { name: 'digest-deliver', detailTypes: ['DigestDeliveryDue'], target: 'digest' },
] as const satisfies readonly EventRule[];

/**
 * One entry per matching rule, not per distinct target: two rules aimed at the same target make
 * EventBridge deliver twice, and the local bus should not hide that.
 */
export function targetsFor(detailType: string): EventTarget[] {
  return EVENT_RULES.filter((rule) => (rule.detailTypes as readonly string[]).includes(detailType)).map(
    (rule) => rule.target,
  );
}
