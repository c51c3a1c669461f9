/** Runs a `shared/maintenance` command line as `npm run` would, against the test's DynamoDB Local table. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import type { TestTable } from './table.ts';

const run = promisify(execFile);

export async function runMaintenanceCli(t: TestTable, script: string, args: string[] = []): Promise<string> {
  const { stdout } = await run('npx', ['tsx', `shared/maintenance/${script}`, ...args], {
    env: {
      ...process.env,
      TABLE_NAME: t.db.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
  });
  return stdout;
}
