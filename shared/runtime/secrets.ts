/**
 * On AWS the SSO secret and the CloudFront origin secret live in Secrets Manager, not in the function's
 * environment, where anyone who may read the function's configuration could see them. A Lambda entry
 * awaits `loadSecrets()` once per container before building its runtime; it copies each secret named by
 * an `…_ARN` variable into the variable `configFromEnv` reads (SSO_SECRET, ORIGIN_SECRET). Locally
 * SSO_SECRET is set directly, there is no origin secret, and nothing is fetched.
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

/** Where each secret's ARN is configured, and the variable its value is copied to. */
const SECRETS = [
  ['SSO_SECRET_ARN', 'SSO_SECRET'],
  ['ORIGIN_SECRET_ARN', 'ORIGIN_SECRET'],
] as const;

let loading: Promise<void> | undefined;

/** Resolves once every configured secret is in `env`; a failed fetch is retried by the next invocation. */
export function loadSecrets(
  env: NodeJS.ProcessEnv = process.env,
  fetchSecret: FetchSecret = fetchFromSecretsManager,
): Promise<void> {
  const missing = SECRETS.filter(([arn, name]) => env[arn] && !env[name]);
  if (missing.length === 0) return Promise.resolve();
  loading ??= Promise.all(
    missing.map(async ([arn, name]) => {
      env[name] = await fetchSecret(env[arn] ?? '');
    }),
  ).then(
    () => {
      loading = undefined;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
