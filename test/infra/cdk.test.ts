/**
 * The synthesized templates, resource by resource: what `npm run deploy` would create for a stage (the
 * table, the functions and their rights, the HTTP API, the stages' names), and that cdk-nag
 * (AwsSolutions) finds nothing unacknowledged. CloudFront, events, email and alarms:
 * cdk-front-and-events.test.ts. The bundles themselves are run in
 * test/integration/deployed-artefacts.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
import { TABLE } from '../../shared/table/definition.ts';
import { synthDevAndProd } from '../setup/dev-and-prod.ts';
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

const tableId = () => logicalId(dev, 'AWS::DynamoDB::GlobalTable', 'Table');

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
        Projection: index.include
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
          : { ProjectionType: 'ALL' },
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
    DigestFunction: 'digest',
  };
  /** The event targets: no HTTP requests, so no origin check. */
  const eventTargets = ['NotifyFunction', 'DigestFunction'];

  it('one per handler group, on Node.js 24 arm64, with its own role, logs for a month and Powertools', () => {
    const roles = new Set<string>();
    for (const [prefix, service] of Object.entries(groups)) {
      const props = fn(dev, prefix).Properties;
      expect(props.Runtime, prefix).toBe('nodejs24.x');
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.Environment.Variables).toMatchObject({
        POWERTOOLS_SERVICE_NAME: service,
        TABLE_NAME: { Ref: tableId() },
        SSO_SECRET_ARN: { Ref: logicalId(dev, 'AWS::SecretsManager::Secret', 'Secrets') },
      });
      // No custom metrics are published (shared/runtime/telemetry.ts), so no namespace is configured.
      expect(props.Environment.Variables, prefix).not.toHaveProperty('POWERTOOLS_METRICS_NAMESPACE');
      expect(props.LoggingConfig.LogGroup).toBeDefined();
      roles.add(JSON.stringify(props.Role));
    }
    expect(roles.size).toBe(5);
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
    expect(unconditionalWrites('DigestFunction')).toEqual([]);
    expect(unconditionalWrites('ApiWriteFunction').sort()).toEqual(
      ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort(),
    );
    expect(unconditionalWrites('WebFunction').length).toBe(4);
  });

  it('the read-only API may only extend sessions; notify may only write its ledger, the digest its weeks', () => {
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
      // Its deliveries: inbox items and email lines, the due marks, and the unread count alone.
      expect.objectContaining({
        Action: 'dynamodb:PutItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INBOX#*', 'MAILQ#*'] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['MAILDUE#*'] } },
      }),
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USER#*'] },
          'ForAllValues:StringEquals': {
            'dynamodb:Attributes': ['pk', 'sk', 'unreadNotifications', 'notificationsReadThrough'],
          },
        },
      }),
    ]);
    // The week, its accounts (TransactWriteItems of Puts: PutItem per item) and its send claims.
    expect(conditioned('DigestFunction')).toEqual([
      expect.objectContaining({
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DIGEST#*'] } },
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
    // The digest fans out one delivery event per recipient.
    for (const prefix of ['ApiWriteFunction', 'WebFunction', 'DigestFunction'])
      expect(has(prefix, 'events:PutEvents')).toBe(true);
    const putEvents = statementsOf(dev, 'DigestFunction').filter((s) =>
      [s.Action].flat().includes('events:PutEvents'),
    );
    expect(putEvents.map((s) => s.Resource)).toEqual([
      { 'Fn::GetAtt': [logicalId(dev, 'AWS::Events::EventBus', 'EventsBus'), 'Arn'] },
    ]);
    for (const prefix of ['ApiWriteFunction', 'WebFunction', 'NotifyFunction', 'DigestFunction']) {
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

  it('one secret holds the SSO key and the origin value; every function reads it, and nothing else in Secrets Manager', () => {
    const secrets = resources(dev, 'AWS::SecretsManager::Secret');
    expect(secrets, 'one secret: each is billed $0.40 a month').toHaveLength(1);
    const [secret, resource] = secrets[0]!;
    expect(secret).toMatch(/^Secrets/);
    for (const prefix of Object.keys(groups)) {
      const reads = statementsOf(dev, prefix).filter((s) =>
        [s.Action].flat().includes('secretsmanager:GetSecretValue'),
      );
      expect(
        reads.map((s) => s.Resource),
        prefix,
      ).toEqual([{ Ref: secret }]);
      const variables = fn(dev, prefix).Properties.Environment.Variables;
      expect(variables.SSO_SECRET_ARN, prefix).toEqual({ Ref: secret });
      // Only the functions behind the HTTP API check the origin value.
      if (!eventTargets.includes(prefix))
        expect(variables.ORIGIN_SECRET_ARN, prefix).toEqual({ Ref: secret });
      else expect(variables, prefix).not.toHaveProperty('ORIGIN_SECRET_ARN');
      expect(variables, prefix).not.toHaveProperty('ORIGIN_SECRET');
      expect(variables, prefix).not.toHaveProperty('SSO_SECRET');
    }
    // The SSO key outlives the stack (the host product signs with it); CloudFormation generates it into
    // the JSON, whose `origin` comes from GetRandomPassword, run once by a custom resource that logs no
    // answer; the template holds neither value.
    const random = logicalId(dev, 'Custom::AWS', 'OriginSecretValue');
    expect(resource!.DeletionPolicy).toBe('Retain');
    expect(resource!.Properties).toMatchObject({
      Name: 'hearth/dev/secrets',
      GenerateSecretString: {
        GenerateStringKey: 'sso',
        PasswordLength: 64,
        ExcludePunctuation: true,
        SecretStringTemplate: {
          'Fn::Join': ['', ['{"origin":"', { 'Fn::GetAtt': [random, 'RandomPassword'] }, '"}']],
        },
      },
    });
    const call = JSON.parse(dev.toJSON().Resources[random].Properties.Create as string) as Record<
      string,
      unknown
    >;
    expect(call).toMatchObject({
      action: expect.stringMatching(/^getRandomPassword$/i),
      logApiResponseData: false,
    });
    expect(call.physicalResourceId).toEqual({ id: 'hearth-dev-origin-secret-value' });
    expect(JSON.stringify(dev.toJSON())).not.toContain('hearth/dev/sso-secret');
  });

  it('the digest runs up to five minutes, and it and the HTTP functions take the digest’s zone and recipients', () => {
    const digest = fn(dev, 'DigestFunction').Properties;
    expect(digest.Timeout).toBe(300);
    expect(digest.MemorySize).toBeGreaterThanOrEqual(fn(dev, 'NotifyFunction').Properties.MemorySize);
    for (const prefix of ['DigestFunction', 'ApiReadFunction', 'ApiWriteFunction', 'WebFunction']) {
      expect(fn(dev, prefix).Properties.Environment.Variables, prefix).toMatchObject({
        DIGEST_TIME_ZONE: TEST_STAGE_CONFIG.digest.timeZone,
        DIGEST_RECIPIENTS: TEST_STAGE_CONFIG.digest.recipients.join(','),
      });
    }
    expect(fn(dev, 'NotifyFunction').Properties.Environment.Variables).not.toHaveProperty('DIGEST_TIME_ZONE');
  });

  it('an existing SSO secret can be named instead; the stack then keeps only the origin value', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth/prod/sso-AbCdEf';
    const stack = new HearthStack(app, 'Hearth-own', {
      stage: 'own',
      config: parseStageConfig('own', { ...TEST_STAGE_CONFIG, ssoSecretArn: arn }),
    });
    const template = app.synth().getStackByName(stack.stackName).template as {
      Resources: Record<string, Resource>;
    };
    const json = JSON.stringify(template);
    expect(json).not.toContain('hearth/own/sso-secret');
    expect(json).toContain(arn);
    const secrets = Object.entries(template.Resources).filter(
      ([, r]) => r.Type === 'AWS::SecretsManager::Secret',
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0]![1].Properties).toMatchObject({
      Name: 'hearth/own/secrets',
      GenerateSecretString: { GenerateStringKey: 'origin', PasswordLength: 48, SecretStringTemplate: '{}' },
    });
    expect(Object.values(template.Resources).map((r) => r.Type)).not.toContain('Custom::AWS');
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
