/**
 * `npm run bench`: speed and cost figures, measured on DynamoDB Local (slower than the real service,
 * so the latencies are upper bounds; the request counts are exact). Not a test: nothing here asserts a
 * time.
 *
 * 1. A table of DynamoDB requests and latencies for the main request paths at 100 and 5,000 posts
 *    (request-paths.ts).
 * 2. Per user action, as a page view or a form post runs it (the same service calls as the SvelteKit
 *    hooks, loads and actions, request by request): Lambda invocations and their wall time (a stand-in
 *    for Lambda duration, too high since DynamoDB Local is slower than DynamoDB), DynamoDB requests by
 *    operation, read and write units and the bytes stored (dynamo-meter.ts), emails and events
 *    (user-actions.ts).
 * 3. The monthly AWS cost at 1k, 10k and 100k monthly active users from those figures (cost-model.ts).
 *    docs/cost.md explains the assumptions and prices.
 * 4. Each Lambda bundle's size and cold-import time against a hello-world module (bundles.ts).
 * 5. Per request, the handler's p50 and p99 against the p99 of the DynamoDB time inside it (latency.ts).
 *
 * 6. Page weight, then Lighthouse (mobile) on the board and post pages against a trivial SvelteKit page
 *    built in the same run (page-weight.ts, lighthouse.ts).
 *
 * `npm run bench -- --only bundles` runs section 4 alone (no DynamoDB Local); `--only lighthouse` runs
 * the Lighthouse part of section 6 alone.
 */
import { withBench } from './bench-setup.ts';
import { IDLE_MAU, monthlyCost } from './cost-model.ts';
import { formatCostTable, formatVolumeTable } from './cost-tables.ts';
import { countOutbound } from './outbound-counter.ts';
import { PRICES_CHECKED } from './prices.ts';
import { benchRequestPaths } from './request-paths.ts';
import { benchUserActions } from './user-actions.ts';
import { benchBundles } from './bundles.ts';
import { benchLatency } from './latency.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// The idle stage first: what a stage nobody uses costs (docs/cost.md).
const MAUS = [IDLE_MAU, 1_000, 10_000, 100_000];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'bundles' && only !== 'lighthouse')
  throw new Error(`--only takes "bundles" or "lighthouse", not ${only}`);

if (only === 'bundles') {
  benchBundles();
  process.exit(0);
}
if (only === 'lighthouse') {
  await (await import('./lighthouse.ts')).benchLighthouse();
  process.exit(0);
}

const outbound = countOutbound();

await withBench(async (bench) => {
  await benchRequestPaths(bench);
  const actions = await benchUserActions(bench, outbound);

  const breakdowns = MAUS.map((mau) => monthlyCost(mau, actions));
  const lessFree = MAUS.map((mau) => monthlyCost(mau, actions, undefined, undefined, { alwaysFree: true }));
  console.log(
    `\nMonthly AWS cost, us-east-1 list prices checked ${PRICES_CHECKED}, free tiers not applied ` +
      '(assumptions: test/bench/cost-model.ts, docs/cost.md); the last row takes off the allowances that ' +
      'do not expire\n',
  );
  console.log(formatCostTable(breakdowns, lessFree));
  console.log('');
  console.log(formatVolumeTable(breakdowns));
  // Last: its runs add posts, votes and comments to the board the sections above measure.
  await benchLatency(bench);
});
await (await import('./page-weight.ts')).benchPageWeight();
await (await import('./lighthouse.ts')).benchLighthouse();

benchBundles();
