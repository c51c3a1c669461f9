/**
 * Part 5 of the bench: how much of a request's time is DynamoDB's. For each action, one web or API
 * request as its handler runs it (the hook's session lookup, then the load or action, as in
 * web-requests.ts), repeated LATENCY_RUNS times: the handler's p50 and p99 against the p99 of the
 * DynamoDB time inside each request. A handler whose p99 is far above its DynamoDB p99 spends its
 * time between DynamoDB calls (sequential round trips, SDK and app CPU), not waiting on DynamoDB.
 *
 * `npx tsx test/bench/latency.ts` runs this part alone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { actionFixtures, at, COMMENT_BODY, POST_BODY } from './action-fixtures.ts';
import type { BenchContext } from './bench-setup.ts';
import { webRequests } from './web-requests.ts';

/** Timed runs per action, after WARM_UP untimed ones. */
export const LATENCY_RUNS = 300;
const WARM_UP = 20;

/** What one request did in DynamoDB. */
interface Trace {
  inFlight: number;
  busySince: number;
  /** Wall time with at least one DynamoDB request in flight. */
  dynamoMs: number;
  requests: number;
  /** Stretches of that time: sequential round trips, requests sent together counting once. */
  waves: number;
}

const traces = new AsyncLocalStorage<Trace>();

/**
 * Times each DynamoDB request from the client's send to its answer (marshalling, signing, retries and the
 * HTTP exchange included), for the request of the bench it belongs to.
 */
function installClock(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const trace = traces.getStore();
      if (!trace) return next(args);
      trace.requests++;
      if (trace.inFlight++ === 0) {
        trace.busySince = performance.now();
        trace.waves++;
      }
      try {
        return await next(args);
      } finally {
        if (--trace.inFlight === 0) trace.dynamoMs += performance.now() - trace.busySince;
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchLatencyClock' },
  );
}

interface Sample {
  handlerMs: number;
  dynamoMs: number;
  requests: number;
  waves: number;
}

async function timed(work: () => Promise<unknown>): Promise<Sample> {
  const trace: Trace = { inFlight: 0, busySince: 0, dynamoMs: 0, requests: 0, waves: 0 };
  const t0 = performance.now();
  await traces.run(trace, work);
  return { handlerMs: performance.now() - t0, ...trace };
}

/** Nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export interface LatencyRow {
  action: string;
  runs: number;
  requests: number;
  waves: number;
  handlerP50: number;
  handlerP99: number;
  dynamoP99: number;
}

function summarize(action: string, samples: Sample[]): LatencyRow {
  const mean = (f: (s: Sample) => number) => samples.reduce((n, s) => n + f(s), 0) / samples.length;
  return {
    action,
    runs: samples.length,
    requests: mean((s) => s.requests),
    waves: mean((s) => s.waves),
    handlerP50: percentile(
      samples.map((s) => s.handlerMs),
      50,
    ),
    handlerP99: percentile(
      samples.map((s) => s.handlerMs),
      99,
    ),
    dynamoP99: percentile(
      samples.map((s) => s.dynamoMs),
      99,
    ),
  };
}

export function formatLatencyTable(rows: readonly LatencyRow[]): string {
  const n = (x: number, digits = 1) => x.toFixed(digits);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line([
      'Action',
      'Runs',
      'DynamoDB requests',
      'Round trips',
      'Handler p50 ms',
      'Handler p99 ms',
      'DynamoDB p99 ms',
      'p99 ratio',
    ]),
    line(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...rows.map((r) =>
      line([
        r.action,
        String(r.runs),
        n(r.requests),
        n(r.waves),
        n(r.handlerP50),
        n(r.handlerP99),
        n(r.dynamoP99),
        `${n(r.handlerP99 / r.dynamoP99, 2)}x`,
      ]),
    ),
  ].join('\n');
}

export async function benchLatency(bench: BenchContext): Promise<LatencyRow[]> {
  const { runtime } = bench;
  const { services } = runtime;
  installClock(runtime.db.raw);
  const requests = webRequests(services);
  const { handle, boardPage, postPage } = requests;
  const { person, people, voteTarget, popular, commentTargets } = await actionFixtures(bench, requests);
  const total = WARM_UP + LATENCY_RUNS;
  const reader = await person();
  // One person per vote, comment and post: each is a first vote (written), and no rate limit is reached.
  // In batches: more requests at once than the SDK's 50 sockets only queue, with a warning.
  const crowd = async () => {
    const all = [];
    for (let n = 0; n < total; n += 40) all.push(...(await people(Math.min(40, total - n))));
    return all;
  };
  const [voters, commenters, authors] = [await crowd(), await crowd(), await crowd()];

  const actions: [string, (i: number) => Promise<unknown>][] = [
    ['Board page load (SSR, signed in)', async () => boardPage(await handle(reader), 'large')],
    [
      'List API (GET /api/boards/{slug}/posts)',
      async () => services.posts.list(await handle(reader), 'large', {}),
    ],
    ['Post page load (signed in)', async () => postPage(await handle(reader), popular.id)],
    ['Board search (SSR)', async () => boardPage(await handle(reader), 'large', 'bulk idea')],
    ['Vote (form action)', async (i) => services.votes.vote(await handle(at(voters, i)), voteTarget.id)],
    [
      'Comment (form action)',
      async (i) =>
        services.comments.create(
          await handle(at(commenters, i)),
          at(commentTargets, i).id,
          { body: COMMENT_BODY },
          // The comment and new-post forms send one (the page's form token).
          { idempotencyKey: randomUUID() },
        ),
    ],
    [
      'New post (form action)',
      async (i) =>
        services.posts.create(
          await handle(at(authors, i)),
          'large',
          { title: `Latency of a new post ${i}`, body: POST_BODY },
          { idempotencyKey: randomUUID() },
        ),
    ],
  ];

  const rows: LatencyRow[] = [];
  for (const [action, run] of actions) {
    const samples: Sample[] = [];
    for (let i = 0; i < total; i++) {
      const sample = await timed(() => run(i));
      // Events a write published are handled between requests, outside the timings.
      await runtime.drainEvents?.();
      if (i >= WARM_UP) samples.push(sample);
    }
    rows.push(summarize(action, samples));
  }
  console.log(
    `\nLatency per request: ${LATENCY_RUNS} timed runs each after ${WARM_UP} warm-up runs, on DynamoDB ` +
      'Local, without SvelteKit rendering. Handler: the hook and the load or action, end to end. DynamoDB ' +
      'time of a request: the wall time during which at least one of its DynamoDB requests was in flight, ' +
      "from the SDK client's send to its answer (marshalling and the HTTP exchange included; requests in " +
      'parallel count once). Round trips: the stretches of that time, per request (mean). The ratio is ' +
      'handler p99 / DynamoDB p99, each the p99 over all runs of the action.\n',
  );
  console.log(formatLatencyTable(rows));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { withBench } = await import('./bench-setup.ts');
  await withBench(async (bench) => {
    await benchLatency(bench);
  });
}
