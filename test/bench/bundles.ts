/**
 * Lambda bundle weight: each entry bundled by the CDK synth (the artefacts `cdk deploy` uploads), its
 * bytes raw and gzipped, and its cold-import time (median of fresh `node` processes with the function's
 * own literal environment, NODE_OPTIONS included) over that of a hello-world module. A fresh process per
 * sample, because a module is evaluated once per process, which is what a cold start pays.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../../infra/constructs/handler-function.ts';
import { synthHearth, TEST_STAGE_CONFIG } from '../setup/synth.ts';

const STAGE = 'bench';
/** ApiWriteFunction has the same entry as ApiReadFunction. */
const FUNCTIONS = [
  ['API (functions/http/handler.ts)', 'ApiReadFunction'],
  ['notify (functions/notify/handler.ts)', 'NotifyFunction'],
  ['digest (functions/digest/handler.ts)', 'DigestFunction'],
  ['web (web/build/server/lambda.js)', 'WebFunction'],
] as const;
const HELLO = 'export const handler = async () => ({ statusCode: 200, body: "hello" });\n';

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One cold import in a fresh process, timed inside it so process start-up is not counted. */
function coldImportMs(file: string, env: Record<string, string>): number {
  const script =
    `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    `process.stdout.write(String(performance.now() - t));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`Importing ${file} failed: ${out.stderr}`);
  return Number(out.stdout);
}

/**
 * A function's environment with references replaced by placeholders. The secrets are given directly
 * instead of by ARN: fetching them is a network call, not module weight, and there is no endpoint here.
 */
function benchEnvironment(variables: Record<string, unknown>): Record<string, string> {
  const env = Object.entries(variables)
    .filter(([name]) => !name.endsWith('_ARN'))
    .map(([name, value]) => [name, typeof value === 'string' ? value : 'bench']);
  return { ...Object.fromEntries(env), SSO_SECRET: 'bench-secret-bench-secret-bench-secret-0000' };
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function benchBundles(samples = 15): void {
  console.log(`\nLambda bundles: size, and cold import (median of ${samples} fresh node processes)\n`);
  const synth = synthHearth({ stages: { [STAGE]: TEST_STAGE_CONFIG }, bundle: [STAGE] });
  try {
    const fns = synth.templates[STAGE]!.findResources('AWS::Lambda::Function');
    const baseEnv = {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      // Lambda runs Node 24; the SDK's warning about an older local Node is not part of a cold start.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // Anything a bundle leaves external (@aws-sdk/*, if the SDK is ever taken from the Lambda runtime
    // again) resolves from here, as the runtime would provide it.
    symlinkSync(join(repoRoot, 'node_modules'), join(synth.outdir, 'node_modules'), 'dir');
    const helloDir = join(synth.outdir, 'bench-hello');
    mkdirSync(helloDir, { recursive: true });
    const hello = join(helloDir, 'index.mjs');
    writeFileSync(hello, HELLO);

    const bundles = FUNCTIONS.map(([label, prefix]) => {
      const [, fn] = Object.entries(fns).find(([id]) => id.startsWith(prefix)) ?? [];
      const variables = (fn as { Properties: { Environment: { Variables: Record<string, unknown> } } })
        .Properties.Environment.Variables;
      return {
        label,
        file: synth.bundlePath(STAGE, prefix),
        env: { ...baseEnv, ...benchEnvironment(variables) },
      };
    });
    const all = [{ label: 'hello world', file: hello, env: baseEnv }, ...bundles];
    const times = all.map(() => [] as number[]);
    // Interleaved, so a noisy moment on the machine spreads over every bundle rather than one.
    for (let i = 0; i < samples; i++) all.forEach((b, j) => times[j]!.push(coldImportMs(b.file, b.env)));
    const helloMs = median(times[0]!);

    const rows = all.map((b, j) => {
      const bytes = readFileSync(b.file);
      const ms = median(times[j]!);
      return [
        b.label,
        kb(bytes.length),
        kb(gzipSync(bytes).length),
        `${ms.toFixed(1)} ms`,
        j === 0 ? '' : `+${(ms - helloMs).toFixed(1)} ms`,
        `${(ms / helloMs).toFixed(1)}×`,
      ];
    });
    const header = ['bundle', 'raw', 'gzip', 'cold import', 'over hello', 'ratio'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]) =>
      cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
    console.log(line(header));
    for (const row of rows) console.log(line(row));
  } finally {
    synth.cleanup();
  }
}
