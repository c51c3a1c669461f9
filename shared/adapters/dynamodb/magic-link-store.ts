/** Magic sign-in links in DynamoDB: keyed by the token's hash, deleted on use, expired by TTL. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ITEM_ABSENT, ITEM_EXISTS } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { MagicLink, MagicLinkStore } from '../../ports/index.ts';
import type { Db } from './client.ts';

export class DynamoMagicLinkStore implements MagicLinkStore {
  constructor(private readonly db: Db) {}

  async create(tokenHash: string, link: MagicLink): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: {
          ...keys.magicLink(tokenHash),
          type: 'magicLink',
          ...link,
          [ATTR.ttl]: Math.ceil(Date.parse(link.expiresAt) / 1000),
        },
        ConditionExpression: ITEM_ABSENT,
      }),
    );
  }

  async consume(tokenHash: string): Promise<MagicLink | null> {
    try {
      // Delete-and-return in one conditional call: two clicks racing on one link cannot both win.
      const out = await this.db.doc.send(
        new DeleteCommand({
          TableName: this.db.tableName,
          Key: keys.magicLink(tokenHash),
          ConditionExpression: ITEM_EXISTS,
          ReturnValues: 'ALL_OLD',
        }),
      );
      const item = out.Attributes;
      return item ? { email: item.email as string, expiresAt: item.expiresAt as string } : null;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return null;
      throw error;
    }
  }
}
