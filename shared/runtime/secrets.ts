/**
 * On AWS the SSO secret and the CloudFront origin secret live in Secrets Manager, not in the function's
 * environment, where anyone who may read the function's configuration could see them. Every invocation of
 * a Lambda entry awaits `loadSecrets()` before it uses the runtime; it copies each secret named by an
 * `…_ARN` variable into the variable `configFromEnv` reads (SSO_SECRET, ORIGIN_SECRET). The stack keeps
 * both values in one secret, a JSON object (shared/runtime/secret-keys.ts), so both variables may name
 * it: it is then read once, and each takes its key. A secret that is not a JSON object (one a stage
 * brings with `ssoSecretArn`) is taken whole. Locally SSO_SECRET is set directly, there is no origin
 * secret, and nothing is fetched.
 *
 * Reads go through Powertools Parameters, cached for a few minutes, so most invocations make no call and
 * a rotated secret reaches the environment within that time, without a cold start. `runtimeFromEnv()`
 * and the SvelteKit handler read the environment per request, so they pick it up from there.
 */
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SECRET_KEYS } from './secret-keys.ts';
import { processTelemetry } from './telemetry.ts';

export type FetchSecret = (secretId: string) => Promise<string>;

/** How long a rotated secret may go unnoticed, against one Secrets Manager call per container that often. */
const MAX_AGE_SECONDS = 5 * 60;

/**
 * Built on first use, so its SDK client reads the environment the entry runs with (tests point
 * AWS_ENDPOINT_URL_SECRETS_MANAGER at a stand-in). Ours rather than the process-wide one behind
 * Powertools' `getSecret`, so a fresh module starts with a fresh client and cache.
 */
let provider: SecretsProvider | undefined;

const fetchFromSecretsManager: FetchSecret = async (secretId) => {
  // Imported on the first fetch, not at the top: it loads the Secrets Manager client, which a function
  // with no secret ARN (and every local run) never needs.
  provider ??= new (await import('@aws-lambda-powertools/parameters/secrets')).SecretsProvider();
  const value = await provider.get(secretId, { maxAge: MAX_AGE_SECONDS });
  if (typeof value !== 'string') throw new Error(`Secret ${secretId} has no string value.`);
  return value;
};

/** Where each secret's ARN is configured, the variable its value is copied to, and its key in a JSON secret. */
const SECRETS = [
  ['SSO_SECRET_ARN', 'SSO_SECRET', SECRET_KEYS.sso],
  ['ORIGIN_SECRET_ARN', 'ORIGIN_SECRET', SECRET_KEYS.origin],
] as const;

/** The value under `key` when the secret is a JSON object, else the whole secret. */
export function secretValue(secret: string, key: string, secretId: string): string {
  let parsed: unknown;
  try {
    parsed = secret.startsWith('{') ? JSON.parse(secret) : undefined;
  } catch {
    return secret;
  }
  if (typeof parsed !== 'object' || parsed === null) return secret;
  const value = (parsed as Record<string, unknown>)[key];
  if (typeof value !== 'string' || !value) throw new Error(`Secret ${secretId} has no "${key}" key.`);
  return value;
}

let loading: Promise<void> | undefined;

/**
 * Resolves once every secret named by an ARN holds its current value in `env`. A failed first fetch
 * rejects, and the next invocation retries; a failed refresh keeps the value already there (the secret
 * has not necessarily changed, and failing every request over it would be worse) and is retried likewise.
 */
export function loadSecrets(
  env: NodeJS.ProcessEnv = process.env,
  fetchSecret: FetchSecret = fetchFromSecretsManager,
): Promise<void> {
  const named = SECRETS.filter(([arn]) => env[arn]);
  if (named.length === 0) return Promise.resolve();
  // One fetch per secret, however many variables name it.
  const fetches = new Map<string, Promise<string>>();
  const fetchOnce = (secretId: string) => {
    let fetched = fetches.get(secretId);
    if (!fetched) fetches.set(secretId, (fetched = fetchSecret(secretId)));
    return fetched;
  };
  loading ??= Promise.all(
    named.map(async ([arn, name, key]) => {
      const secretId = env[arn] ?? '';
      try {
        env[name] = secretValue(await fetchOnce(secretId), key, secretId);
      } catch (error) {
        if (!env[name]) throw error;
        processTelemetry().logger.warn('secret refresh failed; keeping the value in hand', {
          secretId,
          error,
        });
      }
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
