/** Adapts the AWS SDK's DynamoDB client to Hearth: one document client, configured from the environment. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, NumberValue } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors.ts';

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  tableName: string;
}

/**
 * Retries and timeouts, bounded so that one DynamoDB call gives up well inside the API and web
 * Lambdas' 10-second timeout (infra/hearth-stack.ts) and the caller gets a 503 with Retry-After
 * rather than a Lambda timeout (a 500 at the gateway, and no answer at all for the client):
 * - 3 attempts of at most 2 s each (DynamoDB answers in milliseconds; 2 s is a stuck connection);
 * - the SDK's standard backoff between them: up to 0.2 s and 0.4 s, or for throttling (which DynamoDB
 *   answers at once) up to 1 s and 2 s.
 * Worst case about 6.6 s for timeouts, or 3 s for throttling. Retrying writes is safe where it matters:
 * the SDK sends one ClientRequestToken for every attempt of a TransactWriteItems, and plain puts and
 * conditional writes are idempotent or fail their condition the second time.
 */
export const DYNAMO_RETRY = { maxAttempts: 3, connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000 } as const;

/** Errors that say "not now" rather than "never": throttling, and faults on DynamoDB's side or the wire. */
const UNAVAILABLE_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const e = error as Error & { $fault?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  return (
    UNAVAILABLE_NAMES.has(e.name) ||
    e.$fault === 'server' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    NETWORK_CODES.has(e.code ?? '')
  );
}

/**
 * The SDK reads AWS_ENDPOINT_URL_DYNAMODB itself; `endpoint` is for tests that pick a port at run time.
 */
export function createDb(tableName: string, config: DynamoDBClientConfig = {}): Db {
  // DynamoDB Local (tests, `npm start`) answers in seconds, not milliseconds, when the machine is busy:
  // a timeout there only turns slowness into retries and 503s, so it gets none.
  const local = config.endpoint !== undefined || process.env.AWS_ENDPOINT_URL_DYNAMODB !== undefined;
  const raw = new DynamoDBClient({
    ...(local
      ? // As many attempts as before these bounds: a loaded DynamoDB Local drops connections now and then.
        { maxAttempts: 5 }
      : {
          maxAttempts: DYNAMO_RETRY.maxAttempts,
          // Options for the SDK's NodeHttpHandler.
          requestHandler: {
            connectionTimeout: DYNAMO_RETRY.connectionTimeoutMs,
            requestTimeout: DYNAMO_RETRY.requestTimeoutMs,
            throwOnRequestTimeout: true,
          },
        }),
    ...config,
  });
  // Outside the retry step: what still fails after the SDK's retries becomes one typed error, which the
  // API and the pages both answer with 503 and Retry-After (shared/http/error-status.ts).
  raw.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (isUnavailable(error)) throw new ServiceUnavailableError(1, { cause: error });
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'hearthUnavailable' },
  );
  const doc = DynamoDBDocumentClient.from(raw, {
    // Trend scores are sums of exponentially growing weights (domain/trend.ts): far beyond 2^53, and
    // only their order matters. They are written as doubles and read back as NumberValue when
    // exactness matters to DynamoDB (cursors); counts stay plain safe integers.
    marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
    unmarshallOptions: { wrapNumbers: readNumber },
  });
  return { doc, raw, tableName };
}

function readNumber(value: string): number | NumberValue {
  const n = Number(value);
  return Number.isInteger(n) && !Number.isSafeInteger(n) ? NumberValue.from(value) : n;
}
