/**
 * `npm run bench`: speed and cost figures, measured on DynamoDB Local (slower than the real service,
 * so the latencies are upper bounds; the request counts are exact). Not a test: nothing here asserts a
 * time. Prints a table of DynamoDB requests and latencies for the main request paths at 100 and 5,000
 * posts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { createRuntime } from '../../shared/runtime/services.ts';
import type { Actor, User } from '../../shared/domain/types.ts';
import { bulkPosts } from '../setup/bulk-posts.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const RUNS = 30;

const dynamo = await startDynamoDbLocal();
const outboxDir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
try {
  const db = createDb('bench', {
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const requests = new Map<string, number>();
  db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      const op = (context as { commandName?: string }).commandName?.replace(/Command$/, '') ?? '?';
      requests.set(op, (requests.get(op) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCounter' },
  );
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

  const rows: string[][] = [];
  const measure = async (name: string, work: (i: number) => Promise<unknown>) => {
    await work(-1); // warm up
    const times: number[] = [];
    requests.clear();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await work(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const perCall = [...requests].map(([op, n]) => `${op} ${+(n / RUNS).toFixed(2)}`).join(', ');
    const pct = (p: number) =>
      (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
    rows.push([name, perCall, pct(0.5), pct(0.95)]);
  };

  for (const board of ['small', 'large']) {
    for (const sort of ['trending', 'top', 'new']) {
      await measure(`list ${board} ${sort}`, () => services.posts.list(viewer, board, { sort, limit: 20 }));
    }
    await measure(`list ${board} status+tag`, () =>
      services.posts.list(viewer, board, { status: 'planned', tag: 'bulk' }),
    );
  }
  const target = (await services.posts.list(viewer, 'large', { sort: 'new', limit: 1 })).posts[0];
  if (!target) throw new Error('no post to read');
  await measure('post page', () => services.posts.get(viewer, target.id));
  const voters = await Promise.all(Array.from({ length: RUNS + 1 }, (_, i) => user(`voter-${i}`)));
  await measure('vote', (i) =>
    services.votes.vote({ kind: 'user', user: voters[i + 1] ?? staff }, target.id),
  );
  await measure('create post', (i) =>
    services.posts.create(viewer, 'small', {
      title: `Benchmark idea ${i}`,
      body: 'Some details about the idea.',
    }),
  );
  await measure('search "benchmark ide"', () => services.posts.search(viewer, { q: 'benchmark ide' }));

  const widths = [28, 58, 9, 9];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  console.log(`\nDynamoDB Local, ${RUNS} runs each; requests are per call\n`);
  console.log(line(['path', 'DynamoDB requests per call', 'p50 ms', 'p95 ms']));
  for (const row of rows) console.log(line(row));

  await runtime.drainEvents?.();
  db.raw.destroy();
} finally {
  await dynamo.stop();
  rmSync(outboxDir, { recursive: true, force: true });
}
