/**
 * The domain-event bus and its routing. The rules are the same list the local in-process bus applies
 * (shared/events/rules.ts), so a new rule there reaches AWS without touching this file. Deliveries that
 * still fail after EventBridge's retries land in a dead-letter queue instead of vanishing.
 */
import { Duration, TimeZone } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_RULES, type EventTarget } from '../../shared/events/rules.ts';
import { EVENT_SOURCE, WEEKLY_DIGEST_DUE } from '../../shared/domain/events.ts';
import type { StageConfig } from '../stage-config.ts';

export interface DomainEventsProps {
  stage: string;
  digest: StageConfig['digest'];
}

export class DomainEvents extends Construct {
  readonly bus: events.EventBus;
  readonly deadLetters: sqs.Queue;
  readonly digestSchedule: scheduler.Schedule;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);
    const { stage } = props;
    this.stage = stage;
    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `hearth-${stage}` });
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      queueName: `hearth-${stage}-event-dlq`,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });

    // The digest's week starts here: the schedule puts an event on the bus rather than calling a
    // function, so whatever consumes it is just another rule.
    this.digestSchedule = new scheduler.Schedule(this, 'WeeklyDigest', {
      scheduleName: `hearth-${stage}-weekly-digest`,
      description: 'Weekly digest for sales and marketing',
      schedule: scheduler.ScheduleExpression.expression(
        props.digest.schedule,
        TimeZone.of(props.digest.timeZone),
      ),
      target: new schedulerTargets.EventBridgePutEvents(
        {
          eventBus: this.bus,
          source: EVENT_SOURCE,
          detailType: WEEKLY_DIGEST_DUE,
          detail: scheduler.ScheduleTargetInput.fromObject({
            scheduledAt: scheduler.ContextAttribute.scheduledTime,
            recipients: props.digest.recipients,
          }),
        },
        { deadLetterQueue: this.deadLetters, retryAttempts: 10, maxEventAge: Duration.hours(6) },
      ),
    });
  }

  /** One EventBridge rule per shared rule, each aimed at the Lambda that plays its target. */
  route(targets: Record<EventTarget, lambda.IFunction>): events.Rule[] {
    return EVENT_RULES.map(
      (rule) =>
        new events.Rule(this, `Rule-${rule.name}`, {
          ruleName: `hearth-${this.stage}-${rule.name}`.slice(0, 64),
          eventBus: this.bus,
          eventPattern: { source: [EVENT_SOURCE], detailType: [...rule.detailTypes] },
          targets: [
            new eventTargets.LambdaFunction(targets[rule.target], {
              deadLetterQueue: this.deadLetters,
              retryAttempts: 4,
              maxEventAge: Duration.hours(6),
            }),
          ],
        }),
    );
  }
}
