/**
 * The notification mail flush: a Lambda that sends each person's pending notification email
 * (shared/services/notifications/mail-flusher.ts), run by two EventBridge schedules: every minute for
 * the batches that are due, once a day for the daily summaries. Locally, infra/local/start.ts runs the
 * same flush on a timer.
 *
 * Idle cost: a minute's run is one Query of an empty partition (MAILDUE#now), 43,200 invocations a
 * month, inside the Lambda free tier; the rules themselves are free.
 */
import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { leadingKeysPattern, PREFIX } from '../../shared/table/names.ts';
import { handlerFunction } from './handler-function.ts';

export interface NotificationMailProps {
  stage: string;
  table: dynamodb.ITableV2;
  environment: Record<string, string>;
}

export class NotificationMail extends Construct {
  readonly function: NodejsFunction;
  readonly batches: events.Rule;
  readonly daily: events.Rule;

  constructor(scope: Construct, id: string, props: NotificationMailProps) {
    super(scope, id);
    this.function = handlerFunction(this, 'Function', {
      entry: 'functions/notify/flush.ts',
      service: 'notify-mail',
      timeout: Duration.seconds(60),
      environment: props.environment,
    });
    // What failed stays queued, so the next scheduled run is the retry.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    // Reads the queues, users and preferences; writes only the ledger's claims (NOTIFIED#) and clears
    // the queues it sent (MAILQ#, MAILDUE#). IAM checks the partition key of every item touched.
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [
              leadingKeysPattern(PREFIX.MAILDUE),
              leadingKeysPattern(PREFIX.MAILQ),
              leadingKeysPattern(PREFIX.USER),
            ],
          },
        },
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.NOTIFIED)] },
        },
      }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.MAILQ), leadingKeysPattern(PREFIX.MAILDUE)],
          },
        },
      }),
    );

    const target = (queue: 'now' | 'daily') =>
      new eventTargets.LambdaFunction(this.function, {
        event: events.RuleTargetInput.fromObject({ queue }),
        retryAttempts: 2,
      });
    this.batches = new events.Rule(this, 'Batches', {
      ruleName: `hearth-${props.stage}-notification-batches`,
      description: 'Sends the notification emails whose batch is due',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [target('now')],
    });
    this.daily = new events.Rule(this, 'Daily', {
      ruleName: `hearth-${props.stage}-notification-daily`,
      description: 'Sends the daily notification summaries',
      schedule: events.Schedule.cron({ minute: '0', hour: '7' }),
      targets: [target('daily')],
    });
  }
}
