/**
 * Alarms a small team can act on: anything that means visitors saw errors or events were lost. Each
 * alarm notifies one SNS topic per stage; subscribe an address with `alarmEmail` in the stage config.
 */
import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  stage: string;
  tableName: string;
  indexNames: readonly string[];
  api: apigwv2.HttpApi;
  functions: Record<string, lambda.IFunction>;
  deadLetterQueues: Record<string, sqs.IQueue>;
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { stage } = props;
    this.topic = new sns.Topic(this, 'Topic', { topicName: `hearth-${stage}-alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const alarm = (name: string, description: string, metric: cloudwatch.IMetric, threshold = 1) => {
      const created = new cloudwatch.Alarm(this, name, {
        alarmName: `hearth-${stage}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      created.addOkAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
    };

    alarm(
      'api-5xx',
      'The HTTP API answered 5xx (pages or API) at least 5 times in 5 minutes.',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      5,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(
        `${name}-errors`,
        `The ${name} Lambda failed (threw or timed out) in the last 5 minutes.`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
    }

    // On-demand tables throttle too (a hot partition, or past the account's table limits); the index
    // throttles are separate metrics, and a throttled index write throttles the table write.
    const throttle = (metricName: string, index?: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: {
          TableName: props.tableName,
          ...(index ? { GlobalSecondaryIndexName: index } : {}),
        },
        period: FIVE_MINUTES,
        statistic: 'Sum',
      });
    const throttles: Record<string, cloudwatch.IMetric> = {};
    [undefined, ...props.indexNames].forEach((index, i) => {
      throttles[`r${i}`] = throttle('ReadThrottleEvents', index);
      throttles[`w${i}`] = throttle('WriteThrottleEvents', index);
    });
    alarm(
      'dynamodb-throttles',
      'DynamoDB throttled reads or writes on the table or an index.',
      new cloudwatch.MathExpression({
        // Throttle metrics only have data in periods with throttles; `a + b` would need all of them.
        expression: 'SUM(METRICS())',
        usingMetrics: throttles,
        label: 'Throttle events',
        period: FIVE_MINUTES,
      }),
    );

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}-dead-letters`,
        `Messages wait in ${name}: events that could not be delivered. Inspect and redrive them.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      );
    }

    // SES reviews an account at 5% bounces and pauses it at 10%; complaints at 0.1% and 0.5%.
    const reputation = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        period: Duration.hours(1),
        statistic: 'Maximum',
      });
    alarm(
      'ses-bounce-rate',
      'SES bounce rate reached 5%; at 10% SES pauses sending.',
      reputation('Reputation.BounceRate'),
      0.05,
    );
    alarm(
      'ses-complaint-rate',
      'SES complaint rate reached 0.1%; at 0.5% SES pauses sending.',
      reputation('Reputation.ComplaintRate'),
      0.001,
    );
  }
}
