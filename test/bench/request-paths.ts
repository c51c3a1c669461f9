/** Part 1 of the bench: DynamoDB requests and latencies of the main request paths, on 100 and 5,000 posts. */
import type { BenchContext } from './bench-setup.ts';
import { RUNS } from './runs.ts';
import { utcDay } from '../../shared/domain/analytics.ts';

export async function benchRequestPaths({
  runtime,
  meter,
  user,
  staff,
  viewer,
}: BenchContext): Promise<void> {
  const { services } = runtime;
  const rows: string[][] = [];
  const measure = async (name: string, work: (i: number) => Promise<unknown>) => {
    await work(-1); // warm up
    const times: number[] = [];
    meter.reset();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await work(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const perCall = [...meter.snapshot().requests]
      .map(([op, n]) => `${op} ${+(n / RUNS).toFixed(2)}`)
      .join(', ');
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
  // One author per post: a person may post 10 times an hour (domain/rate-limits.ts).
  const authors = await Promise.all(Array.from({ length: RUNS + 1 }, (_, i) => user(`author-${i}`)));
  await measure('create post', (i) =>
    services.posts.create({ kind: 'user', user: authors[i + 1] ?? staff }, 'small', {
      title: `Benchmark idea ${i}`,
      body: 'Some details about the idea.',
    }),
  );
  await measure('search "benchmark ide"', () => services.posts.search(viewer, { q: 'benchmark ide' }));
  // The analytics dashboard over a quarter: one Query of its day items, one per ISO week for the top
  // lists, a BatchGet each for their titles and names, whatever the age of the data (issue 18).
  const quarter = { from: utcDay(new Date(Date.now() - 89 * 86_400_000)), to: utcDay(new Date()) };
  await measure('analytics report, 90 days', () =>
    services.analytics.report({ kind: 'user', user: staff }, quarter),
  );

  const widths = [28, 58, 9, 9];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  console.log(`\nDynamoDB Local, ${RUNS} runs each; requests are per call\n`);
  console.log(line(['path', 'DynamoDB requests per call', 'p50 ms', 'p95 ms']));
  for (const row of rows) console.log(line(row));
}
