/**
 * Analytics counters in DynamoDB (issue 18): a UTC day's counters on one item of the STATDAYS partition,
 * a week's requests on one item per post and company in its STATWEEK# partition, a champion's reach on
 * REACH# items beside their user item, and the settings on SETTINGS / ANALYTICS. Every count is one
 * UpdateItem ADD (the item is created by its first count), so counting never reads first; every read
 * of a range is a Query of one partition or a BatchGet, whatever the age of the data.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  analyticsSettingsSchema,
  DAY_COUNTERS,
  DEFAULT_ANALYTICS_SETTINGS,
  emptyCounters,
  type AnalyticsSettings,
  type DayCounters,
} from '../../domain/analytics.ts';
import type { AnalyticsStore } from '../../ports/index.ts';
import { ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { Db } from './client.ts';
import { batchGetAll } from './query-page.ts';
import { queryAll } from './query-all.ts';

/**
 * A post whose creation was counted (analyticsCountedAt), and not yet marked with `attribute`: its
 * answer or response is counted once, and only if its question or post was (`attribute` is named `#a`
 * by updateInput, as the SET writes it).
 */
const COUNTED_AND_NOT = (attribute: string) =>
  `attribute_exists(analyticsCountedAt) AND attribute_not_exists(#${attribute})`;

export class DynamoAnalyticsStore implements AnalyticsStore {
  constructor(private readonly db: Db) {}

  async count(day: string, counters: Partial<DayCounters>): Promise<void> {
    const add = Object.fromEntries(
      Object.entries(counters).filter(([, n]) => typeof n === 'number' && n !== 0),
    ) as Record<string, number>;
    if (Object.keys(add).length === 0) return;
    await this.db.doc.send(
      new UpdateCommand({
        TableName: this.db.tableName,
        Key: keys.statsDay(day),
        ...updateInput({ set: { type: 'statsDay', day }, add }),
      }),
    );
  }

  async days(from: string, to: string): Promise<{ day: string; counters: DayCounters }[]> {
    // A year is 366 items of a few hundred bytes: one page, but followed should it ever be more.
    const items = await queryAll(
      this.db,
      partitionQuery({ partition: keys.statsDayPartition, between: [from, to] }),
    );
    return items.map((item) => ({ day: item.day as string, counters: toCounters(item) }));
  }

  async countRequest(week: string, postId: string, companyId: string | null, votes: number): Promise<void> {
    if (votes === 0) return;
    const t = this.db.tableName;
    await Promise.all([
      this.db.doc.send(
        new UpdateCommand({
          TableName: t,
          Key: keys.statsWeekPost(week, postId),
          ...updateInput({ set: { type: 'statsWeekPost', postId }, add: { votes } }),
        }),
      ),
      ...(companyId
        ? [
            this.db.doc.send(
              new UpdateCommand({
                TableName: t,
                Key: keys.statsWeekCompany(week, companyId),
                ...updateInput({ set: { type: 'statsWeekCompany', companyId }, add: { votes } }),
              }),
            ),
          ]
        : []),
    ]);
  }

  async week(week: string): Promise<{ posts: Map<string, number>; companies: Map<string, number> }> {
    const items = await queryAll(this.db, partitionQuery({ partition: keys.statsWeekPartition(week) }));
    const posts = new Map<string, number>();
    const companies = new Map<string, number>();
    for (const item of items) {
      const votes = Number(item.votes ?? 0);
      if (item.type === 'statsWeekPost') posts.set(item.postId as string, votes);
      else if (item.type === 'statsWeekCompany') companies.set(item.companyId as string, votes);
    }
    return { posts, companies };
  }

  async markActive(
    userId: string,
    day: string,
    week: string,
  ): Promise<{ newDay: boolean; newWeek: boolean }> {
    try {
      // The old values say whether this is the first activity of the day and week: the update is atomic,
      // so of two at once only one sees the previous day.
      const out = await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.user(userId),
          ...updateInput({ set: { activeDay: day, activeWeek: week } }, ITEM_EXISTS),
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const old = out.Attributes ?? {};
      return { newDay: old.activeDay !== day, newWeek: old.activeWeek !== week };
    } catch (error) {
      // A person deleted meanwhile (or never stored: a test's actor) is nobody to count.
      if (error instanceof ConditionalCheckFailedException) return { newDay: false, newWeek: false };
      throw error;
    }
  }

  async markCounted(postId: string, at: string): Promise<void> {
    await this.setOnce(postId, { analyticsCountedAt: at }, ITEM_EXISTS);
  }

  markFirstStaffResponse(postId: string, at: string): Promise<boolean> {
    return this.setOnce(postId, { firstStaffResponseAt: at }, COUNTED_AND_NOT('firstStaffResponseAt'));
  }

  markFirstAnswered(postId: string, at: string): Promise<boolean> {
    return this.setOnce(postId, { firstAnsweredAt: at }, COUNTED_AND_NOT('firstAnsweredAt'));
  }

  /**
   * Sets analytics' own attributes on the post item (toPost leaves them out: they are nobody's API
   * output); false when the condition refused it.
   */
  private async setOnce(postId: string, set: Record<string, string>, condition: string): Promise<boolean> {
    try {
      await this.db.doc.send(
        new UpdateCommand({
          TableName: this.db.tableName,
          Key: keys.post(postId),
          ...updateInput({ set }, condition),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async countReach(userId: string, month: string, views: number): Promise<void> {
    if (views === 0) return;
    await Promise.all(
      [month, 'ALL'].map((period) =>
        this.db.doc.send(
          new UpdateCommand({
            TableName: this.db.tableName,
            Key: keys.answerReach(userId, period),
            ...updateInput({ set: { type: 'answerReach', userId, period }, add: { answerViews: views } }),
          }),
        ),
      ),
    );
  }

  async reach(userIds: readonly string[], period: string): Promise<Map<string, number>> {
    const unique = [...new Set(userIds)];
    const found = new Map(unique.map((id) => [id, 0]));
    if (unique.length === 0) return found;
    const items = await batchGetAll(
      this.db,
      unique.map((id) => keys.answerReach(id, period)),
    );
    for (const item of items) found.set(item.userId as string, Number(item.answerViews ?? 0));
    return found;
  }

  async settings(options: { consistent?: boolean } = {}): Promise<AnalyticsSettings> {
    const out = await this.db.doc.send(
      new GetCommand({
        TableName: this.db.tableName,
        Key: keys.settings('ANALYTICS'),
        ...(options.consistent ? { ConsistentRead: true } : {}),
      }),
    );
    return toSettings(out.Item);
  }

  async saveSettings(settings: AnalyticsSettings): Promise<void> {
    await this.db.doc.send(
      new PutCommand({
        TableName: this.db.tableName,
        Item: { ...keys.settings('ANALYTICS'), type: 'analyticsSettings', ...settings },
      }),
    );
  }
}

function toCounters(item: Record<string, unknown>): DayCounters {
  const counters = emptyCounters();
  for (const c of DAY_COUNTERS) counters[c] = Number(item[c] ?? 0);
  return counters;
}

/** Each stored field that still passes the schema; the default for the rest (or for no item). */
function toSettings(item: Record<string, unknown> | undefined): AnalyticsSettings {
  if (!item) return { ...DEFAULT_ANALYTICS_SETTINGS };
  const merged: Record<string, unknown> = { ...DEFAULT_ANALYTICS_SETTINGS };
  const shape = analyticsSettingsSchema.shape;
  for (const field of Object.keys(shape) as (keyof typeof shape)[]) {
    if (shape[field].safeParse(item[field]).success && item[field] !== undefined) merged[field] = item[field];
  }
  return analyticsSettingsSchema.parse(merged);
}
