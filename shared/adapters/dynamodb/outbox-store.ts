/**
 * The outbox in DynamoDB: one item per unpublished event, put by the transaction that writes the change
 * (`outboxPut`), deleted once the bus has taken the event. The drainer reads it with one Query per shard.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../domain/events.ts';
import { keySchema } from '../../table/definition.ts';
import { keys, OUTBOX_SHARDS } from '../../table/keys.ts';
import type { Outbox } from '../../ports/index.ts';
import type { Db } from './client.ts';

/** The transaction item that stores `event` for publishing. */
export function outboxPut(tableName: string, event: DomainEvent) {
  return {
    Put: { TableName: tableName, Item: { ...keys.outbox(event.id, event.at), type: 'outbox', event } },
  };
}

export class DynamoOutbox implements Outbox {
  constructor(private readonly db: Db) {}

  async pending(before: string, limit: number): Promise<DomainEvent[]> {
    const { partition, sort } = keySchema();
    const shards = await Promise.all(
      Array.from({ length: OUTBOX_SHARDS }, async (_, shard) => {
        const out = await this.db.doc.send(
          new QueryCommand({
            TableName: this.db.tableName,
            // Sort keys start with the event's time, so "< before" is "written before"; `<at>#<id>` sorts
            // after a bare `<at>`, so an event of exactly that instant waits for the next drain.
            KeyConditionExpression: `${partition} = :pk AND ${sort} < :before`,
            ExpressionAttributeValues: { ':pk': keys.outboxPartition(shard), ':before': before },
            Limit: limit,
          }),
        );
        return (out.Items ?? []).map((item) => item.event as DomainEvent);
      }),
    );
    return shards
      .flat()
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  async remove(event: DomainEvent): Promise<void> {
    await this.db.doc.send(
      new DeleteCommand({ TableName: this.db.tableName, Key: keys.outbox(event.id, event.at) }),
    );
  }
}
