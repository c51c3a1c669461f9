/** Server-side sessions in DynamoDB, keyed by the token's hash, removed by TTL. */
import {
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all.ts';
import type { Session } from '../../domain/types.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR, INDEX } from '../../table/names.ts';
import type { SessionStore } from '../../ports/index.ts';
import type { Db } from './client.ts';

export class DynamoSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async create(tokenHash: string, session: Session): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...keys.session(tokenHash),
          ...keys.sessionByUser(session.userId, session.createdAt),
          type: 'session',
          ...session,
          [ATTR.ttl]: Math.ceil(Date.parse(session.expiresAt) / 1000),
        },
        ConditionExpression: ITEM_ABSENT,
      }),
    );
  }

  async get(tokenHash: string, now: Date): Promise<Session | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.session(tokenHash) }),
    );
    const item = out.Item;
    // TTL deletes lazily (days late on AWS, maybe never on DynamoDB Local): expiry is checked on read.
    if (!item || Date.parse(item.expiresAt as string) <= now.getTime()) return null;
    return {
      userId: item.userId as string,
      createdAt: item.createdAt as string,
      expiresAt: item.expiresAt as string,
    };
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.doc.send(new DeleteCommand({ TableName: this.db.tableName, Key: keys.session(tokenHash) }));
  }

  async extend(tokenHash: string, expiresAt: string): Promise<void> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.session(tokenHash),
          ...updateInput(
            { set: { expiresAt, [ATTR.ttl]: Math.ceil(Date.parse(expiresAt) / 1000) } },
            // A session signed out meanwhile stays signed out.
            ITEM_EXISTS,
          ),
        }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async deleteAllForUser(userId: string): Promise<number> {
    const items = await queryAll(this.db, {
      ...partitionQuery({ index: INDEX.gsi1, partition: keys.sessionsByUserPartition(userId) }),
      ProjectionExpression: `${ATTR.pk}, ${ATTR.sk}`,
    });
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, { DeleteRequest: { Key: Record<string, unknown> } }[]> | undefined = {
        [this.db.tableName]: items.slice(i, i + 25).map((item) => ({
          DeleteRequest: { Key: { [ATTR.pk]: item[ATTR.pk], [ATTR.sk]: item[ATTR.sk] } },
        })),
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.db.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
    return items.length;
  }
}
