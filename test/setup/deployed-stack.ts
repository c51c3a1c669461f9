/**
 * The artefacts `cdk deploy` would upload, loaded into this process: the Lambda bundles synthesized into
 * a cloud assembly and imported with the environment the template gives them (references resolved as
 * CloudFormation would), against DynamoDB Local. EventBridge, SES and Secrets Manager are answered on
 * localhost (aws-endpoints.ts).
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, EventBridgeEvent } from 'aws-lambda';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { expect, inject } from 'vitest';
import { createDb, type Db } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { startAwsEndpoints, type AwsEndpoints } from './aws-endpoints.ts';
import { loadViewerRequest, type Distribution } from './cloudfront-request.ts';
import { synthHearth, TEST_STAGE_CONFIG, type Synthesized } from './synth.ts';

export type HttpHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type EventHandler = (event: EventBridgeEvent<string, unknown>) => Promise<void>;

export const STAGE = 'artefact';
export const SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:hearth/artefact/sso-secret-AbCdEf';
export const SSO_SECRET = `deployed-${randomUUID()}-${randomUUID()}`;
export const ORIGIN_SECRET_ARN =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:hearth/artefact/origin-secret-GhIjKl';
export const ORIGIN_SECRET = `origin-${randomUUID()}`;
export const PUBLIC_HOST = 'd111111abcdef8.cloudfront.net';
export const PUBLIC_ORIGIN = `https://${PUBLIC_HOST}`;

const FUNCTIONS = ['ApiReadFunction', 'ApiWriteFunction', 'WebFunction', 'NotifyFunction', 'DigestFunction'];

/** What each CloudFormation reference in a function's environment stands for once deployed. */
const deployedValues = (tableName: string): Record<string, string> => ({
  TABLE_NAME: tableName,
  SSO_SECRET_ARN: SECRET_ARN,
  ORIGIN_SECRET_ARN,
  EVENT_BUS_NAME: `hearth-${STAGE}`,
  SES_CONFIGURATION_SET: `hearth-${STAGE}`,
  PUBLIC_ORIGIN,
});

export interface DeployedStack {
  synth: Synthesized;
  aws: AwsEndpoints;
  /** Each function's environment as CloudFormation would give it, by logical id prefix. */
  environments: Record<string, Record<string, string>>;
  apiRead: HttpHandler;
  apiWrite: HttpHandler;
  web: HttpHandler;
  notify: EventHandler;
  digest: EventHandler;
  distribution: Distribution;
  /** The table the bundles run against, for tests that seed it through the real services. */
  db: Db;
  /** Restores the environment and removes the table, the endpoints and the assembly. */
  unload(): Promise<void>;
}

/** The environment CloudFormation would give the function, with references resolved. */
function deployedEnvironment(
  synth: Synthesized,
  tableName: string,
  functionId: string,
): Record<string, string> {
  const fns = synth.templates[STAGE]!.findResources('AWS::Lambda::Function');
  const [, fn] = Object.entries(fns).find(([id]) => id.startsWith(functionId)) ?? [];
  const variables = (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } }).Properties
    .Environment.Variables;
  const values = deployedValues(tableName);
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      // A reference nobody mapped would otherwise run as "[object Object]".
      if (!(name in values)) throw new Error(`${functionId}: no deployed value for reference ${name}`);
      return [name, values[name]!];
    }),
  );
}

/** The API origin's custom header, its dynamic reference resolved as CloudFormation would at deploy. */
function deployedOriginHeader(synth: Synthesized): { name: string; value: string } {
  const template = synth.templates[STAGE]!;
  const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution')) as {
    Properties: {
      DistributionConfig: {
        Origins: {
          CustomOriginConfig?: unknown;
          OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[];
        }[];
      };
    };
  }[];
  const api = distribution!.Properties.DistributionConfig.Origins.find((o) => o.CustomOriginConfig);
  const [header, ...more] = api?.OriginCustomHeaders ?? [];
  expect(more).toEqual([]);
  const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((id) =>
    id.startsWith('Secrets'),
  );
  expect(JSON.stringify(header!.HeaderValue)).toBe(
    JSON.stringify({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:origin::}}']],
    }),
  );
  return { name: header!.HeaderName, value: ORIGIN_SECRET };
}

export async function loadDeployedStack(): Promise<DeployedStack> {
  let synth: Synthesized | undefined;
  let aws: AwsEndpoints | undefined;
  let db: Db | undefined;
  const tableName = `hearth-${STAGE}-${randomUUID()}`;
  let savedEnv: NodeJS.ProcessEnv | undefined;
  const unload = async () => {
    if (savedEnv) {
      for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
      Object.assign(process.env, savedEnv);
    }
    await aws?.stop();
    await db?.raw.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    db?.raw.destroy();
    synth?.cleanup();
  };
  try {
    synth = synthHearth({ stages: { [STAGE]: TEST_STAGE_CONFIG }, bundle: [STAGE] });
    const endpoint = inject('dynamoEndpoint');
    db = createDb(tableName, {
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(db.raw, tableName);
    aws = await startAwsEndpoints({ [SECRET_ARN]: SSO_SECRET, [ORIGIN_SECRET_ARN]: ORIGIN_SECRET });

    const loaded = synth;
    const environments = Object.fromEntries(
      FUNCTIONS.map((id) => [id, deployedEnvironment(loaded, tableName, id)]),
    );
    savedEnv = { ...process.env };
    for (const name of [
      'HEARTH_LOCAL',
      'SSO_SECRET',
      'ORIGIN_SECRET',
      'DATA_DIR',
      'PUBLIC_ORIGIN',
      'ADMIN_EMAILS',
    ]) {
      delete process.env[name];
    }
    // The functions share one process here, so they share one environment: the template gives them the
    // same variables apart from Powertools' service name, the origin secret of the HTTP functions and
    // the digest's settings (all but notify), which the tests check.
    Object.assign(process.env, environments.ApiWriteFunction, aws.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      // Metrics go to stdout as EMF on Lambda; here they would only be noise.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });

    const importBundle = async <T>(functionId: string): Promise<T> => {
      const path = loaded.bundlePath(STAGE, functionId);
      return ((await import(pathToFileURL(path).href)) as { handler: T }).handler;
    };
    return {
      synth,
      aws,
      environments,
      apiRead: await importBundle('ApiReadFunction'),
      apiWrite: await importBundle('ApiWriteFunction'),
      web: await importBundle('WebFunction'),
      notify: await importBundle('NotifyFunction'),
      digest: await importBundle('DigestFunction'),
      distribution: {
        viewerRequest: loadViewerRequest(),
        publicHost: PUBLIC_HOST,
        originHeader: deployedOriginHeader(synth),
      },
      db,
      unload,
    };
  } catch (error) {
    await unload();
    throw error;
  }
}
