import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const SECRET = 'sso-secret-sso-secret-sso-secret-0123';
const ROTATED = 'rotated-rotated-rotated-rotated-4567';

/** A fresh module each time: `runtimeFromEnv` keeps its runtime in a module-level variable. */
async function freshRuntimeFromEnv() {
  vi.resetModules();
  const { runtimeFromEnv } = await import('./services.ts');
  return runtimeFromEnv;
}

// Each test imports the whole service graph afresh, which takes seconds on a loaded CI box: slow, not red.
describe('runtimeFromEnv', { timeout: 60_000 }, () => {
  beforeEach(() => {
    // Building a runtime makes no AWS call; these only keep it off anything this machine has set.
    const env = { TABLE_NAME: 'hearth-runtime-test', SSO_SECRET: SECRET, AWS_REGION: 'eu-west-1' };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    for (const name of ['ORIGIN_SECRET', 'HEARTH_LOCAL', 'EVENT_BUS_NAME']) vi.stubEnv(name, undefined);
  });
  afterEach(() => vi.unstubAllEnvs());

  it('returns the same runtime while the secrets in the environment stay the same', async () => {
    const runtimeFromEnv = await freshRuntimeFromEnv();
    const first = runtimeFromEnv();
    vi.stubEnv('MAIL_FROM', 'Other <other@example.com>');
    expect(runtimeFromEnv()).toBe(first);
    expect(first.config.ssoSecret).toBe(SECRET);
  });

  it('builds a new runtime with a rotated SSO secret, keeping the DynamoDB client', async () => {
    const runtimeFromEnv = await freshRuntimeFromEnv();
    const first = runtimeFromEnv();
    vi.stubEnv('SSO_SECRET', ROTATED);
    const second = runtimeFromEnv();
    expect(second).not.toBe(first);
    expect(second.config.ssoSecret).toBe(ROTATED);
    expect(second.db).toBe(first.db);
    expect(runtimeFromEnv()).toBe(second);
  });

  it('builds a new runtime when the origin secret changes', async () => {
    const runtimeFromEnv = await freshRuntimeFromEnv();
    vi.stubEnv('ORIGIN_SECRET', 'origin-one');
    const first = runtimeFromEnv();
    vi.stubEnv('ORIGIN_SECRET', 'origin-two');
    const second = runtimeFromEnv();
    expect(second).not.toBe(first);
    expect(second.config.originSecret).toBe('origin-two');
  });
});
