/**
 * One Hearth deployment (one stage): table, Lambdas, HTTP API, CloudFront front, event bus with the
 * weekly schedule, SES, alarms. Every physical name derives from the stage, so `dev` and `prod` can
 * share an account. What differs between stages is the stage config (infra/stage-config.ts).
 */
import { join } from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as cr from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { SECRET_KEYS } from '../shared/runtime/secret-keys.ts';
import { TABLE, type KeyAttribute } from '../shared/table/definition.ts';
import { ATTR, leadingKeysPattern, PREFIX } from '../shared/table/names.ts';
import { READ_THROUGH_ATTRIBUTE, UNREAD_ATTRIBUTE } from '../shared/adapters/dynamodb/inbox-store.ts';
import { Alarms } from './constructs/alarms.ts';
import { DomainEvents } from './constructs/domain-events.ts';
import { handlerFunction, repoRoot } from './constructs/handler-function.ts';
import { Mail } from './constructs/mail.ts';
import { OutboxDrain } from './constructs/outbox-drain.ts';
import { NotificationMail } from './constructs/notification-mail.ts';
import { WebFront } from './constructs/web-front.ts';
import { STAGE_PATTERN, senderAddress, senderDomain, type StageConfig } from './stage-config.ts';

export interface HearthStackProps extends StackProps {
  stage: string;
  config: StageConfig;
  /** SvelteKit's build output; the web Lambda and the S3 assets come from here. */
  webBuildDir?: string;
  /**
   * Indexes of the definition to leave out of this deployment: a deployed table takes one new index per
   * update, so adding two means a deployment without the second first (README, "Adding indexes").
   */
  skipIndexes?: readonly string[];
}

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

/**
 * Table rights by action rather than CDK's grantRead/WriteData: those include Scan, which no request
 * path may use, and stream reads nobody needs. Transactions are authorized per contained action.
 */
const TABLE_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The items the narrowly-granted functions may write, by partition key prefix (shared/table/names.ts). */
const SESSION_KEYS = leadingKeysPattern(PREFIX.SESSION);
const LEDGER_KEYS = leadingKeysPattern(PREFIX.NOTIFIED);
const DIGEST_KEYS = leadingKeysPattern(PREFIX.DIGEST);

export class HearthStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: apigwv2.HttpApi;
  readonly apiReadFunction: NodejsFunction;
  readonly apiWriteFunction: NodejsFunction;
  readonly webFunction: NodejsFunction;
  readonly notifyFunction: NodejsFunction;
  readonly digestFunction: NodejsFunction;
  readonly outbox: OutboxDrain;
  readonly notificationMail: NotificationMail;
  readonly events: DomainEvents;
  readonly mail: Mail;
  readonly web: WebFront;
  readonly alarms: Alarms;
  /** The stack's one secret, a JSON object: `origin`, and `sso` unless the stage brings its own. */
  readonly secrets: secretsmanager.Secret;
  /** The stack's secret, or the one `ssoSecretArn` names. */
  readonly ssoSecret: secretsmanager.ISecret;
  readonly pagesRoute: apigwv2.HttpRoute;
  readonly config: StageConfig;

  constructor(scope: Construct, id: string, props: HearthStackProps) {
    super(scope, id, props);
    const { stage, config } = props;
    this.config = config;
    // The stage ends up in table, API, queue and alarm names, which each have their own character rules.
    if (!STAGE_PATTERN.test(stage)) {
      throw new Error(`Stage must be lower-case letters, digits and dashes, got ${JSON.stringify(stage)}.`);
    }
    const webBuildDir = props.webBuildDir ?? join(repoRoot, 'web/build');

    // Keys and indexes come from the shared definition, so local runs and tests use the same table shape.
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: `hearth-${stage}`,
      partitionKey: attribute(TABLE.partitionKey),
      sortKey: attribute(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.globalSecondaryIndexes
        .filter((index) => !(props.skipIndexes ?? []).includes(index.indexName))
        .map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          ...(index.include
            ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
            : { projectionType: dynamodb.ProjectionType.ALL }),
        })),
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The table is the only store of record; losing it to a stack delete or a replacement loses every board.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // One secret rather than one per value: Secrets Manager bills each secret ($0.40 a month), whatever it
    // holds. The origin value: only CloudFront and the HTTP functions know it, so a request that carries
    // it came through CloudFront, not straight to the execute-api URL where any address header can be
    // claimed. The SSO key: the host product signs SSO tokens with it, so the secret must outlive a
    // deleted stack. CloudFormation generates one key of a secret; the other comes from Secrets
    // Manager's password generator, through a custom resource that runs once, at creation.
    const ownsSso = !config.ssoSecretArn;
    const origin = ownsSso
      ? new cr.AwsCustomResource(this, 'OriginSecretValue', {
          onCreate: {
            service: 'SecretsManager',
            action: 'getRandomPassword',
            parameters: { PasswordLength: 48, ExcludePunctuation: true },
            physicalResourceId: cr.PhysicalResourceId.of(`hearth-${stage}-origin-secret-value`),
            outputPaths: ['RandomPassword'],
            // The answer is the secret: it must not reach the custom resource's log.
            logging: cr.Logging.withDataHidden(),
          },
          // GetRandomPassword has no resource to scope it to.
          policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
            resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE,
          }),
          installLatestAwsSdk: false,
        }).getResponseField('RandomPassword')
      : undefined;
    this.secrets = new secretsmanager.Secret(this, 'Secrets', {
      secretName: `hearth/${stage}/secrets`,
      description: ownsSso
        ? `Hearth ${stage}: "${SECRET_KEYS.sso}", the HS256 key for SSO tokens and unsubscribe links; "${SECRET_KEYS.origin}", CloudFront's x-origin-verify header value`
        : `Hearth ${stage}: "${SECRET_KEYS.origin}", CloudFront's x-origin-verify header value`,
      generateSecretString: origin
        ? {
            secretStringTemplate: JSON.stringify({ [SECRET_KEYS.origin]: origin }),
            generateStringKey: SECRET_KEYS.sso,
            passwordLength: 64,
            excludePunctuation: true,
          }
        : {
            secretStringTemplate: '{}',
            generateStringKey: SECRET_KEYS.origin,
            passwordLength: 48,
            excludePunctuation: true,
          },
      removalPolicy: ownsSso ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.ssoSecret = config.ssoSecretArn
      ? secretsmanager.Secret.fromSecretCompleteArn(this, 'SsoSecret', config.ssoSecretArn)
      : this.secrets;

    this.events = new DomainEvents(this, 'Events', { stage, digest: config.digest });
    this.mail = new Mail(this, 'Mail', {
      stage,
      fromAddress: senderAddress(config.mailFrom),
      domain: senderDomain(config.mailFrom),
      identity: config.mailIdentity,
    });

    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `hearth-${stage}-api`,
      description: `Hearth ${stage}: pages and JSON API, behind CloudFront`,
    });
    // Built before the functions because their links and origin checks need the public address; it
    // refers to the API only by its id, so there is no cycle through the routes.
    this.web = new WebFront(this, 'Web', {
      stage,
      api: this.api,
      clientDir: join(webBuildDir, 'client'),
      domain: config.domain,
      webAclArn: config.webAclArn,
      originSecret: this.secrets,
    });

    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      SSO_SECRET_ARN: this.ssoSecret.secretArn,
      EVENT_BUS_NAME: this.events.bus.eventBusName,
      MAIL_FROM: config.mailFrom,
      SES_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
      ADMIN_EMAILS: config.adminEmails.join(','),
      PUBLIC_ORIGIN: this.web.publicOrigin,
    };
    // The weeks of the digest and who gets it besides staff: the digest function's, and the HTTP
    // functions' too, where admins preview the digest and send one now.
    const digestEnvironment = {
      DIGEST_TIME_ZONE: config.digest.timeZone,
      DIGEST_RECIPIENTS: config.digest.recipients.join(','),
    };
    // The functions behind the HTTP API also check the origin secret; the event targets take no requests.
    const httpEnvironment = {
      ...environment,
      ...digestEnvironment,
      ORIGIN_SECRET_ARN: this.secrets.secretArn,
    };

    // GET and HEAD only: reads, plus the once-a-day slide of the caller's own session.
    this.apiReadFunction = handlerFunction(this, 'ApiReadFunction', {
      entry: 'functions/http/handler.ts',
      service: 'api-read',
      timeout: Duration.seconds(10),
      environment: httpEnvironment,
    });
    this.grantTableRead(this.apiReadFunction);
    this.grantTableWrite(this.apiReadFunction, ['dynamodb:UpdateItem'], SESSION_KEYS);

    this.apiWriteFunction = handlerFunction(this, 'ApiWriteFunction', {
      entry: 'functions/http/handler.ts',
      service: 'api-write',
      timeout: Duration.seconds(10),
      environment: httpEnvironment,
    });
    this.grantTableRead(this.apiWriteFunction);
    this.grantTableWrite(this.apiWriteFunction, TABLE_WRITE);
    this.events.bus.grantPutEventsTo(this.apiWriteFunction);
    this.mail.grantSend(this.apiWriteFunction);

    // Pages and their form actions, which write like the API does (and send sign-in links).
    this.webFunction = handlerFunction(this, 'WebFunction', {
      entry: 'web/build/server/lambda.js',
      service: 'web',
      timeout: Duration.seconds(10),
      memorySize: 1024,
      environment: httpEnvironment,
    });
    // A new version must not render pages before their hashed files are in the bucket.
    this.webFunction.node.addDependency(this.web.immutableAssets);
    this.grantTableRead(this.webFunction);
    this.grantTableWrite(this.webFunction, TABLE_WRITE);
    this.events.bus.grantPutEventsTo(this.webFunction);
    this.mail.grantSend(this.webFunction);

    // Reads followers and writes only its own once-per-recipient ledger.
    this.notifyFunction = handlerFunction(this, 'NotifyFunction', {
      entry: 'functions/notify/handler.ts',
      service: 'notify',
      timeout: Duration.seconds(60),
      environment,
      onFailure: this.events.deadLetters,
    });
    this.grantTableRead(this.notifyFunction);
    this.grantTableWrite(this.notifyFunction, ['dynamodb:PutItem', 'dynamodb:DeleteItem'], LEDGER_KEYS);
    this.grantNotificationDelivery(this.notifyFunction);
    this.mail.grantSend(this.notifyFunction);

    // Sends the queued notification emails, every minute and once a day.
    this.notificationMail = new NotificationMail(this, 'NotificationMail', {
      stage,
      table: this.table,
      environment,
    });
    this.ssoSecret.grantRead(this.notificationMail.function);
    this.mail.grantSend(this.notificationMail.function);

    // Builds a week from the activity and reads what it touches, keeps it in the week's own partition
    // (DIGEST#<week>: the week, its accounts, one send claim per recipient), fans out one delivery event
    // per recipient and emails each. Its accounts go in by TransactWriteItems of Puts, which IAM
    // authorizes as PutItem on each item, under the same LeadingKeys condition.
    this.digestFunction = handlerFunction(this, 'DigestFunction', {
      entry: 'functions/digest/handler.ts',
      service: 'digest',
      // A week's build reads two weeks of activity and everything it touches.
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment: { ...environment, ...digestEnvironment },
      onFailure: this.events.deadLetters,
    });
    this.grantTableRead(this.digestFunction);
    this.grantTableWrite(
      this.digestFunction,
      ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      DIGEST_KEYS,
    );
    this.events.bus.grantPutEventsTo(this.digestFunction);
    this.mail.grantSend(this.digestFunction);
    this.events.route({ notify: this.notifyFunction, digest: this.digestFunction });

    // Publishes what a status change wrote to the outbox but did not get onto the bus.
    this.outbox = new OutboxDrain(this, 'Outbox', {
      stage,
      table: this.table,
      bus: this.events.bus,
    });

    // The digest function signs its emails' unsubscribe links with the SSO key.
    for (const fn of [
      this.apiReadFunction,
      this.apiWriteFunction,
      this.webFunction,
      this.notifyFunction,
      this.digestFunction,
    ]) {
      this.ssoSecret.grantRead(fn);
    }
    // With the stack's own SSO key, the grant above already covers the origin value, in the same secret.
    if (config.ssoSecretArn) {
      for (const fn of [this.apiReadFunction, this.apiWriteFunction, this.webFunction]) {
        this.secrets.grantRead(fn);
      }
    }

    const integration = (name: string, fn: NodejsFunction) => new HttpLambdaIntegration(name, fn);
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD],
      integration: integration('ApiRead', this.apiReadFunction),
    });
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [
        apigwv2.HttpMethod.POST,
        apigwv2.HttpMethod.PUT,
        apigwv2.HttpMethod.PATCH,
        apigwv2.HttpMethod.DELETE,
      ],
      integration: integration('ApiWrite', this.apiWriteFunction),
    });
    // Everything else is a page: `$default` catches what no other route matched.
    this.pagesRoute = new apigwv2.HttpRoute(this, 'PagesRoute', {
      httpApi: this.api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: integration('Pages', this.webFunction),
    });

    // A ceiling on what a runaway client (or a loop in our own UI) can cost before anyone notices.
    const apiStage = this.api.defaultStage?.node.defaultChild as apigwv2.CfnStage;
    apiStage.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    apiStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        // Not $context.path: sign-in and unsubscribe links carry their token in the path.
        routeKey: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };

    this.alarms = new Alarms(this, 'Alarms', {
      stage,
      api: this.api,
      deadLetterQueues: { 'event-dlq': this.events.deadLetters },
      // Its failures reach no visitor and no queue: the events stay in the outbox, later each time.
      unwatchedFunctions: { 'outbox-drain': this.outbox.function },
      alarmEmail: config.alarmEmail,
    });

    new CfnOutput(this, 'SiteUrl', { value: this.web.publicOrigin });
    new CfnOutput(this, 'DistributionDomainName', {
      description: 'Point the custom domain here (CNAME or Route 53 alias)',
      value: this.web.distribution.distributionDomainName,
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'SsoSecretArn', { value: this.ssoSecret.secretArn });
  }

  /** Item reads on the table; on the indexes, only Query (the only way they are read). */
  /**
   * The notify target's deliveries (shared/adapters/dynamodb/inbox-store.ts), each one transaction
   * that IAM authorizes item by item: the inbox item and the email line (PutItem), the person's due mark
   * (UpdateItem), and on the user item the unread count alone (UpdateItem of that attribute only: the
   * role and email on the same item stay out of reach).
   */
  private grantNotificationDelivery(fn: NodejsFunction): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.INBOX), leadingKeysPattern(PREFIX.MAILQ)],
          },
        },
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.MAILDUE)] },
        },
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeysPattern(PREFIX.USER)] },
          'ForAllValues:StringEquals': {
            // The read-through time is named only by the increment's condition (inbox-store.ts).
            'dynamodb:Attributes': [ATTR.pk, ATTR.sk, UNREAD_ATTRIBUTE, READ_THROUGH_ATTRIBUTE],
          },
        },
      }),
    );
  }

  private grantTableRead(fn: NodejsFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: TABLE_READ, resources: [this.table.tableArn] }));
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.table.tableArn}/index/*`] }),
    );
  }

  /**
   * Writes, optionally limited to items whose partition key has the given prefix: IAM checks
   * `dynamodb:LeadingKeys` on every item a request touches.
   */
  private grantTableWrite(fn: NodejsFunction, actions: string[], leadingKeys?: string): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.table.tableArn],
        ...(leadingKeys
          ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeys] } } }
          : {}),
      }),
    );
  }
}
