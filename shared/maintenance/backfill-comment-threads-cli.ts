/**
 * `npm run backfill:comment-threads`: writes the thread references that pages of comments are read
 * through (adapters/dynamodb/comment-threads.ts) for comments stored before they existed, on the table
 * named by TABLE_NAME (default `hearth`), with the environment's credentials, region and endpoint. Run it
 * once after deploying the version that pages comments, and again after the one that orders a question's
 * answers by votes (it ranks the answers already there); a rerun changes nothing.
 */
import { createDb } from '../adapters/dynamodb/client.ts';
import { backfillAnswerRanks, backfillThreadRefs } from './backfill-comment-threads.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const tableName = process.env.TABLE_NAME ?? 'hearth';
const db = createDb(tableName);
const written = await backfillThreadRefs(db);
console.log(`${tableName}: thread references written for ${written} comments`);
// After the references: an answer is ranked on its own reference.
const ranked = await backfillAnswerRanks(db);
console.log(`${tableName}: answers ranked by votes: ${ranked}`);
