/**
 * Moves trend scores down by whole half-lives before they outgrow DynamoDB's numbers (domain/trend.ts):
 * every post kept in a shift below `toShift` has its score divided by 2^(toShift - shift), the shift
 * recorded on it, and its list entries rewritten from the new score, in one transaction per post.
 *
 * Votes weigh themselves in the shift of the post they read, and the transaction bumps the post's rev,
 * on which every vote and list change is conditioned: a vote that read the post before its rescale
 * fails and is retried on the rescaled post, so no vote is ever added in the wrong scale. Idempotent: a
 * post already at `toShift` is left alone, so a run that stopped half-way is simply run again.
 *
 * A maintenance job, not a request path: it Scans the table for posts.
 */
import { GetCommand, ScanCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { entryItems } from '../adapters/dynamodb/list-entries.ts';
import type { Db } from '../adapters/dynamodb/client.ts';
import { toPost } from '../adapters/dynamodb/post-store.ts';
import { transact } from '../adapters/dynamodb/transact.ts';
import type { Post } from '../domain/types.ts';
import { updateInput } from '../table/expressions.ts';
import { keys } from '../table/keys.ts';
import { ATTR } from '../table/names.ts';

type Item = Record<string, NativeAttributeValue>;

export interface RescaleReport {
  /** Posts seen, and those moved to the target shift by this run. */
  posts: number;
  rescaled: number;
  /** The largest score after the run, as a power of two: DynamoDB's numbers end near 2^415. */
  largestLog2: number;
  /** Posts that kept changing under the rescale; run it again. */
  skipped: string[];
}

const ATTEMPTS = 5;

export async function rescaleTrend(
  db: Db,
  opts: { toShift: number; dryRun?: boolean },
): Promise<RescaleReport> {
  if (!Number.isInteger(opts.toShift) || opts.toShift < 0) {
    throw new Error(`The target shift must be a whole number of half-lives, not ${opts.toShift}.`);
  }
  const report: RescaleReport = { posts: 0, rescaled: 0, largestLog2: -Infinity, skipped: [] };
  for await (const item of scanPosts(db)) {
    report.posts++;
    const outcome = await rescalePost(db, String(item.id), opts.toShift, opts.dryRun ?? false);
    if (outcome === 'skipped') report.skipped.push(String(item.id));
    else {
      if (outcome.rescaled) report.rescaled++;
      if (outcome.score > 0) report.largestLog2 = Math.max(report.largestLog2, Math.log2(outcome.score));
    }
  }
  return report;
}

async function rescalePost(
  db: Db,
  id: string,
  toShift: number,
  dryRun: boolean,
): Promise<{ rescaled: boolean; score: number } | 'skipped'> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const post = await readPost(db, id);
    if (!post) return { rescaled: false, score: 0 };
    const shift = post.trendShift ?? 0;
    if (shift >= toShift) return { rescaled: false, score: post.trendScore };
    const score = post.trendScore / 2 ** (toShift - shift);
    if (dryRun) return { rescaled: true, score };
    const rescaled: Post = { ...post, trendScore: score, trendShift: toShift };
    const outcome = await transact(db, [
      {
        Update: {
          TableName: db.tableName,
          Key: keys.post(id),
          ...updateInput(
            { set: { [ATTR.trendScore]: score, trendShift: toShift }, add: { rev: 1 } },
            {
              expression: '#rev = :wasRev AND #seq = :wasSeq',
              names: { '#rev': 'rev', '#seq': 'voteSeq' },
              values: { ':wasRev': post.rev, ':wasSeq': post.voteSeq },
            },
          ),
        },
      },
      ...entryItems(rescaled).map((Item) => ({ Put: { TableName: db.tableName, Item } })),
    ]);
    if (outcome.ok) return { rescaled: true, score };
  }
  return 'skipped';
}

async function readPost(db: Db, id: string): Promise<Post | null> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: keys.post(id), ConsistentRead: true }),
  );
  return out.Item ? toPost(out.Item) : null;
}

async function* scanPosts(db: Db): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.tableName,
        FilterExpression: '#type = :post',
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#type': 'type', '#id': 'id' },
        ExpressionAttributeValues: { ':post': 'post' },
        ExclusiveStartKey: startKey,
      }),
    );
    yield* out.Items ?? [];
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}
