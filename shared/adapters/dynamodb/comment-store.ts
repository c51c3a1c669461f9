/** Comments in DynamoDB: stored under their post's partition, so a post and its comments are one Query away. */
import { NotFoundError } from '../../domain/errors.ts';
import type { Comment } from '../../domain/types.ts';
import { keys } from '../../table/keys.ts';
import type { CommentStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';
import { conditionFailedAt, transact } from './transact.ts';

export class DynamoCommentStore implements CommentStore {
  constructor(private readonly db: Db) {}

  async create(comment: Comment): Promise<void> {
    const outcome = await transact(this.db, [
      {
        Put: {
          TableName: this.db.tableName,
          Item: { ...keys.comment(comment.postId, comment.id), type: 'comment', ...comment },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: this.db.tableName,
          Key: keys.post(comment.postId),
          UpdateExpression: 'ADD commentCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
    if (conditionFailedAt(outcome, 1)) throw new NotFoundError('Post');
    if (!outcome.ok)
      throw new Error(`Comment transaction cancelled: ${outcome.reasons.map((r) => r.Code).join(', ')}`);
  }

  async listByPost(postId: string): Promise<Comment[]> {
    const items = await queryAll(this.db, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.post(postId).pk, ':prefix': keys.commentPrefix },
    });
    return items.map(toComment);
  }
}

function toComment(item: Record<string, unknown>): Comment {
  return {
    id: item.id as string,
    postId: item.postId as string,
    authorId: item.authorId as string,
    authorName: item.authorName as string,
    authorIsStaff: item.authorIsStaff as boolean,
    body: item.body as string,
    createdAt: item.createdAt as string,
  };
}
