/**
 * Synthesizes Hearth stacks the way `cdk synth` does (bundling, cdk-nag acknowledgements) into a
 * temporary cloud assembly, for the CDK tests and for the tests that run the bundled Lambdas.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HearthStack } from '../../infra/hearth-stack.ts';
import { applyNagSuppressions } from '../../infra/nag.ts';
import { parseStageConfig } from '../../infra/stage-config.ts';

export const TEST_STAGE_CONFIG = {
  mailFrom: 'Hearth <feedback@hearth.example.com>',
  adminEmails: ['founder@hearth.example.com'],
  digest: {
    recipients: ['sales@hearth.example.com'],
    schedule: 'cron(0 8 ? * MON *)',
    timeZone: 'Europe/Berlin',
  },
  alarmEmail: 'oncall@hearth.example.com',
};

export interface SynthOptions {
  /** Stage name → raw stage config, as cdk.json's `hearth:<stage>` would hold it. */
  stages: Record<string, unknown>;
  /** Stages whose Lambdas are bundled; bundling is the slow part. */
  bundle?: string[];
}

export interface Synthesized {
  app: App;
  outdir: string;
  stacks: Record<string, HearthStack>;
  templates: Record<string, Template>;
  /** The bundled `index.mjs` of a function, by the start of its logical id. */
  bundlePath(stage: string, functionIdPrefix: string): string;
  cleanup(): void;
}

export function synthHearth({ stages, bundle = [] }: SynthOptions): Synthesized {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': bundle.map((s) => `Hearth-${s}`) } });
  const stacks: Record<string, HearthStack> = {};
  for (const [stage, raw] of Object.entries(stages)) {
    stacks[stage] = new HearthStack(app, `Hearth-${stage}`, { stage, config: parseStageConfig(stage, raw) });
    applyNagSuppressions(stacks[stage]);
  }
  const outdir = app.synth().directory;
  const templates = Object.fromEntries(
    Object.entries(stacks).map(([stage, stack]) => [stage, Template.fromStack(stack)]),
  );
  return {
    app,
    outdir,
    stacks,
    templates,
    bundlePath(stage, prefix) {
      const functions = templates[stage]?.findResources('AWS::Lambda::Function') ?? {};
      const matches = Object.entries(functions).filter(([id]) => id.startsWith(prefix));
      if (matches.length !== 1) throw new Error(`Expected one function ${prefix}, found ${matches.length}.`);
      const code = (matches[0]![1] as { Properties: { Code: { S3Key: string } } }).Properties.Code;
      return join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    },
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
