/**
 * CDK entry point: one Hearth stack per stage. The stage is `--context stage=…`, else HEARTH_STAGE,
 * else `dev`; its configuration is the context value `hearth:<stage>` (see cdk.json and the README).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HearthStack } from './hearth-stack.ts';
import { applyNagSuppressions } from './nag.ts';
import { contextKey, parseStageConfig } from './stage-config.ts';

const app = new App();

const contextStage: unknown = app.node.tryGetContext('stage');
const stage = (typeof contextStage === 'string' && contextStage) || process.env.HEARTH_STAGE || 'dev';
const config = parseStageConfig(stage, app.node.tryGetContext(contextKey(stage)));

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

const stack = new HearthStack(app, `Hearth-${stage}`, {
  stage,
  config,
  // Offline (no credentials) the CLI knows no account; an unset env keeps synth from needing one.
  env: account || region ? { account, region } : undefined,
});
applyNagSuppressions(stack);
// Synth fails on any unacknowledged AwsSolutions finding (infra/nag.ts holds the acknowledgements).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
