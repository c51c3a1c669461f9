/**
 * The outbox drain: a Lambda that publishes the domain events a crash or a failed publish left in the
 * table's outbox (shared/services/outbox.ts), run by an EventBridge schedule. Not DynamoDB Streams and
 * Pipes: those cannot run locally, and the local run drains the same outbox on a timer
 * (infra/local/start.ts).
 *
 * Idle cost: every 5 minutes is 8,640 invocations a month (one Query on an empty partition each), inside
 * the Lambda free tier (1M requests) and free for the scheduled rule itself.
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

export interface OutboxDrainProps {
  stage: string;
  table: dynamodb.ITableV2;
  bus: events.IEventBus;
}

export class OutboxDrain extends Construct {
  readonly function: NodejsFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: OutboxDrainProps) {
    super(scope, id);
    this.function = handlerFunction(this, 'Function', {
      entry: 'functions/outbox/handler.ts',
      service: 'outbox',
      timeout: Duration.seconds(60),
      environment: {
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.bus.eventBusName,
      },
    });
    // Events left behind stay in the outbox, so the next scheduled run is the retry.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    // Reads and deletes outbox items, and nothing else in the table (IAM checks the partition key of
    // every item a Query or DeleteItem touches).
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query', 'dynamodb:DeleteItem'],
        resources: [props.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.OUTBOX)] },
        },
      }),
    );
    props.bus.grantPutEventsTo(this.function);

    this.schedule = new events.Rule(this, 'Schedule', {
      ruleName: `hearth-${props.stage}-outbox-drain`,
      description: 'Publishes domain events left in the outbox',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new eventTargets.LambdaFunction(this.function, { retryAttempts: 2 })],
    });
  }
}
