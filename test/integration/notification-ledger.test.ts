import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
let ledger: DynamoNotificationLedger;
beforeAll(async () => {
  t = await createTestTable();
  ledger = new DynamoNotificationLedger(t.db);
});
afterAll(() => t.drop());

const at = '2026-11-23T10:00:00.000Z';

describe('DynamoNotificationLedger', () => {
  it('claims once, and again only after a release', async () => {
    expect(await ledger.claim('evt-1', 'ann', at)).toBe(true);
    expect(await ledger.claim('evt-1', 'ann', at)).toBe(false);
    expect(await ledger.claim('evt-1', 'bob', at)).toBe(true);
    expect(await ledger.claim('evt-2', 'ann', at)).toBe(true);

    await ledger.release('evt-1', 'ann');
    expect(await ledger.claim('evt-1', 'ann', at)).toBe(true);
  });

  it('keeps the claim for 30 days, then lets TTL remove it', async () => {
    await ledger.claim('evt-ttl', 'ann', at);
    const out = await t.db.doc.send(
      new GetCommand({ TableName: t.db.tableName, Key: keys.notified('evt-ttl', 'ann') }),
    );
    expect(out.Item).toMatchObject({ type: 'notified', ttl: Date.parse(at) / 1000 + 30 * 24 * 60 * 60 });
  });

  it('gives exactly one of 20 concurrent claims', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('evt-race', 'ann', at)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
