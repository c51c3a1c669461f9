/**
 * `npm run trend:rescale [-- --to N] [--dry-run]`: rescale-trend.ts on the table named by TABLE_NAME
 * (default `hearth`), with the environment's credentials, region and endpoint. The target shift is
 * TREND_SHIFT of the code being run unless `--to` says otherwise; run it after deploying a raised
 * TREND_SHIFT. Prints what it did and how much room the largest score has left.
 */
import { createDb } from '../adapters/dynamodb/client.ts';
import { TREND_HALF_LIFE_MS, TREND_SHIFT } from '../domain/trend.ts';
import { rescaleTrend } from './rescale-trend.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** DynamoDB numbers end at 1e125, just under 2^416. */
const LIMIT_LOG2 = 415;
const at = process.argv.indexOf('--to');
const toShift = at >= 0 ? Number(process.argv[at + 1]) : TREND_SHIFT;
const dryRun = process.argv.includes('--dry-run');
const tableName = process.env.TABLE_NAME ?? 'hearth';

const report = await rescaleTrend(createDb(tableName), { toShift, dryRun });
const room =
  report.largestLog2 === -Infinity
    ? 'no scores yet'
    : `largest score 2^${report.largestLog2.toFixed(1)}, about ` +
      `${Math.floor(((LIMIT_LOG2 - report.largestLog2) * TREND_HALF_LIFE_MS) / 86_400_000)} days of room`;
console.log(
  `${tableName}: ${report.posts} posts, ${report.rescaled} ${dryRun ? 'to rescale' : 'rescaled'} to shift ` +
    `${toShift}; ${room}` +
    (report.skipped.length > 0
      ? `; ${report.skipped.length} posts changing throughout (run again): ${report.skipped.join(', ')}`
      : ''),
);
if (report.skipped.length > 0) process.exitCode = 1;
