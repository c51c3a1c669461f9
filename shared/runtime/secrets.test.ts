import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAwsEndpoints, type AwsEndpoints } from '../../test/setup/aws-endpoints.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';
import type { FetchSecret } from './secrets.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth-sso-AbCdEf';
const ORIGIN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth-origin-AbCdEf';

/** A fresh module each time: `loadSecrets` remembers its fetch in a module-level promise. */
async function freshLoadSecrets() {
  vi.resetModules();
  const { loadSecrets } = await import('./secrets.ts');
  return loadSecrets;
}

/** A fetch that resolves only when the test says so. */
function deferredFetch() {
  let resolve!: (secret: string) => void;
  const fetchSecret = vi.fn<FetchSecret>(
    () =>
      new Promise<string>((r) => {
        resolve = r;
      }),
  );
  return { fetchSecret, resolve: (secret: string) => resolve(secret) };
}

describe('loadSecrets', () => {
  let loadSecrets: Awaited<ReturnType<typeof freshLoadSecrets>>;

  beforeEach(async () => {
    loadSecrets = await freshLoadSecrets();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('does not fetch a secret set without an ARN', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET: 'local', ORIGIN_SECRET_ARN: ORIGIN_ARN };
    const fetchSecret = vi.fn<FetchSecret>(async () => 'origin');
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledExactlyOnceWith(ORIGIN_ARN);
    expect(env).toEqual({ SSO_SECRET: 'local', ORIGIN_SECRET_ARN: ORIGIN_ARN, ORIGIN_SECRET: 'origin' });
  });

  it('does nothing without SSO_SECRET_ARN', async () => {
    const env: NodeJS.ProcessEnv = { OTHER: 'x' };
    const fetchSecret = vi.fn<FetchSecret>();
    await expect(loadSecrets(env, fetchSecret)).resolves.toBeUndefined();
    expect(fetchSecret).not.toHaveBeenCalled();
    expect(env).toEqual({ OTHER: 'x' });
  });

  // Caching is the fetch's job (Powertools, below): a load always copies what the fetch answers now.
  it('copies the current value of the secret named by SSO_SECRET_ARN into SSO_SECRET at every load', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>().mockResolvedValueOnce('s3cret').mockResolvedValueOnce('rotated');
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledExactlyOnceWith(ARN);
    expect(env.SSO_SECRET).toBe('s3cret');

    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledTimes(2);
    expect(env.SSO_SECRET).toBe('rotated');
  });

  it('shares one fetch between concurrent calls', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const { fetchSecret, resolve } = deferredFetch();
    const first = loadSecrets(env, fetchSecret);
    const second = loadSecrets(env, fetchSecret);
    expect(env.SSO_SECRET).toBeUndefined();
    resolve('s3cret');
    await Promise.all([first, second]);
    expect(fetchSecret).toHaveBeenCalledOnce();
    expect(env.SSO_SECRET).toBe('s3cret');
  });

  it('rejects when the fetch fails, and the next call retries', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi
      .fn<FetchSecret>()
      .mockRejectedValueOnce(new Error('AccessDenied'))
      .mockResolvedValueOnce('s3cret');

    await expect(loadSecrets(env, fetchSecret)).rejects.toThrow('AccessDenied');
    expect(env.SSO_SECRET).toBeUndefined();

    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledTimes(2);
    expect(env.SSO_SECRET).toBe('s3cret');
  });

  it('keeps the value in hand when a refresh fails, and the next load retries', async () => {
    for (const name of ['POWERTOOLS_DEV', 'POWERTOOLS_LOG_LEVEL', 'HEARTH_LOCAL'])
      vi.stubEnv(name, undefined);
    const out = captureTelemetryOutput();
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi
      .fn<FetchSecret>()
      .mockResolvedValueOnce('s3cret')
      .mockRejectedValueOnce(new Error('Throttled'))
      .mockResolvedValueOnce('rotated');
    await loadSecrets(env, fetchSecret);
    await expect(loadSecrets(env, fetchSecret)).resolves.toBeUndefined();
    expect(env.SSO_SECRET).toBe('s3cret');
    expect(out.logs()).toContainEqual(expect.objectContaining({ level: 'WARN', secretId: ARN }));

    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledTimes(3);
    expect(env.SSO_SECRET).toBe('rotated');
  });

  it('also fetches the CloudFront origin secret into ORIGIN_SECRET when ORIGIN_SECRET_ARN names one', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN, ORIGIN_SECRET_ARN: ORIGIN_ARN };
    const fetchSecret = vi.fn<FetchSecret>(async (id) => (id === ARN ? 'sso' : 'origin'));
    await loadSecrets(env, fetchSecret);
    expect(env).toMatchObject({ SSO_SECRET: 'sso', ORIGIN_SECRET: 'origin' });
    expect(fetchSecret.mock.calls.map(([id]) => id).sort()).toEqual([ARN, ORIGIN_ARN].sort());
  });

  it("reads the stack's one JSON secret once, and copies each key into its variable", async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN, ORIGIN_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>(async () => JSON.stringify({ sso: 'sso', origin: 'origin' }));
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledExactlyOnceWith(ARN);
    expect(env).toMatchObject({ SSO_SECRET: 'sso', ORIGIN_SECRET: 'origin' });
  });

  it('takes a brought SSO secret whole, and the origin value from the JSON secret', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN, ORIGIN_SECRET_ARN: ORIGIN_ARN };
    const fetchSecret = vi.fn<FetchSecret>(async (id) =>
      id === ARN ? '{not-json-but-a-key' : JSON.stringify({ origin: 'origin' }),
    );
    await loadSecrets(env, fetchSecret);
    expect(env).toMatchObject({ SSO_SECRET: '{not-json-but-a-key', ORIGIN_SECRET: 'origin' });
  });

  it('rejects a JSON secret without the key it needs', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>(async () => JSON.stringify({ origin: 'origin' }));
    await expect(loadSecrets(env, fetchSecret)).rejects.toThrow(`Secret ${ARN} has no "sso" key.`);
    expect(env.SSO_SECRET).toBeUndefined();
  });

  it('rejects every concurrent caller of a failed fetch', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>().mockRejectedValueOnce(new Error('Throttled'));
    const results = await Promise.allSettled([loadSecrets(env, fetchSecret), loadSecrets(env, fetchSecret)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fetchSecret).toHaveBeenCalledOnce();
  });
});

describe('loadSecrets against Secrets Manager', () => {
  let aws: AwsEndpoints;
  /** What the stand-in answers, read at each request: changing it rotates the secret. */
  let stored: Record<string, string>;

  beforeEach(async () => {
    stored = { [ARN]: 'from-secrets-manager' };
    aws = await startAwsEndpoints(stored);
    const sdkEnv = { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
    for (const [name, value] of Object.entries({ ...aws.env, ...sdkEnv })) vi.stubEnv(name, value);
  });
  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    await aws.stop();
  });

  it('reads the secret over the SDK, and reuses what it read for a while', async () => {
    const loadSecrets = await freshLoadSecrets();
    const first: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    await loadSecrets(first);
    const second: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    await loadSecrets(second);
    expect([first.SSO_SECRET, second.SSO_SECRET]).toEqual(['from-secrets-manager', 'from-secrets-manager']);
    expect(aws.secretReads).toEqual([ARN]);
  });

  it('fetches and copies a rotated secret once what it read is five minutes old', async () => {
    // Powertools dates its cache entries with Date; the timers the SDK and the stand-in use stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    const loadSecrets = await freshLoadSecrets();
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    await loadSecrets(env);
    stored[ARN] = 'rotated';

    vi.setSystemTime(Date.now() + 4 * 60_000);
    await loadSecrets(env);
    expect(env.SSO_SECRET).toBe('from-secrets-manager');
    expect(aws.secretReads).toEqual([ARN]);

    vi.setSystemTime(Date.now() + 61_000);
    await loadSecrets(env);
    expect(env.SSO_SECRET).toBe('rotated');
    expect(aws.secretReads).toEqual([ARN, ARN]);
  });

  it('reads a JSON secret named by both variables once, and refreshes both keys from it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    stored[ARN] = JSON.stringify({ sso: 'sso', origin: 'origin' });
    const loadSecrets = await freshLoadSecrets();
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN, ORIGIN_SECRET_ARN: ARN };
    await loadSecrets(env);
    expect(env).toMatchObject({ SSO_SECRET: 'sso', ORIGIN_SECRET: 'origin' });
    expect(aws.secretReads).toEqual([ARN]);

    stored[ARN] = JSON.stringify({ sso: 'sso-rotated', origin: 'origin-rotated' });
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1000);
    await loadSecrets(env);
    expect(env).toMatchObject({ SSO_SECRET: 'sso-rotated', ORIGIN_SECRET: 'origin-rotated' });
    expect(aws.secretReads).toEqual([ARN, ARN]);
  });

  it('rejects when Secrets Manager has no such secret', async () => {
    const loadSecrets = await freshLoadSecrets();
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: `${ARN}-missing` };
    await expect(loadSecrets(env)).rejects.toThrow(/can't find the specified secret/);
    expect(env.SSO_SECRET).toBeUndefined();
  });
});
