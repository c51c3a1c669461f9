/**
 * The notification mail flush: a Lambda that sends each person's pending notification email
 * (shared/services/notifications/mail-flusher.ts), run every minute by one EventBridge schedule for
 * both queues: the batches that are due, then the daily summaries that are due (each is due at the
 * summary hour, and a run sends at most a few hundred, so they drain over the minutes after it).
 * Locally, infra/local/start.ts runs the same flush on a timer.
 *
 * Runs may overlap (no reserved concurrency: an account with the default limit of 10 could not deploy
 * one, as AWS keeps 10 unreserved). That is safe: each line is claimed in the ledger before it is sent,
 * a run skips and keeps the lines another run claimed, and it stops taking people 15 s before its
 * timeout; a claim older than 5 minutes is a crashed run's, whose line then counts as sent (at most once).
 *
 * Idle cost: a minute's run is two Queries of empty partitions (MAILDUE#now, MAILDUE#daily), 43,200
 * invocations a month, inside the Lambda free tier; the rule itself is free.
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

    // Reads the queues, users and preferences, the posts, comments and boards the lines are about (is
    // it still shown, may its recipient still see it) and the ledger's claims; writes only those claims
    // (NOTIFIED#) and clears the queues it sent (MAILQ#, MAILDUE#). IAM checks the partition key of
    // every item touched.
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
              leadingKeysPattern(PREFIX.POST),
              leadingKeysPattern(PREFIX.BOARD),
              leadingKeysPattern(PREFIX.NOTIFIED),
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

    this.batches = new events.Rule(this, 'Batches', {
      ruleName: `hearth-${props.stage}-notification-batches`,
      description: 'Sends the notification emails and daily summaries that are due',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [
        new eventTargets.LambdaFunction(this.function, {
          event: events.RuleTargetInput.fromObject({ queues: ['now', 'daily'] }),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
