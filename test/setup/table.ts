/**
 * A fresh table on the suite's DynamoDB Local for one test file, with the real runtime on it: the same
 * stores and services the handlers build, events on the in-process bus, mail in a temporary outbox.
 * Refuses any endpoint that is not on this machine, so a test can never write to a real AWS table.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { createRuntime, type Runtime, type Services } from '../../shared/runtime/services.ts';
import type { Config } from '../../shared/runtime/config.ts';
import type { Clock, Stores } from '../../shared/ports/index.ts';

export const TEST_SSO_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export interface TestTable {
  db: Db;
  stores: Stores;
  services: Services;
  /** Where the runtime's mailer writes .eml files. */
  outboxDir: string;
  /** Waits until every domain event published so far has been handled. */
  drainEvents(): Promise<void>;
  /** The runtime the handlers would build, on this table; config as on AWS unless overridden. */
  runtime(config?: Partial<Config>): Runtime;
  /** Counts DynamoDB requests by operation name (Query, GetItem, …) since the last reset. */
  requests: Map<string, number>;
  drop(): Promise<void>;
}

/**
 * `newMemberLimits`: new members' tighter rate limits (issue 17). Off unless asked for: suites make many
 * posts from fresh accounts; moderation-spam.test.ts turns them on.
 */
export async function createTestTable(
  opts: { clock?: Clock; newMemberLimits?: boolean } = {},
): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+$/.test(endpoint))
    throw new Error(`Refusing non-local DynamoDB: ${endpoint}`);
  const tableName = `test-${randomUUID()}`;
  const db = createDb(tableName, {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests = new Map<string, number>();
  db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const op = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? 'unknown';
      requests.set(op, (requests.get(op) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'requestCounter' },
  );
  await ensureTable(db.raw, tableName);
  const outboxDir = mkdtempSync(join(tmpdir(), 'hearth-outbox-'));
  const config: Config = {
    tableName,
    ssoSecret: TEST_SSO_SECRET,
    secureCookies: true,
    localMode: false,
    siteUrl: 'https://board.example',
    mailFrom: 'Hearth <no-reply@board.example>',
    outboxDir,
    adminEmails: ['first.admin@example.com'],
  };
  const runtime = createRuntime(config, db, { ...opts, newMemberLimits: opts.newMemberLimits ?? false });
  return {
    db,
    stores: runtime.stores,
    services: runtime.services,
    outboxDir,
    drainEvents: () => runtime.drainEvents?.() ?? Promise.resolve(),
    requests,
    runtime: (overrides = {}) => ({ ...runtime, config: { ...config, ...overrides } }),
    drop: async () => {
      await runtime.drainEvents?.();
      await db.raw.send(new DeleteTableCommand({ TableName: tableName }));
      db.raw.destroy();
      rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
