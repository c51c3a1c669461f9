/**
 * The outbox drainer's own wiring on AWS. It needs the table and the bus only, not the services,
 * secrets and mail that `runtimeFromEnv` builds, so its function is granted none of those.
 */
import { createDb } from '../adapters/dynamodb/client.ts';
import { DynamoOutbox } from '../adapters/dynamodb/outbox-store.ts';
import { EventBridgeBus } from '../adapters/events/eventbridge-bus.ts';
import type { Clock } from '../ports/index.ts';
import { drainOutbox, type DrainResult } from '../services/outbox.ts';

export type Drain = (opts: { olderThanMs: number; limit: number }) => Promise<DrainResult>;

const clock: Clock = { now: () => new Date() };

export function outboxDrainerFromEnv(env: NodeJS.ProcessEnv = process.env): Drain {
  const tableName = env.TABLE_NAME;
  const eventBusName = env.EVENT_BUS_NAME;
  if (!tableName || !eventBusName) throw new Error('TABLE_NAME and EVENT_BUS_NAME must be set.');
  const deps = {
    outbox: new DynamoOutbox(createDb(tableName)),
    events: new EventBridgeBus(eventBusName),
    clock,
  };
  return (opts) => drainOutbox(deps, opts);
}
