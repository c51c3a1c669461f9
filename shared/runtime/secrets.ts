/**
 * On AWS the SSO secret lives in Secrets Manager, not in the function's environment, where anyone who
 * may read the function's configuration could see it. A Lambda entry awaits `loadSecrets()` once per
 * container before building its runtime; it copies the secret into SSO_SECRET, where `configFromEnv`
 * reads it. Locally SSO_SECRET is set directly and no secret is fetched.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export type FetchSecret = (secretId: string) => Promise<string>;

const fetchFromSecretsManager: FetchSecret = async (secretId) => {
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (!SecretString) throw new Error(`Secret ${secretId} has no string value.`);
    return SecretString;
  } finally {
    client.destroy();
  }
};

let loading: Promise<void> | undefined;

/** Resolves once SSO_SECRET is in `env`; a failed fetch is retried by the next invocation. */
export function loadSecrets(
  env: NodeJS.ProcessEnv = process.env,
  fetchSecret: FetchSecret = fetchFromSecretsManager,
): Promise<void> {
  if (env.SSO_SECRET || !env.SSO_SECRET_ARN) return Promise.resolve();
  const secretId = env.SSO_SECRET_ARN;
  loading ??= fetchSecret(secretId).then(
    (secret) => {
      env.SSO_SECRET = secret;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
