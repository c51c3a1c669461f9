/**
 * The rank rewrite that follows a vote, an unvote or a moved vote (vote-store.ts): the vote's
 * transaction keeps only the board's exact entry in step; this brings the post's bucketed entries
 * (domain/lists.ts) to the buckets of its new count and score when a bucket changed.
 *
 * It reads the post (one strongly consistent GetItem) rather than trusting the state the vote started
 * from: concurrent voters all start from the same stale count, so that state cannot tell which of them
 * crossed a bucket. When the post's vote sequence moved by exactly this vote, the two states are the
 * ones just before and after it, and a rewrite is due only if a bucket differs; when other votes came in
 * between, which of them crossed is unknown, so every such vote rewrites. Each rewrite is conditioned on
 * the vote sequence of the state it read (list-entries.ts, RANK_SEQ), so racing rewrites end at the
 * newest state read; and the vote that crossed into the final bucket always rewrites, with a state in
 * that bucket, so the entries end there (absent failures), whatever mix of votes and unvotes raced.
 *
 * The vote is counted before this runs: a failure here is logged, never thrown. The entry then lags by a
 * bucket until a later crossing rewrites it or `npm run repair:lists` does.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rankTrend, rankVotes } from '../../domain/rank-buckets.ts';
import type { RankFigures } from '../../domain/lists.ts';
import { keys } from '../../table/keys.ts';
import type { Db } from './client.ts';
import { rankRewrites } from './list-entries.ts';
import { toPost } from './post-store.ts';

export interface RankChange {
  postId: string;
  /** The post as the vote read it before its transaction. */
  from: RankFigures;
}

export async function refreshEntryRanks(db: Db, change: RankChange): Promise<void> {
  try {
    const out = await db.doc.send(
      new GetCommand({ TableName: db.tableName, Key: keys.post(change.postId), ConsistentRead: true }),
    );
    if (!out.Item) return;
    const post = toPost(out.Item);
    const raced = post.voteSeq !== change.from.voteSeq + 1;
    const changed = {
      votes: raced || rankVotes(post.voteCount) !== rankVotes(change.from.voteCount),
      trend: raced || rankTrend(post.trendScore) !== rankTrend(change.from.trendScore),
    };
    if (!changed.votes && !changed.trend) return;
    const results = await Promise.allSettled(
      rankRewrites(db.tableName, post, changed).map((input) => db.doc.send(new UpdateCommand(input))),
    );
    for (const result of results) {
      // A refused condition is a newer rewrite already there, or an entry the post has left: both fine.
      if (result.status === 'rejected' && !(result.reason instanceof ConditionalCheckFailedException)) {
        logFailure(change.postId, result.reason);
      }
    }
  } catch (error) {
    logFailure(change.postId, error);
  }
}

function logFailure(postId: string, error: unknown) {
  console.error(`List entry ranks of post ${postId} not rewritten (left to npm run repair:lists):`, error);
}
