/**
 * Votes in DynamoDB. A vote item and the post's count change in one transaction, conditioned so that
 * a repeated vote or unvote changes nothing: the count always equals the number of vote items.
 * Limit to keep in mind: one item takes about 1,000 write units a second and a transactional write
 * costs two, so a single post absorbs some 500 votes a second.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import { CLOSED_STATUSES } from '../../domain/types.ts';
import { keys } from '../../table/keys.ts';
import type { VoteChange, VoteStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { conditionFailedAt, transact, type RetryOptions, type TransactOutcome } from './transact.ts';

const closedStatuses = Object.fromEntries([...CLOSED_STATUSES].map((s, i) => [`:closed${i}`, s]));
const postTakesVotes = `attribute_exists(pk) AND NOT (#status IN (${Object.keys(closedStatuses).join(', ')}))`;

export class DynamoVoteStore implements VoteStore {
  constructor(
    private readonly db: Db,
    private readonly retry: RetryOptions = {},
  ) {}

  async add(postId: string, userId: string, votedAt: string): Promise<VoteChange> {
    const outcome = await transact(
      this.db,
      [
        {
          Put: {
            TableName: this.db.tableName,
            Item: {
              ...keys.vote(postId, userId),
              ...keys.voteByUser(userId, votedAt, postId),
              type: 'vote',
              postId,
              userId,
              votedAt,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        this.countUpdate(postId, 1),
      ],
      this.retry,
    );
    return this.interpret(outcome);
  }

  async remove(postId: string, userId: string): Promise<VoteChange> {
    const outcome = await transact(
      this.db,
      [
        {
          Delete: {
            TableName: this.db.tableName,
            Key: keys.vote(postId, userId),
            ConditionExpression: 'attribute_exists(pk)',
          },
        },
        this.countUpdate(postId, -1),
      ],
      this.retry,
    );
    return this.interpret(outcome);
  }

  async votedPostIds(userId: string, postIds: readonly string[]): Promise<Set<string>> {
    const voted = new Set<string>();
    // BatchGet takes 100 keys; list pages are capped at 100 posts, so this is one request per page.
    for (let i = 0; i < postIds.length; i += 100) {
      let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
        [this.db.tableName]: { Keys: postIds.slice(i, i + 100).map((id) => keys.vote(id, userId)) },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.db.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.db.tableName] ?? []) voted.add(item.postId as string);
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return voted;
  }

  private countUpdate(postId: string, delta: 1 | -1) {
    return {
      Update: {
        TableName: this.db.tableName,
        Key: keys.post(postId),
        UpdateExpression: 'ADD voteCount :delta',
        ConditionExpression: postTakesVotes,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':delta': delta, ...closedStatuses },
      },
    };
  }

  private interpret(outcome: TransactOutcome): VoteChange {
    if (outcome.ok) return { changed: true };
    // The post's condition is checked first: a vote on a closed post is an error even if it exists.
    if (conditionFailedAt(outcome, 1)) {
      throw new ConflictError('Voting is closed for this post, or the post is gone.');
    }
    if (conditionFailedAt(outcome, 0)) return { changed: false };
    const codes = outcome.ok ? [] : outcome.reasons.map((r) => r.Code);
    throw new Error(`Vote transaction cancelled for an unexpected reason: ${codes.join(', ')}`);
  }
}
