/**
 * Every Lambda in the stack is built the same way: ESM bundle for Node 24 on arm64 with the AWS SDK
 * inside, an explicit log group (a retention, and removed with the stack), and Powertools' service name.
 */
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

// Resolved from this file rather than the working directory so synth works from tests and from `cdk`.
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const ALIASES = [
  'postcss=./infra/constructs/bundling/postcss-unused.cjs',
  'nodemailer/lib/mail-composer=./infra/constructs/bundling/local-only.cjs',
  'postal-mime=./infra/constructs/bundling/local-only.cjs',
];

export interface HandlerFunctionProps {
  /** The entry file, relative to the repository root. */
  entry: string;
  /** Powertools service name: the `service` field of every log line and a metric dimension. */
  service: string;
  timeout: Duration;
  memorySize?: number;
  environment: Record<string, string>;
  /**
   * For asynchronously invoked functions (EventBridge targets): EventBridge hands the event over once
   * Lambda accepts it, so a handler that throws is retried by Lambda (twice), then the event goes here.
   */
  onFailure?: sqs.IQueue;
}

export function handlerFunction(scope: Construct, id: string, props: HandlerFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, id, {
    entry: `${repoRoot}${props.entry}`,
    handler: 'handler',
    projectRoot: repoRoot,
    depsLockFilePath: `${repoRoot}package-lock.json`,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout,
    ...(props.onFailure ? { retryAttempts: 2, onFailure: new SqsDestination(props.onFailure) } : {}),
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      // No source maps: with --enable-source-maps they slowed every cold start and every stack trace
      // (npm run bench measures the bundles); a trace now points into the minified bundle.
      minify: true,
      // The SDK is bundled rather than taken from the runtime: esbuild hoists an external package's
      // import to the top of the one bundle file even when only a dynamic import() reaches it, so the
      // SES, EventBridge and Secrets Manager clients would load on every cold start. Bundled, they are
      // evaluated on first use, and only the commands we call are kept.
      externalModules: [],
      mainFields: ['module', 'main'],
      // Stand-ins for code a Lambda never runs (the files say why); esbuild takes one alias per entry.
      esbuildArgs: { '--alias': ALIASES },
      // Some dependencies still call require() from inside the ESM bundle.
      banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
    },
    environment: {
      POWERTOOLS_SERVICE_NAME: props.service,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      ...props.environment,
    },
    logGroup: new logs.LogGroup(scope, `${id}Logs`, {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
}
