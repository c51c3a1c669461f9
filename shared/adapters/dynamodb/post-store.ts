/** Posts in DynamoDB: one item per post, listed by votes (byVotes index) or by age (gsi1). */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../../domain/types.ts';
import { INDEX } from '../../table/definition.ts';
import { keys } from '../../table/keys.ts';
import type { Page, PostSort, PostStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const LISTS = {
  top: { index: INDEX.byVotes, partition: 'topPk', attributes: ['topPk', 'voteCount', 'pk', 'sk'] },
  new: { index: INDEX.gsi1, partition: 'gsi1pk', attributes: ['gsi1pk', 'gsi1sk', 'pk', 'sk'] },
} as const;

export class DynamoPostStore implements PostStore {
  constructor(private readonly db: Db) {}

  async create(post: Post): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: postItem(post),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<Post | null> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.tableName, Key: keys.post(id) }));
    return out.Item ? toPost(out.Item) : null;
  }

  async listByBoard(boardSlug: string, sort: PostSort, limit: number, cursor?: string): Promise<Page<Post>> {
    const list = LISTS[sort];
    const partitionValue =
      sort === 'top' ? keys.postsByTopPartition(boardSlug) : keys.postsByNewPartition(boardSlug);
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        IndexName: list.index,
        KeyConditionExpression: `${list.partition} = :p`,
        ExpressionAttributeValues: { ':p': partitionValue },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: cursor
          ? decodeCursor(cursor, list.attributes, { attribute: list.partition, value: partitionValue })
          : undefined,
      }),
    );
    return {
      items: (out.Items ?? []).map(toPost),
      nextCursor: encodeCursor(out.LastEvaluatedKey, list.attributes),
    };
  }
}

export function postItem(post: Post): Record<string, unknown> {
  return {
    ...keys.post(post.id),
    ...keys.postByNew(post.boardSlug, post.id),
    topPk: keys.postsByTopPartition(post.boardSlug),
    type: 'post',
    ...post,
  };
}

export function toPost(item: Record<string, unknown>): Post {
  return {
    id: item.id as string,
    boardSlug: item.boardSlug as string,
    kind: item.kind as Post['kind'],
    title: item.title as string,
    body: item.body as string,
    status: item.status as Post['status'],
    authorId: item.authorId as string,
    authorName: item.authorName as string,
    voteCount: item.voteCount as number,
    commentCount: item.commentCount as number,
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
}
