/**
 * Event routing, defined once: the CDK stack turns each rule into an EventBridge rule, and the local
 * in-process bus applies the same list, so local runs route exactly as AWS does.
 */
import type { DomainEventType } from '../domain/events.ts';

export type EventTarget = 'notify';

export interface EventRule {
  name: string;
  detailTypes: readonly DomainEventType[];
  target: EventTarget;
}

export const EVENT_RULES = [
  { name: 'notify-on-status-change', detailTypes: ['PostStatusChanged'], target: 'notify' },
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
