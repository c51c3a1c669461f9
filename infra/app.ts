/**
 * CDK entry point: one Hearth stack per stage. The stage is `--context stage=…`, else HEARTH_STAGE,
 * else `dev`; its configuration is the context value `hearth:<stage>` (see cdk.json and the README).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HearthStack } from './hearth-stack.ts';
import { applyNagSuppressions } from './nag.ts';
import { contextKey, parseStageConfig } from './stage-config.ts';

// The stack bundles the built web app; without it, `cdk synth` fails deep inside bundling and the CLI
// says only "Subprocess exited with error 1".
const webEntry = fileURLToPath(new URL('../web/build/server/lambda.js', import.meta.url));
if (!existsSync(webEntry)) {
  console.error(
    '\nThe web app is not built (web/build/server/lambda.js is missing). Run `npm run synth` or ' +
      '`npm run deploy`, which build it first, or `npm run build:web` before `npx cdk synth`.\n',
  );
  process.exit(1);
}

const app = new App();

const contextStage: unknown = app.node.tryGetContext('stage');
const stage = (typeof contextStage === 'string' && contextStage) || process.env.HEARTH_STAGE || 'dev';
const config = parseStageConfig(stage, app.node.tryGetContext(contextKey(stage)));

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

const skipIndexes: unknown = app.node.tryGetContext('skipIndexes');

const stack = new HearthStack(app, `Hearth-${stage}`, {
  stage,
  config,
  ...(typeof skipIndexes === 'string' && skipIndexes ? { skipIndexes: skipIndexes.split(',') } : {}),
  // Offline (no credentials) the CLI knows no account; an unset env keeps synth from needing one.
  env: account || region ? { account, region } : undefined,
});
applyNagSuppressions(stack);
// Synth fails on any unacknowledged AwsSolutions finding (infra/nag.ts holds the acknowledgements).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
