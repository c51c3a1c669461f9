/**
 * `npm run backfill:comment-threads`: writes the thread references that pages of comments are read
 * through (adapters/dynamodb/comment-threads.ts) for comments stored before they existed, on the table
 * named by TABLE_NAME (default `hearth`), with the environment's credentials, region and endpoint. Run it
 * once after deploying the version that pages comments; a rerun changes nothing.
 */
import { createDb } from '../adapters/dynamodb/client.ts';
import { backfillThreadRefs } from './backfill-comment-threads.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const tableName = process.env.TABLE_NAME ?? 'hearth';
const written = await backfillThreadRefs(createDb(tableName));
console.log(`${tableName}: thread references written for ${written} comments`);
