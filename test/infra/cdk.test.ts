import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HearthStack } from '../../infra/hearth-stack.ts';
import { TABLE } from '../../shared/table/definition.ts';

interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
}

let outdir: string;
let dev: Template;
let prod: Template;

const only = (template: Template, type: string): Resource => {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** A Lambda function by the start of its logical id (CDK appends a hash). */
const lambdaFunction = (template: Template, idPrefix: string): Resource => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function'))
    .filter(([id]) => id.startsWith(idPrefix))
    .map(([, r]) => r as Resource);
  expect(found).toHaveLength(1);
  return found[0]!;
};

const keySchema = (partitionKey: string, sortKey: string) => [
  { AttributeName: partitionKey, KeyType: 'HASH' },
  { AttributeName: sortKey, KeyType: 'RANGE' },
];

beforeAll(() => {
  // Both stages in one app, as they would share an account. Only dev is bundled: one esbuild run is
  // enough to prove the handler bundles, and prod's template shape does not depend on the bundle.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': ['Hearth-dev'] } });
  const devStack = new HearthStack(app, 'Hearth-dev', { stage: 'dev' });
  const prodStack = new HearthStack(app, 'Hearth-prod', { stage: 'prod' });
  outdir = app.synth().directory;
  dev = Template.fromStack(devStack);
  prod = Template.fromStack(prodStack);
}, 120_000);

// Outside the CDK CLI the app synthesizes into a fresh temporary directory on every run.
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('table', () => {
  it('has the keys and exactly the indexes of the shared definition', () => {
    const table = only(dev, 'AWS::DynamoDB::GlobalTable').Properties;
    expect(table.KeySchema).toEqual(keySchema(TABLE.partitionKey.name, TABLE.sortKey.name));
    expect(table.KeySchema).toEqual(keySchema('pk', 'sk'));
    expect(table.GlobalSecondaryIndexes).toEqual(
      TABLE.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey.name, index.sortKey.name),
        Projection: { ProjectionType: 'ALL' },
      })),
    );
    const keys = [TABLE.partitionKey, TABLE.sortKey].concat(
      TABLE.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    );
    expect(table.AttributeDefinitions).toEqual(
      expect.arrayContaining(keys.map((key) => ({ AttributeName: key.name, AttributeType: key.type }))),
    );
  });

  it('is on-demand, recoverable, protected from deletion and expires items by TTL', () => {
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

describe('API function', () => {
  it('runs on Node.js 22 or newer, on arm64, against the stage table', () => {
    const fn = lambdaFunction(dev, 'ApiFunction').Properties;
    const runtime = String(fn.Runtime);
    expect(runtime).toMatch(/^nodejs\d+\.x$/);
    expect(Number(runtime.replace(/\D/g, ''))).toBeGreaterThanOrEqual(22);
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(512);
    expect(fn.Timeout).toBe(10);
    const tableId = Object.keys(dev.findResources('AWS::DynamoDB::GlobalTable'))[0];
    expect(fn.Environment).toMatchObject({
      Variables: {
        TABLE_NAME: { Ref: tableId },
        SSO_SECRET_PARAMETER: '/hearth/dev/sso-secret',
      },
    });
  });

  it('takes the SSO secret from the stage SSM parameter, not from the template', () => {
    const fn = lambdaFunction(dev, 'ApiFunction').Properties;
    const secret = (fn.Environment as { Variables: Record<string, unknown> }).Variables.SSO_SECRET;
    expect(secret).toEqual({ Ref: expect.any(String) });
    const parameterId = (secret as { Ref: string }).Ref;
    expect(dev.toJSON().Parameters[parameterId]).toEqual({
      Type: 'AWS::SSM::Parameter::Value<String>',
      Default: '/hearth/dev/sso-secret',
    });
  });

  it('can read and write the table and its indexes', () => {
    const statements = Object.values(dev.findResources('AWS::IAM::Policy'))
      .flatMap(
        (policy) => (policy as Resource).Properties.PolicyDocument as { Statement: { Action: string[] }[] },
      )
      .flatMap((document) => document.Statement);
    const actions = statements.flatMap((statement) => statement.Action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
      ]),
    );
    expect(JSON.stringify(statements)).toContain('/index/*');
  });

  it('keeps its logs for a month', () => {
    dev.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('ships a bundled handler as an S3 asset', () => {
    const code = lambdaFunction(dev, 'ApiFunction').Properties.Code as { S3Key: string };
    expect(code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    const bundle = path.join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    // The require shim has to come first or bundled CommonJS dependencies fail at cold start.
    expect(readFileSync(bundle, 'utf8').startsWith('import { createRequire }')).toBe(true);
  });
});

describe('domain events', () => {
  it('has a stage bus the API may put events on', () => {
    dev.hasResourceProperties('AWS::Events::EventBus', { Name: 'hearth-dev' });
    const fn = lambdaFunction(dev, 'ApiFunction').Properties;
    expect(JSON.stringify(fn.Environment)).toContain('EVENT_BUS_NAME');
    const statements = Object.values(dev.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        ((p as Resource).Properties.PolicyDocument as { Statement: { Action: string | string[] }[] })
          .Statement,
    );
    expect(statements.some((s) => [s.Action].flat().includes('events:PutEvents'))).toBe(true);
  });

  it('routes status changes to the notify function, with retries and a dead-letter queue', () => {
    const notify = lambdaFunction(dev, 'NotifyFunction').Properties;
    expect(notify.Architectures).toEqual(['arm64']);
    dev.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['hearth'], 'detail-type': ['PostStatusChanged'] },
      Targets: [
        Match.objectLike({
          RetryPolicy: { MaximumRetryAttempts: 4 },
          DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
        }),
      ],
    });
    dev.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'hearth-dev-event-dlq' });
    dev.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Action: 'ses:SendEmail' })]),
      }),
    });
  });
});

describe('HTTP API', () => {
  it('routes everything under /api to the function', () => {
    dev.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    dev.resourceCountIs('AWS::ApiGatewayV2::Route', 1);
    dev.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /api/{proxy+}' });
    dev.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the default stage', () => {
    dev.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
    });
  });

  it('outputs the API URL and the table name', () => {
    expect(Object.keys(dev.findOutputs('*')).sort()).toEqual(['ApiUrl', 'TableName']);
  });
});

describe('stages', () => {
  it('can share one account because every name is derived from the stage', () => {
    const names = (template: Template) => ({
      table: only(template, 'AWS::DynamoDB::GlobalTable').Properties.TableName,
      api: only(template, 'AWS::ApiGatewayV2::Api').Properties.Name,
    });
    expect(names(dev)).toEqual({ table: 'hearth-dev', api: 'hearth-dev-api' });
    expect(names(prod)).toEqual({ table: 'hearth-prod', api: 'hearth-prod-api' });
  });

  it('rejects a stage that would make invalid resource names', () => {
    expect(() => new HearthStack(new App({ outdir }), 'Hearth-bad', { stage: 'Prod_1' })).toThrow(
      /Stage must be/,
    );
  });
});
