/**
 * On AWS the SSO secret and the CloudFront origin secret live in Secrets Manager, not in the function's
 * environment, where anyone who may read the function's configuration could see them. Every invocation of
 * a Lambda entry awaits `loadSecrets()` before it uses the runtime; it copies each secret named by an
 * `…_ARN` variable into the variable `configFromEnv` reads (SSO_SECRET, ORIGIN_SECRET). Locally
 * SSO_SECRET is set directly, there is no origin secret, and nothing is fetched.
 *
 * Reads go through Powertools Parameters, cached for a few minutes, so most invocations make no call and
 * a rotated secret reaches the environment within that time, without a cold start. `runtimeFromEnv()`
 * and the SvelteKit handler read the environment per request, so they pick it up from there.
 */
import type { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
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

/** Where each secret's ARN is configured, and the variable its value is copied to. */
const SECRETS = [
  ['SSO_SECRET_ARN', 'SSO_SECRET'],
  ['ORIGIN_SECRET_ARN', 'ORIGIN_SECRET'],
] as const;

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
  loading ??= Promise.all(
    named.map(async ([arn, name]) => {
      const secretId = env[arn] ?? '';
      try {
        env[name] = await fetchSecret(secretId);
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
