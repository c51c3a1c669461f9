/** CDK entry point: one Hearth stack per stage, `dev` unless context `stage` or HEARTH_STAGE says otherwise. */
import { App } from 'aws-cdk-lib';
import { HearthStack } from './hearth-stack.ts';

const app = new App();

const contextStage: unknown = app.node.tryGetContext('stage');
const stage = (typeof contextStage === 'string' && contextStage) || process.env.HEARTH_STAGE || 'dev';

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;

new HearthStack(app, `Hearth-${stage}`, {
  stage,
  // Offline (no credentials) the CLI knows no account; an unset env keeps synth from needing one.
  env: account || region ? { account, region } : undefined,
});
