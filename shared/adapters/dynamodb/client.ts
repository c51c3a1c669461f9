/** Adapts the AWS SDK's DynamoDB client to Hearth: one document client, configured from the environment. */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

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
    marshallOptions: { removeUndefinedValues: true },
  });
  return { doc, raw, tableName };
}
