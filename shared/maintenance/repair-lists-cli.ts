/**
 * `npm run repair:lists [-- --dry-run]`: repair-lists.ts on the table named by TABLE_NAME (default
 * `hearth`), with the credentials, region and endpoint of the environment (AWS_ENDPOINT_URL_DYNAMODB
 * for DynamoDB Local). Prints each fix, then a summary.
 */
import { createDb } from '../adapters/dynamodb/client.ts';
import { repairLists } from './repair-lists.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const dryRun = process.argv.includes('--dry-run');
const tableName = process.env.TABLE_NAME ?? 'hearth';
const db = createDb(tableName);
const report = await repairLists(db, {
  dryRun,
  onFix: (fix) =>
    console.log(`${dryRun ? 'would fix' : 'fixed'} ${fix.what} entry ${fix.listId} of post ${fix.postId}`),
});
console.log(
  `${tableName}: ${report.posts} posts, ${report.fixes.length} entries ${dryRun ? 'to fix' : 'fixed'}` +
    (report.skipped.length > 0
      ? `, ${report.skipped.length} posts changing throughout (run again): ${report.skipped.join(', ')}`
      : ''),
);
if (report.skipped.length > 0) process.exitCode = 1;
