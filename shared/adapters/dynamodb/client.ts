/** Adapts the AWS SDK's DynamoDB client to Hearth: one document client, configured from the environment. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, NumberValue } from '@aws-sdk/lib-dynamodb';

export interface Db {
  doc: DynamoDBDocumentClient;
  raw: DynamoDBClient;
  tableName: string;
}

/**
 * The SDK reads AWS_ENDPOINT_URL_DYNAMODB itself; `endpoint` is for tests that pick a port at run time.
 */
export function createDb(tableName: string, config: DynamoDBClientConfig = {}): Db {
  const raw = new DynamoDBClient({ maxAttempts: 5, ...config });
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
