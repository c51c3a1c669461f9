/**
 * Assembles the local stack: DynamoDB (Local, or the one AWS_ENDPOINT_URL_DYNAMODB names), the table
 * from the shared definition, demo data on first run, and the gateway in front of the very handler
 * functions CDK deploys. `npm start` and the browser tests both start it through here.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { createRuntime, type Runtime } from '../../shared/runtime/services.ts';
import { configFromEnv } from '../../shared/runtime/config.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { startDynamoDbLocal, type RunningDynamoDb } from './dynamodb-local.ts';
import { startGateway, type HttpHandler } from './gateway.ts';
import { devSsoSecret } from './dev-secret.ts';
import { seedDemo } from './seed.ts';

const webBuild = fileURLToPath(new URL('../../web/build/', import.meta.url));

export interface LocalStackOptions {
  port: number;
  /** Where DynamoDB Local keeps its files and the dev secret lives; in memory when absent. */
  dataDir?: string;
  tableName?: string;
  seed?: boolean;
}

export interface LocalStack {
  url: string;
  dynamoEndpoint: string;
  runtime: Runtime;
  /** Where the emails land. */
  outboxDir: string;
  seeded: boolean;
  startedDynamoDb: boolean;
  stop(): Promise<void>;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  if (!existsSync(`${webBuild}server/lambda.js`)) {
    throw new Error(
      'The web app is not built yet: run `npm run build:web` first (`npm start` does it for you).',
    );
  }
  let dynamo: RunningDynamoDb | undefined;
  let endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint) {
    dynamo = await startDynamoDbLocal({ dataDir: opts.dataDir ? `${opts.dataDir}/dynamodb` : undefined });
    endpoint = dynamo.endpoint;
  }
  try {
    // The handlers read their configuration from the environment, exactly as on Lambda.
    const env = process.env;
    env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
    env.AWS_REGION ??= 'us-east-1';
    if (dynamo) {
      env.AWS_ACCESS_KEY_ID ??= 'local';
      env.AWS_SECRET_ACCESS_KEY ??= 'local';
    }
    env.TABLE_NAME = opts.tableName ?? env.TABLE_NAME ?? 'hearth-local';
    env.SSO_SECRET ??= opts.dataDir ? devSsoSecret(opts.dataDir) : devSecretInMemory();
    env.HEARTH_LOCAL = '1';
    // Mail goes to DATA_DIR/outbox; a run without a data directory (tests) gets a throwaway one.
    env.DATA_DIR = opts.dataDir ?? env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'hearth-local-'));

    const config = configFromEnv(env);
    const runtime = createRuntime(config, createDb(config.tableName, { endpoint }));
    await ensureTable(runtime.db.raw, config.tableName);
    const seeded = opts.seed === false ? false : await seedDemo(runtime);

    const apiHandler = (await import('../../functions/http/handler.ts')).handler as HttpHandler;
    const webHandler = (await import(`${webBuild}server/lambda.js`)).handler as HttpHandler;
    const server = await startGateway({
      port: opts.port,
      apiHandler,
      webHandler,
      staticDir: `${webBuild}client`,
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    // Links in emails point here. The handlers read it on their first request, after this line.
    env.PUBLIC_ORIGIN ??= `http://127.0.0.1:${port}`;
    return {
      url: `http://127.0.0.1:${port}`,
      outboxDir: config.outboxDir ?? '',
      dynamoEndpoint: endpoint,
      runtime,
      seeded,
      startedDynamoDb: dynamo !== undefined,
      stop: async () => {
        await closeServer(server);
        runtime.db.raw.destroy();
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const devSecretInMemory = () => `dev-${crypto.randomUUID()}-${crypto.randomUUID()}`;
