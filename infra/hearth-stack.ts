/**
 * One Hearth deployment (one stage): the DynamoDB table, the API Lambda and the HTTP API in front of it.
 * Every physical name is derived from the stage so several stages can share one AWS account.
 */
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { TABLE, type KeyAttribute } from '../shared/table/definition.ts';
import { EVENT_RULES, type EventTarget } from '../shared/events/rules.ts';
import { EVENT_SOURCE } from '../shared/domain/events.ts';

export interface HearthStackProps extends StackProps {
  stage: string;
}

// Resolved from this file rather than the working directory so synth works from tests and from `cdk`.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

export class HearthStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly api: apigwv2.HttpApi;
  readonly apiFunction: NodejsFunction;
  readonly notifyFunction: NodejsFunction;
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string, props: HearthStackProps) {
    super(scope, id, props);
    const { stage } = props;
    // The stage ends up in table, API and parameter names, which each have their own character rules.
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(stage)) {
      throw new Error(`Stage must be lower-case letters, digits and dashes, got ${JSON.stringify(stage)}.`);
    }

    // Keys and indexes come from the shared definition, so local runs and tests use the same table shape.
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: `hearth-${stage}`,
      partitionKey: attribute(TABLE.partitionKey),
      sortKey: attribute(TABLE.sortKey),
      globalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The table is the only stateful resource; losing it to a stack delete or a replacement loses every board.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const ssoSecretParameter = `/hearth/${stage}/sso-secret`;
    // Stopgap until issue 5 moves the secret to Secrets Manager: CloudFormation cannot resolve an SSM
    // SecureString into a Lambda environment variable, so the secret lives in a plain String parameter that
    // is resolved at deploy time (it must exist before the first deploy). Context `ssoSecret` overrides it
    // for throwaway stacks, at the cost of writing the secret into the synthesized template.
    const contextSecret: unknown = this.node.tryGetContext('ssoSecret');
    const ssoSecret =
      typeof contextSecret === 'string' && contextSecret.length > 0
        ? contextSecret
        : ssm.StringParameter.valueForStringParameter(this, ssoSecretParameter);

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: `hearth-${stage}` });
    const mailFrom: unknown = this.node.tryGetContext('mailFrom');
    const publicOrigin: unknown = this.node.tryGetContext('publicOrigin');
    const environment = {
      TABLE_NAME: this.table.tableName,
      NODE_OPTIONS: '--enable-source-maps',
      SSO_SECRET_PARAMETER: ssoSecretParameter,
      SSO_SECRET: ssoSecret,
      EVENT_BUS_NAME: this.bus.eventBusName,
      ...(typeof mailFrom === 'string' ? { MAIL_FROM: mailFrom } : {}),
      ...(typeof publicOrigin === 'string' ? { PUBLIC_ORIGIN: publicOrigin } : {}),
    };
    const handlerFunction = (id: string, entry: string, timeout: Duration) =>
      new NodejsFunction(this, id, {
        entry: fileURLToPath(new URL(entry, import.meta.url)),
        handler: 'handler',
        projectRoot: repoRoot,
        depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout,
        bundling: {
          format: OutputFormat.ESM,
          target: 'node22',
          sourceMap: true,
          minify: true,
          mainFields: ['module', 'main'],
          // Some dependencies still call require() from inside the ESM bundle.
          banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        },
        environment,
        // An explicit log group, unlike the implicit one, has a retention and is removed with the stack.
        logGroup: new logs.LogGroup(this, `${id}Logs`, {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      });

    this.apiFunction = handlerFunction('ApiFunction', '../functions/http/handler.ts', Duration.seconds(10));
    this.bus.grantPutEventsTo(this.apiFunction);

    // Domain events: the rules are the same list the local in-process bus applies.
    this.notifyFunction = handlerFunction(
      'NotifyFunction',
      '../functions/notify/handler.ts',
      Duration.seconds(60),
    );
    this.table.grantReadWriteData(this.notifyFunction);
    this.notifyFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: ['*'] }),
    );
    const deadLetters = new sqs.Queue(this, 'EventDeadLetters', {
      queueName: `hearth-${stage}-event-dlq`,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    const ruleTargets: Record<EventTarget, lambda.IFunction> = { notify: this.notifyFunction };
    for (const rule of EVENT_RULES) {
      new events.Rule(this, `Rule-${rule.name}`, {
        eventBus: this.bus,
        eventPattern: { source: [EVENT_SOURCE], detailType: [...rule.detailTypes] },
        targets: [
          new targets.LambdaFunction(ruleTargets[rule.target], {
            deadLetterQueue: deadLetters,
            retryAttempts: 4,
          }),
        ],
      });
    }
    this.table.grantReadWriteData(this.apiFunction);

    this.api = new apigwv2.HttpApi(this, 'HttpApi', { apiName: `hearth-${stage}-api` });
    this.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('ApiIntegration', this.apiFunction),
    });

    // A ceiling on what a runaway client (or a loop in our own UI) can cost before anyone notices.
    const defaultStage = this.api.defaultStage?.node.defaultChild as apigwv2.CfnStage;
    defaultStage.defaultRouteSettings = { throttlingRateLimit: 50, throttlingBurstLimit: 100 };

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
  }
}
