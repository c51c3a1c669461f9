/**
 * The bench's table: DynamoDB Local with the real runtime on it, metered, seeded with a board of 100
 * posts and one of 5,000. Torn down whatever the work does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { createRuntime, type Runtime } from '../../shared/runtime/services.ts';
import type { Actor, User } from '../../shared/domain/types.ts';
import { bulkPosts } from '../setup/bulk-posts.ts';
import { DynamoMeter } from './dynamo-meter.ts';

export interface BenchContext {
  runtime: Runtime;
  meter: DynamoMeter;
  /** An account as a first SSO sign-in creates it. */
  user(name: string, role?: User['role']): Promise<User>;
  staff: User;
  viewer: Actor;
}

export async function withBench(work: (bench: BenchContext) => Promise<void>): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  const outboxDir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
  try {
    const clientConfig = {
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const db = createDb('bench', clientConfig);
    const side = new DynamoDBClient(clientConfig);
    const meter = new DynamoMeter(side);
    meter.install(db.raw);
    await ensureTable(db.raw, 'bench');
    const runtime = createRuntime(
      {
        tableName: 'bench',
        ssoSecret: 'bench-secret-bench-secret-bench-secret-0000',
        secureCookies: true,
        localMode: false,
        siteUrl: 'https://bench.example',
        mailFrom: 'bench@bench.example',
        outboxDir,
        adminEmails: [],
      },
      db,
    );
    const { services, stores } = runtime;
    const user = (name: string, role: User['role'] = 'customer') =>
      stores.users.upsertByIdentity(
        'sso',
        name,
        { email: `${name}@bench.example`, name, role },
        new Date().toISOString(),
      );
    const staff = await user('staff', 'staff');
    const viewer: Actor = { kind: 'user', user: await user('viewer') };
    await services.boards.putTag({ kind: 'user', user: staff }, { slug: 'bulk', name: 'Bulk' });
    for (const [slug, count] of [
      ['small', 100],
      ['large', 5_000],
    ] as const) {
      await stores.boards.create({
        slug,
        name: slug,
        description: '',
        kinds: ['idea'],
        archived: false,
        private: false,
        allowedDomains: [],
        createdAt: new Date().toISOString(),
      });
      const started = performance.now();
      await bulkPosts(db, slug, count, staff.id);
      console.log(`seeded ${count} posts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    await work({ runtime, meter, user, staff, viewer });

    await runtime.drainEvents?.();
    db.raw.destroy();
    side.destroy();
  } finally {
    await dynamo.stop();
    rmSync(outboxDir, { recursive: true, force: true });
  }
}
