/**
 * A local stack for one bench section. startLocalStack leaves its DynamoDB endpoint, table and origin in
 * the environment for the handlers; a later section in the same process would then talk to a stopped
 * DynamoDB Local, so stopping puts the environment back as it was.
 */
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';

const KEYS = ['AWS_ENDPOINT_URL_DYNAMODB', 'TABLE_NAME', 'SSO_SECRET', 'DATA_DIR', 'PUBLIC_ORIGIN'] as const;

export async function startBenchStack(tableName: string): Promise<LocalStack> {
  const saved = KEYS.map((key) => [key, process.env[key]] as const);
  const restore = () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  try {
    const stack = await startLocalStack({ port: 0, tableName, seed: true });
    return {
      ...stack,
      stop: async () => {
        await stack.stop();
        restore();
      },
    };
  } catch (error) {
    restore();
    throw error;
  }
}
