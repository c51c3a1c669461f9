/** Server-side sessions in DynamoDB, keyed by the token's hash, removed by TTL. */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '../../domain/types.ts';
import { TABLE } from '../../table/definition.ts';
import { keys } from '../../table/keys.ts';
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
          type: 'session',
          ...session,
          [TABLE.timeToLiveAttribute]: Math.ceil(Date.parse(session.expiresAt) / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
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
}
