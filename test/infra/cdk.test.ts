/**
 * The synthesized templates, resource by resource: what `npm run deploy` would create for a stage, and
 * that cdk-nag (AwsSolutions) finds nothing unacknowledged. The bundles themselves are run in
 * test/integration/deployed-artefacts.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthStack } from '../../infra/hearth-stack.ts';
import { applyNagSuppressions } from '../../infra/nag.ts';
import { parseStageConfig } from '../../infra/stage-config.ts';
import { IMMUTABLE_CACHE } from '../../infra/constructs/web-front.ts';
import { EVENT_RULES } from '../../shared/events/rules.ts';
import { TABLE } from '../../shared/table/definition.ts';
import { synthHearth, TEST_STAGE_CONFIG, type Synthesized } from '../setup/synth.ts';

interface Resource {
  Type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- CloudFormation JSON; the assertions check its shape
  Properties: Record<string, any>;
  DeletionPolicy?: string;
}
interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, unknown>;
  Effect: string;
}

const PROD_CONFIG = {
  ...TEST_STAGE_CONFIG,
  domain: {
    name: 'feedback.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
  },
  webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/hearth/11111111-2222-3333-4444-555555555555',
};

let synth: Synthesized;
let dev: Template;
let prod: Template;

const resources = (template: Template, type: string) =>
  Object.entries(template.findResources(type)) as [string, Resource][];
const only = (template: Template, type: string): Resource => {
  const found = resources(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]![1];
};
const logicalId = (template: Template, type: string, prefix: string): string => {
  const found = resources(template, type).filter(([id]) => id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return found[0]![0];
};
const fn = (template: Template, prefix: string) =>
  template.toJSON().Resources[logicalId(template, 'AWS::Lambda::Function', prefix)] as Resource;

/** Every statement of the policies attached to a function's role. */
function statementsOf(template: Template, functionPrefix: string): Statement[] {
  const role = (fn(template, functionPrefix).Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  return resources(template, 'AWS::IAM::Policy')
    .filter(([, p]) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === role))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
}
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat());
const tableId = () => logicalId(dev, 'AWS::DynamoDB::GlobalTable', 'Table');

beforeAll(() => {
  // Both stages in one app, as they would share an account; bundling is proven by the artefact tests.
  synth = synthHearth({ stages: { dev: TEST_STAGE_CONFIG, prod: PROD_CONFIG } });
  dev = synth.templates.dev!;
  prod = synth.templates.prod!;
}, 120_000);
afterAll(() => synth?.cleanup());

describe('table', () => {
  it('has the keys and exactly the indexes of the shared definition', () => {
    const table = only(dev, 'AWS::DynamoDB::GlobalTable').Properties;
    const keySchema = (hash: string, range: string) => [
      { AttributeName: hash, KeyType: 'HASH' },
      { AttributeName: range, KeyType: 'RANGE' },
    ];
    expect(table.TableName).toBe('hearth-dev');
    expect(table.KeySchema).toEqual(keySchema(TABLE.partitionKey.name, TABLE.sortKey.name));
    expect(table.GlobalSecondaryIndexes).toEqual(
      TABLE.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey.name, index.sortKey.name),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });

  it('is on-demand, recoverable, protected from deletion, retained, and expires items by TTL', () => {
    dev.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });
});

describe('functions', () => {
  const groups = {
    ApiReadFunction: 'api-read',
    ApiWriteFunction: 'api-write',
    WebFunction: 'web',
    NotifyFunction: 'notify',
  };

  it('one per handler group, on Node.js 24 arm64, with its own role, logs for a month and Powertools', () => {
    const roles = new Set<string>();
    for (const [prefix, service] of Object.entries(groups)) {
      const props = fn(dev, prefix).Properties;
      expect(props.Runtime, prefix).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: service,
        POWERTOOLS_METRICS_NAMESPACE: 'Hearth/dev',
        TABLE_NAME: { Ref: tableId() },
        SSO_SECRET_ARN: { Ref: logicalId(dev, 'AWS::SecretsManager::Secret', 'SsoSecret') },
      });
      expect(props.LoggingConfig.LogGroup).toBeDefined();
      roles.add(JSON.stringify(props.Role));
    }
    expect(roles.size).toBe(4);
    for (const [, group] of resources(dev, 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('the web function is the SvelteKit server built by the adapter, started after its assets are up', () => {
    expect(fn(dev, 'WebFunction').Properties.Handler).toBe('index.handler');
    const immutable = logicalId(dev, 'Custom::CDKBucketDeployment', 'WebImmutableAssets');
    const web = dev.toJSON().Resources[logicalId(dev, 'AWS::Lambda::Function', 'WebFunction')];
    expect(web.DependsOn).toEqual(expect.arrayContaining([immutable]));
    expect(fn(dev, 'WebFunction').Properties.MemorySize).toBe(1024);
  });

  it('no function can Scan, and only the writers may write anywhere', () => {
    for (const prefix of Object.keys(groups)) {
      expect(actionsOf(statementsOf(dev, prefix)), prefix).not.toContain('dynamodb:Scan');
    }
    const unconditionalWrites = (prefix: string) =>
      statementsOf(dev, prefix)
        .filter((s) => !s.Condition)
        .flatMap((s) => [s.Action].flat())
        .filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a));
    expect(unconditionalWrites('ApiReadFunction')).toEqual([]);
    expect(unconditionalWrites('NotifyFunction')).toEqual([]);
    expect(unconditionalWrites('ApiWriteFunction').sort()).toEqual(
      ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort(),
    );
    expect(unconditionalWrites('WebFunction').length).toBe(4);
  });

  it('the read-only API may only extend sessions; notify may only write its ledger', () => {
    const conditioned = (prefix: string) =>
      statementsOf(dev, prefix).filter(
        (s) => s.Condition && [s.Action].flat().some((action) => action.startsWith('dynamodb:')),
      );
    expect(conditioned('ApiReadFunction')).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SESSION#*'] } },
      }),
    ]);
    expect(conditioned('NotifyFunction')).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['NOTIFIED#*'] } },
      }),
    ]);
    // Indexes are read by Query only.
    const indexStatements = statementsOf(dev, 'ApiWriteFunction').filter((s) =>
      JSON.stringify(s.Resource).includes('/index/*'),
    );
    expect(indexStatements.map((s) => s.Action)).toEqual(['dynamodb:Query']);
  });

  it('events and email go only to the writers that need them, and only to this stage’s bus and identity', () => {
    const has = (prefix: string, action: string) => actionsOf(statementsOf(dev, prefix)).includes(action);
    expect(has('ApiReadFunction', 'events:PutEvents')).toBe(false);
    expect(has('ApiReadFunction', 'ses:SendEmail')).toBe(false);
    expect(has('NotifyFunction', 'events:PutEvents')).toBe(false);
    for (const prefix of ['ApiWriteFunction', 'WebFunction'])
      expect(has(prefix, 'events:PutEvents')).toBe(true);
    for (const prefix of ['ApiWriteFunction', 'WebFunction', 'NotifyFunction']) {
      const ses = statementsOf(dev, prefix).filter((s) => [s.Action].flat().includes('ses:SendEmail'));
      expect(ses).toHaveLength(2);
      const [own, sandbox] = ses as [Statement, Statement];
      expect(JSON.stringify(own.Resource)).toContain(
        `:identity/",{"Ref":"${logicalId(dev, 'AWS::SES::EmailIdentity', 'Mail')}"}`,
      );
      expect(JSON.stringify(own.Resource)).toContain(':configuration-set/');
      expect(own.Condition).toBeUndefined();
      // Any identity (sandbox recipients), but only as the stage's own From address.
      expect(JSON.stringify(sandbox.Resource)).toContain(':identity/*');
      expect(sandbox.Condition).toEqual({
        StringEquals: { 'ses:FromAddress': 'feedback@hearth.example.com' },
      });
    }
    const everyStatement = resources(dev, 'AWS::IAM::Policy').flatMap(
      ([, p]) => p.Properties.PolicyDocument.Statement as Statement[],
    );
    for (const s of everyStatement) {
      if ([s.Action].flat().some((a) => a.startsWith('ses:') || a.startsWith('dynamodb:'))) {
        expect(s.Resource, JSON.stringify(s.Action)).not.toBe('*');
      }
    }
  });

  it('every function reads the SSO secret, the HTTP ones the origin secret, and nothing else in Secrets Manager', () => {
    const secret = logicalId(dev, 'AWS::SecretsManager::Secret', 'SsoSecret');
    const originSecret = logicalId(dev, 'AWS::SecretsManager::Secret', 'OriginSecret');
    for (const prefix of Object.keys(groups)) {
      const reads = statementsOf(dev, prefix).filter((s) =>
        [s.Action].flat().includes('secretsmanager:GetSecretValue'),
      );
      const http = prefix !== 'NotifyFunction';
      expect(
        reads.map((s) => s.Resource),
        prefix,
      ).toEqual(http ? [{ Ref: secret }, { Ref: originSecret }] : [{ Ref: secret }]);
      const variables = fn(dev, prefix).Properties.Environment.Variables;
      if (http) expect(variables.ORIGIN_SECRET_ARN, prefix).toEqual({ Ref: originSecret });
      else expect(variables, prefix).not.toHaveProperty('ORIGIN_SECRET_ARN');
      expect(variables, prefix).not.toHaveProperty('ORIGIN_SECRET');
    }
    dev.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        Name: 'hearth/dev/origin-secret',
        GenerateSecretString: Match.objectLike({ PasswordLength: 48, ExcludePunctuation: true }),
      }),
    });
    dev.hasResource('AWS::SecretsManager::Secret', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Name: 'hearth/dev/sso-secret',
        GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
      }),
    });
  });

  it('an existing secret can be named instead of generating one', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth/prod/sso-AbCdEf';
    const stack = new HearthStack(app, 'Hearth-own', {
      stage: 'own',
      config: parseStageConfig('own', { ...TEST_STAGE_CONFIG, ssoSecretArn: arn }),
    });
    const json = JSON.stringify(app.synth().getStackByName(stack.stackName).template);
    expect(json).not.toContain('hearth/own/sso-secret');
    expect(json).toContain(arn);
  });
});

describe('HTTP API', () => {
  it('routes reads, writes and pages to their own functions', () => {
    const integrationFor = (prefix: string) =>
      resources(dev, 'AWS::ApiGatewayV2::Integration').find(([, i]) =>
        JSON.stringify(i.Properties.IntegrationUri).includes(logicalId(dev, 'AWS::Lambda::Function', prefix)),
      )![0];
    const routes = Object.fromEntries(
      resources(dev, 'AWS::ApiGatewayV2::Route').map(([, r]) => [
        r.Properties.RouteKey,
        (r.Properties.Target as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1][1],
      ]),
    );
    const read = { Ref: integrationFor('ApiReadFunction') };
    const write = { Ref: integrationFor('ApiWriteFunction') };
    expect(routes).toEqual({
      'GET /api/{proxy+}': read,
      'HEAD /api/{proxy+}': read,
      'POST /api/{proxy+}': write,
      'PUT /api/{proxy+}': write,
      'PATCH /api/{proxy+}': write,
      'DELETE /api/{proxy+}': write,
      $default: { Ref: integrationFor('WebFunction') },
    });
    expect(only(dev, 'AWS::ApiGatewayV2::Api').Properties.Name).toBe('hearth-dev-api');
  });

  it('throttles the stage and writes an access log', () => {
    const stage = only(dev, 'AWS::ApiGatewayV2::Stage').Properties;
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(JSON.parse(stage.AccessLogSettings.Format)).toMatchObject({ status: '$context.status' });
  });
});

describe('CloudFront front', () => {
  const distribution = (template: Template) =>
    only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
  const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
  const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('sends /api/* and pages to the HTTP API, uncached, through the viewer-request function', () => {
    const config = distribution(dev);
    const apiOrigin = config.Origins.find((o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('ApiEndpoint');
    expect(apiOrigin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    const functionArn = {
      'Fn::GetAtt': [logicalId(dev, 'AWS::CloudFront::Function', 'WebViewerRequest'), 'FunctionARN'],
    };
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    for (const behavior of [config.DefaultCacheBehavior, api]) {
      expect(behavior).toMatchObject({
        TargetOriginId: apiOrigin.Id,
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
        ViewerProtocolPolicy: 'redirect-to-https',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: functionArn }],
      });
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']));
    }
  });

  it('adds the origin secret to every request to the HTTP API, by a dynamic reference, never its value', () => {
    const apiOrigin = distribution(dev).Origins.find(
      (o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig,
    );
    const secret = logicalId(dev, 'AWS::SecretsManager::Secret', 'OriginSecret');
    expect(apiOrigin.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-origin-verify',
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, ':SecretString:::}}']],
        },
      },
    ]);
    // The S3 origin does not get it.
    const others = distribution(dev).Origins.filter(
      (o: { CustomOriginConfig?: unknown }) => !o.CustomOriginConfig,
    );
    for (const origin of others) expect(origin.OriginCustomHeaders).toBeUndefined();
  });

  it('serves the build assets from the private bucket through origin access control, cached', () => {
    const config = distribution(dev);
    const s3Origin = config.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    const patterns = config.CacheBehaviors.filter(
      (b: { TargetOriginId: string }) => b.TargetOriginId === s3Origin.Id,
    ).map((b: { PathPattern: string; CachePolicyId: string }) => {
      expect(b.CachePolicyId).toBe(CACHING_OPTIMIZED);
      return b.PathPattern;
    });
    expect(patterns).toEqual(['/_app/*', '/favicon.svg']);
    dev.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    const policy = only(dev, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement as (Statement & {
      Principal: unknown;
    })[];
    const reads = policy.filter((s) => s.Effect === 'Allow' && [s.Action].flat().includes('s3:GetObject'));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(JSON.stringify(reads[0]!.Condition)).toContain(
      logicalId(dev, 'AWS::CloudFront::Distribution', 'Web'),
    );
  });

  it('uploads hashed files with a year of caching and the rest with a short one', () => {
    const deployments = resources(dev, 'Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    const immutable = deployments.find((d) => d.DestinationBucketKeyPrefix === '_app/immutable/');
    expect(immutable?.SystemMetadata).toEqual({ 'cache-control': IMMUTABLE_CACHE });
    expect(IMMUTABLE_CACHE).toMatch(/max-age=31536000, immutable/);
    const mutable = deployments.find((d) => d.DestinationBucketKeyPrefix === undefined);
    expect(mutable?.SystemMetadata['cache-control']).toMatch(/max-age=300/);
    expect(mutable?.DistributionPaths).toContain('/_app/version.json');
  });

  it('deploys the viewer-request function from infra/edge as it is', () => {
    const cfFunction = only(dev, 'AWS::CloudFront::Function').Properties;
    expect(cfFunction.Name).toBe('hearth-dev-viewer-request');
    expect(cfFunction.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(cfFunction.FunctionCode).toBe(
      readFileSync(new URL('../../infra/edge/viewer-request.js', import.meta.url), 'utf8'),
    );
  });

  it('with a custom domain: its name, certificate, TLS 1.2 and the WAF web ACL', () => {
    const config = distribution(prod);
    expect(config.Aliases).toEqual(['feedback.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: PROD_CONFIG.domain.certificateArn,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(config.WebACLId).toBe(PROD_CONFIG.webAclArn);
    expect(fn(prod, 'WebFunction').Properties.Environment.Variables.PUBLIC_ORIGIN).toBe(
      'https://feedback.example.com',
    );
    // Without one, links point at the distribution's own name.
    expect(JSON.stringify(fn(dev, 'WebFunction').Properties.Environment.Variables.PUBLIC_ORIGIN)).toContain(
      'DomainName',
    );
  });
});

describe('events, schedule and email', () => {
  it('has the stage bus and one rule per shared rule, into notify with retries and a DLQ', () => {
    expect(only(dev, 'AWS::Events::EventBus').Properties.Name).toBe('hearth-dev');
    const rules = resources(dev, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    expect(rules).toHaveLength(EVENT_RULES.length);
    const queue = logicalId(dev, 'AWS::SQS::Queue', 'EventsDeadLetters');
    for (const rule of EVENT_RULES) {
      const found = rules.find((r) => r.Name === `hearth-dev-${rule.name}`);
      expect(found?.EventPattern).toEqual({ source: ['hearth'], 'detail-type': [...rule.detailTypes] });
      expect(found?.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalId(dev, 'AWS::Lambda::Function', 'NotifyFunction'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queue, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 21600 },
        }),
      ]);
    }
    dev.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'hearth-dev-event-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
    // EventBridge's retries end once Lambda accepts the event; a handler that throws is retried by
    // Lambda, then the event lands in the same queue.
    dev.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(dev, 'AWS::Lambda::Function', 'NotifyFunction') },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
    });
    expect(actionsOf(statementsOf(dev, 'NotifyFunction'))).toContain('sqs:SendMessage');
  });

  it('puts WeeklyDigestDue on the bus on the configured schedule, with the recipients and the week', () => {
    const schedule = only(dev, 'AWS::Scheduler::Schedule').Properties;
    expect(schedule).toMatchObject({
      Name: 'hearth-dev-weekly-digest',
      ScheduleExpression: TEST_STAGE_CONFIG.digest.schedule,
      ScheduleExpressionTimezone: TEST_STAGE_CONFIG.digest.timeZone,
      State: 'ENABLED',
    });
    expect(schedule.Target.Arn).toEqual({
      'Fn::GetAtt': [logicalId(dev, 'AWS::Events::EventBus', 'EventsBus'), 'Arn'],
    });
    expect(schedule.Target.EventBridgeParameters).toEqual({
      DetailType: 'WeeklyDigestDue',
      Source: 'hearth',
    });
    expect(JSON.parse(schedule.Target.Input)).toEqual({
      scheduledAt: '<aws.scheduler.scheduled-time>',
      recipients: TEST_STAGE_CONFIG.digest.recipients,
    });
    expect(schedule.Target.DeadLetterConfig).toBeDefined();
  });

  it('verifies the sender’s domain with SES and sends through a configuration set that suppresses bounces', () => {
    expect(only(dev, 'AWS::SES::EmailIdentity').Properties).toMatchObject({
      EmailIdentity: 'hearth.example.com',
      ConfigurationSetAttributes: {
        ConfigurationSetName: { Ref: logicalId(dev, 'AWS::SES::ConfigurationSet', 'Mail') },
      },
    });
    expect(only(dev, 'AWS::SES::ConfigurationSet').Properties).toMatchObject({
      Name: 'hearth-dev',
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    expect(fn(dev, 'NotifyFunction').Properties.Environment.Variables).toMatchObject({
      MAIL_FROM: TEST_STAGE_CONFIG.mailFrom,
      SES_CONFIGURATION_SET: { Ref: logicalId(dev, 'AWS::SES::ConfigurationSet', 'Mail') },
    });
  });
});

describe('a second stage sending from the same domain', () => {
  it('uses the existing SES identity instead of creating a second one, and still its own configuration set', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new HearthStack(app, 'Hearth-staging', {
      stage: 'staging',
      config: parseStageConfig('staging', { ...TEST_STAGE_CONFIG, mailIdentity: 'existing' }),
    });
    const template = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, Resource>;
    };
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).not.toContain('AWS::SES::EmailIdentity');
    expect(
      Object.values(template.Resources).find((r) => r.Type === 'AWS::SES::ConfigurationSet')?.Properties.Name,
    ).toBe('hearth-staging');
    expect(JSON.stringify(template)).toContain(':identity/hearth.example.com');
  });
});

describe('alarms', () => {
  it('on 5xx, every function’s errors, DynamoDB throttles, dead letters and SES reputation, to the stage topic', () => {
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
      [
        'api-5xx',
        'api-read-errors',
        'api-write-errors',
        'web-errors',
        'notify-errors',
        'dynamodb-throttles',
        'event-dlq-dead-letters',
        'ses-bounce-rate',
        'ses-complaint-rate',
      ]
        .map((name) => `hearth-dev-${name}`)
        .sort(),
    );
    const topic = { Ref: logicalId(dev, 'AWS::SNS::Topic', 'Alarms') };
    for (const alarm of alarms) expect(alarm.AlarmActions, alarm.AlarmName).toEqual([topic]);

    const api5xx = alarms.find((a) => a.AlarmName === 'hearth-dev-api-5xx')!;
    expect(api5xx).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway', Threshold: 5 });
    const throttles = alarms.find((a) => a.AlarmName === 'hearth-dev-dynamodb-throttles')!;
    const metrics = (
      throttles.Metrics as {
        MetricStat?: { Metric: { MetricName: string; Dimensions: { Name: string; Value: unknown }[] } };
      }[]
    )
      .filter((m) => m.MetricStat)
      .map((m) => m.MetricStat!.Metric);
    expect(metrics).toHaveLength(2 * (1 + TABLE.globalSecondaryIndexes.length));
    const indexes = metrics.flatMap((m) =>
      m.Dimensions.filter((d) => d.Name === 'GlobalSecondaryIndexName').map((d) => d.Value),
    );
    expect(new Set(indexes)).toEqual(new Set(TABLE.globalSecondaryIndexes.map((i) => i.indexName)));
    // Throttle metrics are sparse: a sum must not need every one of them to have data.
    expect((throttles.Metrics as { Expression?: string }[]).find((m) => m.Expression)?.Expression).toBe(
      'SUM(METRICS())',
    );
    dev.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: TEST_STAGE_CONFIG.alarmEmail,
    });
  });
});

describe('stages', () => {
  it('derives every physical name from the stage, so dev and prod can share an account', () => {
    const names = (template: Template) =>
      Object.values(template.toJSON().Resources as Record<string, Resource>).flatMap((r) =>
        ['TableName', 'Name', 'QueueName', 'TopicName', 'AlarmName', 'FunctionName', 'ConfigurationSetName']
          .map((key) => r.Properties?.[key])
          .filter((v): v is string => typeof v === 'string'),
      );
    const devNames = names(dev);
    expect(devNames.length).toBeGreaterThan(15);
    for (const name of devNames) expect(name).toMatch(/(^|[-/])dev([-/]|$)/);
    const prodNames = new Set(names(prod));
    for (const name of devNames) expect(prodNames.has(name), name).toBe(false);
  });

  it('rejects stage names that would not fit every resource’s naming rules', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const config = parseStageConfig('ok', TEST_STAGE_CONFIG);
    expect(() => new HearthStack(app, 'Bad', { stage: 'Prod_1', config })).toThrow(/Stage must be/);
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  it('finds nothing unacknowledged in either stage', () => {
    const report = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    const findings = report.violations.map(
      (v) =>
        `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('every acknowledgement gives a reason', () => {
    const acknowledged = synth.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledged.length).toBeGreaterThan(10);
    for (const [id, reason] of acknowledged) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(reason.length, id).toBeGreaterThan(30);
    }
  });

  it('still fails on a new finding (the acknowledgements are not blanket)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new HearthStack(app, 'Hearth-nag', {
      stage: 'nag',
      config: parseStageConfig('nag', TEST_STAGE_CONFIG),
    });
    applyNagSuppressions(stack);
    stack.notifyFunction.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:*'], resources: ['*'] }));
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-IAM5[Action::ses:*]', 'AwsSolutions-IAM5[Resource::*]']),
    );
  });
});

describe('the CDK app', () => {
  it('`cdk synth` of cdk.json’s stages is clean under cdk-nag (the plugin fails synth otherwise)', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'hearth-cdk-'));
    try {
      for (const stage of ['dev', 'prod']) {
        const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '-o', outdir, '-c', `stage=${stage}`], {
          cwd: fileURLToPath(new URL('../..', import.meta.url)),
          encoding: 'utf8',
          env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
        });
        expect(result.status, `${stage}: ${result.stdout}\n${result.stderr}`).toBe(0);
        expect(result.stderr).not.toMatch(/AwsSolutions-|Synthesis finished with errors/);
        expect(existsSync(join(outdir, `Hearth-${stage}.template.json`))).toBe(true);
      }
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
