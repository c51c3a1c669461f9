/**
 * Spent SSO tokens in DynamoDB: one conditional put per sign-in, so two requests racing with one token
 * cannot both win. Kept until the token's own expiry (by TTL); after that the token is refused as
 * expired anyway, and since TTL deletes late (or never, on DynamoDB Local) an expired record counts as
 * absent.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { absentOrExpired, conditionInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { SpentTokenStore } from '../../ports/index.ts';
import type { Db } from './client.ts';

export class DynamoSpentTokenStore implements SpentTokenStore {
  constructor(private readonly db: Db) {}

  async spend(tokenId: string, expiresAt: Date, now: Date): Promise<boolean> {
    // The SDK retries a put whose answer was lost (a timeout); the retry must not find its own first
    // attempt and call the user's one sign-in a replay. The item names the call that wrote it.
    const spentBy = randomUUID();
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...keys.spentSsoToken(tokenId),
            type: 'spentSsoToken',
            spentAt: now.toISOString(),
            spentBy,
            [ATTR.ttl]: Math.ceil(expiresAt.getTime() / 1000),
          },
          ...conditionInput(absentOrExpired(Math.floor(now.getTime() / 1000))),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return error.Item?.spentBy?.S === spentBy;
      throw error;
    }
  }
}
