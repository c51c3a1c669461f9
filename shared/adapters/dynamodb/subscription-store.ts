/**
 * Subscriptions in DynamoDB: per post in their own partition (the notifier reads them whole), and per
 * user through gsi1 while following (the "following" page). An unfollowed subscription stays as a
 * marker so that a later vote or comment does not quietly re-subscribe the user.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Subscription } from '../../domain/types.ts';
import { ITEM_ABSENT, partitionQuery } from '../../table/expressions.ts';
import { INDEX } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type { Page, SubscriptionStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryPage } from './query-page.ts';
import { queryAll } from './query-all.ts';

export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(private readonly db: Db) {}

  async ensure(subscription: Subscription): Promise<void> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: subscriptionItem(subscription),
          ConditionExpression: ITEM_ABSENT,
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async set(subscription: Subscription): Promise<void> {
    await this.db.doc.send(
      new PutCommand({ TableName: this.db.tableName, Item: subscriptionItem(subscription) }),
    );
  }

  async get(postId: string, userId: string): Promise<Subscription | null> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.subscription(postId, userId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? toSubscription(out.Item) : null;
  }

  async followers(postId: string): Promise<Subscription[]> {
    const query = partitionQuery({ partition: keys.subscriptionsPartition(postId) });
    const items = await queryAll(this.db, {
      ...query,
      FilterExpression: 'following = :yes',
      // A follower who subscribed just before a status change or a merge must be included.
      ConsistentRead: true,
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':yes': true },
    });
    return items.map(toSubscription);
  }

  async subscribers(postId: string): Promise<Subscription[]> {
    const items = await queryAll(this.db, {
      ...partitionQuery({ partition: keys.subscriptionsPartition(postId) }),
      ConsistentRead: true,
    });
    return items.map(toSubscription);
  }

  async following(userId: string, limit: number, cursor?: string): Promise<Page<Subscription>> {
    const partition = keys.followingPartition(userId);
    return queryPage(this.db, { index: INDEX.gsi1, partition }, { limit, cursor }, toSubscription);
  }
}

export function subscriptionItem(s: Subscription): Record<string, unknown> {
  return {
    ...keys.subscription(s.postId, s.userId),
    // Only while following does the item appear on the user's "following" list.
    ...(s.following ? keys.following(s.userId, s.since, s.postId) : {}),
    type: 'subscription',
    ...s,
  };
}

const toSubscription = (item: Record<string, unknown>): Subscription => ({
  postId: item.postId as string,
  userId: item.userId as string,
  following: item.following === true,
  reason: item.reason as Subscription['reason'],
  since: item.since as string,
});
