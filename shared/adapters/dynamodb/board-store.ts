/** Boards in DynamoDB: one item per board, listed through gsi1 under a fixed partition. */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Board } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { INDEX } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type { BoardStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';

export class DynamoBoardStore implements BoardStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Board[]> {
    const items = await queryAll(
      this.db,
      partitionQuery({ index: INDEX.gsi1, partition: keys.boardList().gsi1pk }),
    );
    return items.map(toBoard);
  }

  async get(slug: string): Promise<Board | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.board(slug) }),
    );
    return out.Item ? toBoard(out.Item) : null;
  }

  async create(board: Board): Promise<boolean> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: { ...keys.board(board.slug), ...keys.boardListEntry(board.slug), type: 'board', ...board },
          ConditionExpression: ITEM_ABSENT,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async update(board: Board): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.board(board.slug),
          ...updateInput(
            {
              set: {
                name: board.name,
                description: board.description,
                kinds: board.kinds,
                archived: board.archived,
                private: board.private,
                allowedDomains: board.allowedDomains,
                votersVisible: board.votersVisible ?? false,
                holdFirstPosts: board.holdFirstPosts ?? false,
              },
            },
            ITEM_EXISTS,
          ),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

function toBoard(item: Record<string, unknown>): Board {
  return {
    slug: item.slug as string,
    name: item.name as string,
    description: item.description as string,
    kinds: item.kinds as Board['kinds'],
    archived: item.archived === true,
    private: item.private === true,
    allowedDomains: (item.allowedDomains as string[] | undefined) ?? [],
    ...(item.votersVisible === true ? { votersVisible: true } : {}),
    ...(item.holdFirstPosts === true ? { holdFirstPosts: true } : {}),
    createdAt: item.createdAt as string,
  };
}
