/** `npm start` keeps data between runs, and the table setup is idempotent and adds missing indexes. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { TABLE } from '../../shared/table/definition.ts';

const dir = mkdtempSync(join(tmpdir(), 'hearth-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dbAt = (endpoint: string) =>
  createDb('hearth-local', {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });

describe('DynamoDB Local on disk', () => {
  it('keeps items across a stop and a start', async () => {
    const first = await startDynamoDbLocal({ dataDir: dir });
    const db = dbAt(first.endpoint);
    await ensureTable(db.raw, db.tableName);
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'k', sk: 's', v: 42 } }));
    db.raw.destroy();
    await first.stop();

    const second = await startDynamoDbLocal({ dataDir: dir });
    const again = dbAt(second.endpoint);
    try {
      expect((await ensureTable(again.raw, again.tableName)).created).toBe(false);
      const out = await again.doc.send(
        new GetCommand({ TableName: again.tableName, Key: { pk: 'k', sk: 's' } }),
      );
      expect(out.Item?.v).toBe(42);
    } finally {
      again.raw.destroy();
      await second.stop();
    }
  });

  it('adds indexes a table made from an older definition lacks', async () => {
    const dynamo = await startDynamoDbLocal();
    const db = dbAt(dynamo.endpoint);
    try {
      const older = { ...TABLE, globalSecondaryIndexes: TABLE.globalSecondaryIndexes.slice(0, 1) };
      await ensureTable(db.raw, db.tableName, older);
      const result = await ensureTable(db.raw, db.tableName);
      expect(result.indexesAdded).toEqual(TABLE.globalSecondaryIndexes.slice(1).map((i) => i.indexName));
      const table = (await db.raw.send(new DescribeTableCommand({ TableName: db.tableName }))).Table;
      expect(table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(
        TABLE.globalSecondaryIndexes.map((i) => i.indexName).sort(),
      );
    } finally {
      db.raw.destroy();
      await dynamo.stop();
    }
  });
});
