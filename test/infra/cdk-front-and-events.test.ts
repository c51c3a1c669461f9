/**
 * The synthesized templates, continued (cdk.test.ts has the rest): the CloudFront front, the event bus,
 * schedule and email, and the alarms.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthStack } from '../../infra/hearth-stack.ts';
import { parseStageConfig } from '../../infra/stage-config.ts';
import { IMMUTABLE_CACHE } from '../../infra/constructs/web-front.ts';
import { EVENT_RULES } from '../../shared/events/rules.ts';
import { PROD_CONFIG, synthDevAndProd } from '../setup/dev-and-prod.ts';
import { TEST_STAGE_CONFIG, type Synthesized } from '../setup/synth.ts';
import {
  actionsOf,
  fn,
  logicalId,
  only,
  resources,
  statementsOf,
  type Resource,
  type Statement,
} from '../setup/template-queries.ts';

let synth: Synthesized;
let dev: Template;
let prod: Template;

beforeAll(() => {
  synth = synthDevAndProd();
  dev = synth.templates.dev!;
  prod = synth.templates.prod!;
}, 120_000);
afterAll(() => synth?.cleanup());

describe('CloudFront front', () => {
  const distribution = (template: Template) =>
    only(template, 'AWS::CloudFront::Distribution').Properties.DistributionConfig;
  const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
  const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
  const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

  it('sends /api/* and pages to the HTTP API, uncached, through the viewer-request function', () => {
    const config = distribution(dev);
    const dynamicPolicy = { Ref: logicalId(dev, 'AWS::CloudFront::CachePolicy', 'WebDynamicCachePolicy') };
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
        CachePolicyId: dynamicPolicy,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
        ViewerProtocolPolicy: 'redirect-to-https',
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: functionArn }],
      });
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'PATCH', 'DELETE']));
    }
  });

  it('compresses pages and API answers at the edge: gzip and brotli on, nothing cached by default', () => {
    const config = distribution(dev);
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    const policy = only(dev, 'AWS::CloudFront::CachePolicy').Properties.CachePolicyConfig;
    for (const behavior of [config.DefaultCacheBehavior, api]) {
      expect(behavior.Compress).toBe(true);
      expect(behavior.CachePolicyId).not.toBe(CACHING_DISABLED);
    }
    // CloudFront rejects the encodings on a policy whose TTLs are all 0, and then does not compress.
    expect(policy).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 1 });
    expect(policy.ParametersInCacheKeyAndForwardedToOrigin).toEqual({
      EnableAcceptEncodingGzip: true,
      EnableAcceptEncodingBrotli: true,
      CookiesConfig: { CookieBehavior: 'none' },
      HeadersConfig: { HeaderBehavior: 'none' },
      QueryStringsConfig: { QueryStringBehavior: 'none' },
    });
  });

  it('adds the origin secret to every request to the HTTP API, by a dynamic reference, never its value', () => {
    const apiOrigin = distribution(dev).Origins.find(
      (o: { CustomOriginConfig?: unknown }) => o.CustomOriginConfig,
    );
    const secret = logicalId(dev, 'AWS::SecretsManager::Secret', 'Secrets');
    expect(apiOrigin.OriginCustomHeaders).toEqual([
      {
        HeaderName: 'x-origin-verify',
        HeaderValue: {
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, ':SecretString:origin::}}']],
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
  it('has the stage bus and one rule per shared rule, into its target with retries and a DLQ', () => {
    expect(only(dev, 'AWS::Events::EventBus').Properties.Name).toBe('hearth-dev');
    // Rules that match events; the outbox drain's schedule is a rule too (cdk-outbox.test.ts).
    const rules = resources(dev, 'AWS::Events::Rule')
      .map(([, r]) => r.Properties)
      .filter((r) => r.EventPattern);
    expect(rules).toHaveLength(EVENT_RULES.length);
    const queue = logicalId(dev, 'AWS::SQS::Queue', 'EventsDeadLetters');
    const functionOf = { notify: 'NotifyFunction', digest: 'DigestFunction' } as const;
    expect(EVENT_RULES.map((r) => [r.name, r.target])).toEqual(
      expect.arrayContaining([
        ['digest-on-schedule', 'digest'],
        ['digest-deliver', 'digest'],
      ]),
    );
    for (const rule of EVENT_RULES) {
      const found = rules.find((r) => r.Name === `hearth-dev-${rule.name}`);
      expect(found?.EventPattern).toEqual({ source: ['hearth'], 'detail-type': [...rule.detailTypes] });
      expect(found?.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [logicalId(dev, 'AWS::Lambda::Function', functionOf[rule.target]), 'Arn'] },
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
    for (const prefix of Object.values(functionOf)) {
      dev.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(dev, 'AWS::Lambda::Function', prefix) },
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
      });
      expect(actionsOf(statementsOf(dev, prefix)), prefix).toContain('sqs:SendMessage');
    }
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
  /** CloudWatch bills each metric an alarm reads ($0.10 a month); docs/cost.md counts them. */
  const alarmMetrics = (alarm: Resource['Properties']) =>
    alarm.MetricName
      ? [`${alarm.Namespace}/${alarm.MetricName}`]
      : (alarm.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string } } }[])
          .filter((m) => m.MetricStat)
          .map((m) => `${m.MetricStat!.Metric.Namespace}/${m.MetricStat!.Metric.MetricName}`);

  it('on 5xx, dead letters, the outbox drain’s errors and SES reputation, to the stage topic', () => {
    const alarms = resources(dev, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
      ['api-5xx', 'event-dlq-dead-letters', 'outbox-drain-errors', 'ses-bounce-rate', 'ses-complaint-rate']
        .map((name) => `hearth-dev-${name}`)
        .sort(),
    );
    const topic = { Ref: logicalId(dev, 'AWS::SNS::Topic', 'Alarms') };
    for (const alarm of alarms) {
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([topic]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([topic]);
    }

    const api5xx = alarms.find((a) => a.AlarmName === 'hearth-dev-api-5xx')!;
    expect(api5xx).toMatchObject({ MetricName: '5xx', Namespace: 'AWS/ApiGateway', Threshold: 5 });
    const outbox = alarms.find((a) => a.AlarmName === 'hearth-dev-outbox-drain-errors')!;
    expect(outbox).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
    expect(outbox.Dimensions).toEqual([
      { Name: 'FunctionName', Value: { Ref: logicalId(dev, 'AWS::Lambda::Function', 'OutboxFunction') } },
    ]);
    dev.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: TEST_STAGE_CONFIG.alarmEmail,
    });
  });

  it('read five metrics in all, none of them custom, throttles or the errors of functions a kept alarm covers', () => {
    const metrics = resources(dev, 'AWS::CloudWatch::Alarm').flatMap(([, a]) => alarmMetrics(a.Properties));
    expect(metrics.sort()).toEqual(
      [
        'AWS/ApiGateway/5xx',
        'AWS/SQS/ApproximateNumberOfMessagesVisible',
        'AWS/Lambda/Errors',
        'AWS/SES/Reputation.BounceRate',
        'AWS/SES/Reputation.ComplaintRate',
      ].sort(),
    );
    expect(JSON.stringify(dev.toJSON())).not.toContain('ThrottleEvents');
  });
});
