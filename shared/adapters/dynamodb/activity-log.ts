/**
 * The activity log (domain/activity.ts): one item per thing done, in a partition per UTC day, put in
 * the transaction of the change it records. Reading a week reads that week's days and nothing older.
 */
import { ATTR } from '../../table/names.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { ActivityEvent, ActivityKind } from '../../domain/activity.ts';
import type { ActivityLog } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';

/** Long enough to rebuild any digest of the past year (send-now for an old week), then gone. */
const KEEP_SECONDS = 400 * 24 * 60 * 60;
const DAY_MS = 86_400_000;

/** What makes two records of the same kind, post and instant distinct. */
const refOf = (event: ActivityEvent) => event.commentId ?? event.userId;

export function activityItem(event: ActivityEvent): Record<string, unknown> {
  return {
    ...keys.activity(event.at, event.kind, event.postId, refOf(event)),
    type: 'activity',
    ...event,
    [ATTR.ttl]: Math.floor(Date.parse(event.at) / 1000) + KEEP_SECONDS,
  };
}

/** The record as a transaction item. A plain put: its key is unique to the change it goes with. */
export function activityPut(tableName: string, event: ActivityEvent) {
  return { Put: { TableName: tableName, Item: activityItem(event) } };
}

const KINDS = new Set<string>(['post', 'vote', 'unvote', 'comment', 'status', 'accepted']);

function toActivity(item: Record<string, unknown>): ActivityEvent | null {
  if (typeof item.kind !== 'string' || !KINDS.has(item.kind)) return null;
  const optional = (name: string) => (typeof item[name] === 'string' ? { [name]: item[name] } : {});
  return {
    kind: item.kind as ActivityKind,
    at: String(item.at),
    postId: String(item.postId),
    userId: String(item.userId),
    ...optional('companyId'),
    ...optional('commentId'),
    ...optional('from'),
    ...optional('to'),
    ...optional('note'),
    ...optional('byName'),
  } as ActivityEvent;
}

export class DynamoActivityLog implements ActivityLog {
  constructor(private readonly db: Db) {}

  async between(start: string, end: string): Promise<ActivityEvent[]> {
    const days: string[] = [];
    for (let t = Date.parse(start.slice(0, 10)); t < Date.parse(end); t += DAY_MS) {
      days.push(new Date(t).toISOString().slice(0, 10));
    }
    const pages = await Promise.all(
      days.map((day) =>
        // `end` is exclusive: every sort key at `end` itself starts with `end#`, which sorts after it.
        queryAll(this.db, partitionQuery({ partition: keys.activityPartition(day), between: [start, end] })),
      ),
    );
    return pages
      .flat()
      .flatMap((item) => toActivity(item) ?? [])
      .filter((event) => event.at >= start && event.at < end);
  }
}
