/**
 * Upvotes on comments and answers in DynamoDB. A vote item sits in its own partition (CVOTES#<postId>),
 * keyed `<commentId>#<userId>`, so that a page's votes by one viewer are one BatchGetItem and reading the
 * post never pages through them. The vote, the comment's count, its thread reference's copy of the count
 * (what orders answers by votes) and the author's reputation change in one transaction, conditioned so
 * that voting twice or unvoting twice changes nothing.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../../domain/errors.ts';
import type { Post } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, updateInput, type Condition } from '../../table/expressions.ts';
import { ATTR } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type { CommentVote, CommentVoteChange, CommentVoteStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll } from './query-page.ts';
import { conditionFailedAt, transact, type RetryOptions } from './transact.ts';
import {
  readReputation,
  reputationWrites,
  utcDay,
  voteDayRelease,
  voteDayWrites,
  votePoints,
  helpedByVotes,
} from './reputation-items.ts';

/** A flag change or a racing reputation write cancels the vote; it reads again this many times. */
const STALE_RETRIES = 5;

/** Still visible, as read: a vote on a comment hidden meanwhile cancels. */
const VISIBLE: Condition = {
  expression: `${ITEM_EXISTS} AND #deleted = :no AND #hidden = :no`,
  names: { '#deleted': 'deleted', '#hidden': 'hidden' },
  values: { ':no': false },
};

export class DynamoCommentVoteStore implements CommentVoteStore {
  constructor(
    private readonly db: Db,
    private readonly retry: RetryOptions = {},
  ) {}

  async add(vote: CommentVote, post: Post): Promise<CommentVoteChange> {
    const t = this.db.tableName;
    for (let attempt = 0; ; attempt++) {
      const comment = await this.comment(vote.postId, vote.commentId);
      if (comment.deleted === true || comment.hidden === true) {
        throw new ConflictError('You cannot vote on a hidden or deleted comment.');
      }
      const authorId = comment.authorId as string;
      const count = Number(comment[ATTR.voteCount] ?? 0);
      const own = authorId === vote.userId;
      const read = own
        ? null
        : await readReputation(this.db, authorId, { day: utcDay(vote.votedAt), giverId: vote.userId });
      const points = votePoints(read);
      const rep =
        read && points > 0
          ? [
              ...reputationWrites(
                t,
                [
                  {
                    userId: authorId,
                    points,
                    reason: 'commentUpvote',
                    postId: vote.postId,
                    commentId: vote.commentId,
                    title: post.title,
                    fromUserId: vote.userId,
                    at: vote.votedAt,
                    helped: helpedByVotes(read, points),
                  },
                ],
                new Map([[authorId, read.user]]),
              ),
              ...voteDayWrites(t, authorId, vote.userId, vote.votedAt, points),
            ]
          : [];
      const outcome = await transact(
        this.db,
        [
          {
            Put: {
              TableName: t,
              Item: {
                ...keys.commentVote(vote.postId, vote.commentId, vote.userId),
                type: 'commentVote',
                ...vote,
                ...(points > 0 ? { repPoints: points } : {}),
              },
              ConditionExpression: ITEM_ABSENT,
            },
          },
          this.countUpdate(vote.postId, vote.commentId, 1, points, VISIBLE),
          ...this.threadRefUpdate(comment, 1),
          ...rep,
        ],
        this.retry,
      );
      if (outcome.ok) return { changed: true, voteCount: count + 1 };
      if (conditionFailedAt(outcome, 0)) return { changed: false, voteCount: count };
      if (attempt >= STALE_RETRIES) throw new ServiceUnavailableError(1);
    }
  }

  async remove(
    postId: string,
    commentId: string,
    userId: string,
    post: Post,
    at: string,
  ): Promise<CommentVoteChange> {
    const t = this.db.tableName;
    for (let attempt = 0; ; attempt++) {
      const [comment, vote] = await Promise.all([
        this.comment(postId, commentId),
        this.vote(postId, commentId, userId),
      ]);
      const count = Number(comment[ATTR.voteCount] ?? 0);
      if (!vote) return { changed: false, voteCount: count };
      const given = Number(vote.repPoints ?? 0);
      const authorId = comment.authorId as string;
      // Points of a hidden comment already went with it: only the comment's own tally gives them back.
      const visible = comment.deleted !== true && comment.hidden !== true;
      const read = given > 0 && visible ? await readReputation(this.db, authorId) : null;
      const votedAt = vote.votedAt as string;
      const rep = read
        ? [
            ...reputationWrites(
              t,
              [
                {
                  userId: authorId,
                  points: -given,
                  reason: 'undone',
                  postId,
                  commentId,
                  title: post.title,
                  fromUserId: userId,
                  at,
                },
              ],
              new Map([[authorId, read.user]]),
            ),
            ...(utcDay(at) === utcDay(votedAt) ? voteDayRelease(t, authorId, utcDay(votedAt), given) : []),
          ]
        : [];
      const outcome = await transact(
        this.db,
        [
          {
            Delete: {
              TableName: t,
              Key: keys.commentVote(postId, commentId, userId),
              ConditionExpression: 'votedAt = :votedAt',
              ExpressionAttributeValues: { ':votedAt': votedAt },
            },
          },
          // Conditioned on the flags as read: whether the author loses the points depends on them.
          this.countUpdate(postId, commentId, -1, -given, {
            expression: `${ITEM_EXISTS} AND #deleted = :wasDeleted AND #hidden = :wasHidden`,
            names: { '#deleted': 'deleted', '#hidden': 'hidden' },
            values: { ':wasDeleted': comment.deleted === true, ':wasHidden': comment.hidden === true },
          }),
          ...this.threadRefUpdate(comment, -1),
          ...rep,
        ],
        this.retry,
      );
      if (outcome.ok) return { changed: true, voteCount: count - 1 };
      if (attempt >= STALE_RETRIES) throw new ServiceUnavailableError(1);
    }
  }

  async votedCommentIds(userId: string, postId: string, commentIds: readonly string[]): Promise<Set<string>> {
    // A page of threads holds at most a few hundred comments: one BatchGetItem per hundred.
    const items = await batchGetAll(
      this.db,
      [...new Set(commentIds)].map((id) => keys.commentVote(postId, id, userId)),
    );
    return new Set(items.map((item) => item.commentId as string));
  }

  private async comment(postId: string, commentId: string): Promise<Record<string, unknown>> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.comment(postId, commentId),
        ConsistentRead: true,
      }),
    );
    if (!out.Item) throw new NotFoundError('Comment');
    return out.Item;
  }

  private async vote(postId: string, commentId: string, userId: string) {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.commentVote(postId, commentId, userId),
        ConsistentRead: true,
      }),
    );
    return out.Item ?? null;
  }

  private countUpdate(
    postId: string,
    commentId: string,
    delta: number,
    points: number,
    condition: Condition,
  ) {
    return {
      Update: {
        TableName: this.db.tableName,
        Key: keys.comment(postId, commentId),
        ...updateInput(
          { add: { [ATTR.voteCount]: delta, ...(points !== 0 ? { repPoints: points } : {}) } },
          condition,
        ),
      },
    };
  }

  /**
   * A top-level comment's thread reference carries the same count (ADD: whatever else the reference
   * holds, such as the index key that orders a question's answers by votes, stays as it is).
   */
  private threadRefUpdate(comment: Record<string, unknown>, delta: number) {
    if (typeof comment.parentId === 'string') return [];
    return [
      {
        Update: {
          TableName: this.db.tableName,
          Key: keys.commentThreadRef(comment.postId as string, comment.id as string),
          ...updateInput({ add: { [ATTR.voteCount]: delta } }, ITEM_EXISTS),
        },
      },
    ];
  }
}
