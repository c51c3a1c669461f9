import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiGatewayEvent } from '../../test/setup/apigw-event.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';

// adapter.js is plain JS (svelte-check checks it); this tsconfig has no allowJs, so it is typed here.
const { lambdaEntrySource } = (await import('../adapter.js' as string)) as {
  lambdaEntrySource: (observedImport: string) => string;
};

const secrets = vi.hoisted(() => ({ loads: 0 }));

// Secrets Manager stands behind loadSecrets; this one answers a tick later, as a real fetch would.
vi.mock('../../shared/runtime/secrets.ts', () => ({
  loadSecrets: async () => {
    secrets.loads += 1;
    await new Promise((resolve) => setTimeout(resolve, 5));
    process.env.SSO_SECRET = 'from-secrets-manager';
  },
}));

/** Stands in for SvelteKit's build output beside the generated entry: a Server that notes what env it saw. */
const fakeBuild = {
  'index.js': `
    export const seen = [];
    export class Server {
      constructor() { seen.push(['constructed', process.env.SSO_SECRET]); }
      async init({ env }) { seen.push(['init', env.SSO_SECRET]); }
      async respond() { return new Response('<p>hi</p>', { status: 200, headers: { 'content-type': 'text/html' } }); }
    }`,
  'manifest.js': 'export const manifest = {};',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-lambda-entry-'));
  for (const name of ['SSO_SECRET', 'HEARTH_LOCAL', 'POWERTOOLS_DEV', 'POWERTOOLS_LOG_LEVEL'])
    vi.stubEnv(name, undefined);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('the generated SvelteKit Lambda entry', () => {
  it('loads the secrets before SvelteKit reads the environment, and logs each request', async () => {
    for (const [name, source] of Object.entries(fakeBuild)) writeFileSync(join(dir, name), source);
    const observed = relative(dir, fileURLToPath(new URL('./observed.ts', import.meta.url)));
    writeFileSync(join(dir, 'lambda.js'), lambdaEntrySource(observed));
    const out = captureTelemetryOutput();

    const entry = (await import(join(dir, 'lambda.js'))) as {
      handler: (event: unknown) => Promise<{ statusCode?: number; body?: string }>;
    };
    const { seen } = (await import(join(dir, 'index.js'))) as { seen: unknown[] };
    expect(seen).toEqual([
      ['constructed', 'from-secrets-manager'],
      ['init', 'from-secrets-manager'],
    ]);

    // Each request refreshes the secrets (from Powertools' cache, mostly), so a rotated one is picked up.
    const loadsBefore = secrets.loads;
    const result = await entry.handler(apiGatewayEvent({ path: '/b/ideas' }));
    expect(result).toMatchObject({ statusCode: 200, body: '<p>hi</p>' });
    expect(secrets.loads).toBe(loadsBefore + 1);
    const logs = out.lines;
    expect(logs).toContainEqual(
      expect.objectContaining({ message: 'request', method: 'GET', path: '/b/ideas', status: 200 }),
    );
    expect(logs).toContainEqual(expect.objectContaining({ PageRequest: 1 }));
  });
});
