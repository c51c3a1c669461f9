/**
 * Alarms a small team can act on: visitors saw errors, events were lost, or SES is about to pause
 * sending. Each notifies one SNS topic per stage; subscribe an address with `alarmEmail` in the stage
 * config.
 *
 * CloudWatch bills $0.10 a month per metric an alarm reads, whether one metric-math alarm reads them all
 * or each has its own alarm, so the saving is in reading few metrics, not in merging alarms: each signal
 * below is one metric with its own alarm, whose notification says what happened and what to do. Left
 * out, because a kept alarm already catches what matters in them and the logs tell the rest (README,
 * "Operations"): the errors of the Lambdas behind the HTTP API (a throw or a timeout reaches the visitor
 * as a 5xx), the notify Lambda's errors (retried, and what still fails lands in the dead-letter queue),
 * and DynamoDB throttles (eight metrics; a throttle the SDK's retries do not absorb fails its request the
 * same two ways).
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
  api: apigwv2.HttpApi;
  deadLetterQueues: Record<string, sqs.IQueue>;
  /** Lambdas whose failures neither an API 5xx nor a dead-letter queue would show: one alarm metric each. */
  unwatchedFunctions?: Record<string, lambda.IFunction>;
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

    // Visitors saw errors: every page and API request passes the HTTP API, whichever Lambda answers it.
    // Five, not one: a single failed request is in the logs, and a streak is what someone acts on.
    alarm(
      'api-5xx',
      'The HTTP API answered 5xx (pages or API) at least 5 times in 5 minutes: a Lambda threw, timed out ' +
        'or answered 5xx. The request log lines at error level say which and why.',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      5,
    );

    // Events were lost: what the rules, the schedule and the notify Lambda gave up on after their retries.
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}-dead-letters`,
        `Messages wait in ${name}: events that could not be delivered. Inspect and redrive them.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      );
    }

    for (const [name, fn] of Object.entries(props.unwatchedFunctions ?? {})) {
      alarm(
        `${name}-errors`,
        `The ${name} Lambda failed (threw or timed out) in the last 5 minutes.`,
        fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      );
    }

    // Nothing else warns before SES stops sending, and with it sign-in links: it reviews an account at 5%
    // bounces and pauses it at 10%; complaints at 0.1% and 0.5%.
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
