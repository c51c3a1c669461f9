import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchSecret } from './secrets.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth-sso-AbCdEf';

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

  it('does not fetch when SSO_SECRET is already set', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET: 'local', SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>();
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).not.toHaveBeenCalled();
    expect(env).toEqual({ SSO_SECRET: 'local', SSO_SECRET_ARN: ARN });
  });

  it('does nothing without SSO_SECRET_ARN', async () => {
    const env: NodeJS.ProcessEnv = { OTHER: 'x' };
    const fetchSecret = vi.fn<FetchSecret>();
    await expect(loadSecrets(env, fetchSecret)).resolves.toBeUndefined();
    expect(fetchSecret).not.toHaveBeenCalled();
    expect(env).toEqual({ OTHER: 'x' });
  });

  it('fetches the secret named by SSO_SECRET_ARN once and sets SSO_SECRET', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>(async () => 's3cret');
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledExactlyOnceWith(ARN);
    expect(env.SSO_SECRET).toBe('s3cret');

    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledOnce();
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

  it('also fetches the CloudFront origin secret into ORIGIN_SECRET when ORIGIN_SECRET_ARN names one', async () => {
    const ORIGIN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hearth-origin-AbCdEf';
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN, ORIGIN_SECRET_ARN: ORIGIN_ARN };
    const fetchSecret = vi.fn<FetchSecret>(async (id) => (id === ARN ? 'sso' : 'origin'));
    await loadSecrets(env, fetchSecret);
    expect(env).toMatchObject({ SSO_SECRET: 'sso', ORIGIN_SECRET: 'origin' });
    await loadSecrets(env, fetchSecret);
    expect(fetchSecret).toHaveBeenCalledTimes(2);
  });

  it('rejects every concurrent caller of a failed fetch', async () => {
    const env: NodeJS.ProcessEnv = { SSO_SECRET_ARN: ARN };
    const fetchSecret = vi.fn<FetchSecret>().mockRejectedValueOnce(new Error('Throttled'));
    const results = await Promise.allSettled([loadSecrets(env, fetchSecret), loadSecrets(env, fetchSecret)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(fetchSecret).toHaveBeenCalledOnce();
  });
});
