/**
 * Counts what the bench's DynamoDB client asks of DynamoDB: requests by operation, read and write request
 * units, and the bytes a write adds to the table and its indexes (what storage is billed on).
 *
 * Where the units come from:
 * - Every data-plane request is sent with ReturnConsumedCapacity TOTAL. DynamoDB Local (3.x) answers it,
 *   and for reads and single-item writes its figures follow the documented rules (probed: 4 KB read units,
 *   half for eventually consistent reads, 1 KB write units, the larger of the old and new item for an
 *   update, one index write per index an item is in and two when an update moves the item in the index).
 * - For TransactWriteItems it does not: it sums the distinct per-item figures, so a transaction of three
 *   1 KB puts reports 2 units instead of 6. Those units are computed here instead, from the sizes of each
 *   item before and after (read through a second, unmetered client): 2 units per KB of the larger of the
 *   two for each table item (ConditionCheck included, on the item it reads), and for each index entry what
 *   the same write costs outside a transaction. AWS does not document the index part; DynamoDB Local
 *   doubles it, and the dynoxide emulator, checked against DynamoDB, does not
 *   (https://github.com/nubo-db/dynoxide/pull/188). The bench prints how many units that part is.
 * - Two more known gaps of DynamoDB Local's figures, both with keys that match no item
 *   (https://github.com/awslabs/amazon-dynamodb-local-samples/issues/7): BatchGetItem charges nothing for
 *   a missing key where DynamoDB charges the minimum read (0.5 unit, 1 if consistent), which is added
 *   here; BatchWriteItem charges 2 units to delete a missing item where DynamoDB charges 1, so batch
 *   writes use the computed units.
 * - The same item sizes check the size model against DynamoDB Local's own figures for single writes
 *   (`checked` / `agreed`), so a drift in the model shows in the bench's output.
 *
 * The detailed mode (units, sizes) reads every written item before and after, which slows the requests
 * down: time the runs with it off.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE, type TableDefinition } from '../../shared/table/definition.ts';

export type Item = Record<string, AttributeValue>;

/** Bytes DynamoDB counts for one attribute value (names are counted by the caller). */
export function attributeSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + Buffer.byteLength(s, 'utf8'), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.byteLength, 0);
  // Lists and maps: 3 bytes, plus 1 byte per element, plus the elements (and a map's keys).
  if (value.L !== undefined) return value.L.reduce((n, v) => n + 1 + attributeSize(v), 3);
  if (value.M !== undefined) {
    return Object.entries(value.M).reduce(
      (n, [k, v]) => n + 1 + Buffer.byteLength(k, 'utf8') + attributeSize(v),
      3,
    );
  }
  return 0;
}

/** About 1 byte per two significant digits, plus 1. */
function numberSize(n: string): number {
  const digits = n
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(digits.length, 1) / 2) + 1;
}

/** An item's size as DynamoDB bills it: attribute names plus values. */
export function itemSize(item: Item | null | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce(
    (n, [name, v]) => n + Buffer.byteLength(name, 'utf8') + attributeSize(v),
    0,
  );
}

const kb = (item: Item | null | undefined) => Math.max(1, Math.ceil(itemSize(item) / 1024));

const inIndex = (item: Item | null | undefined, index: TableDefinition['globalSecondaryIndexes'][number]) =>
  !!item && item[index.partitionKey.name] !== undefined && item[index.sortKey.name] !== undefined;

const sameIndexKey = (a: Item, b: Item, index: TableDefinition['globalSecondaryIndexes'][number]) =>
  JSON.stringify([a[index.partitionKey.name], a[index.sortKey.name]]) ===
  JSON.stringify([b[index.partitionKey.name], b[index.sortKey.name]]);

/**
 * Write units of one item write, given the item before and after (null: absent). Indexes project every
 * attribute (as in the CDK stack), so an index entry is as large as the item.
 */
export function itemWriteUnits(
  before: Item | null,
  after: Item | null,
  transactional: boolean,
  def: TableDefinition = TABLE,
): { table: number; index: number } {
  const table = Math.max(kb(before), kb(after));
  let index = 0;
  for (const gsi of def.globalSecondaryIndexes) {
    const was = inIndex(before, gsi);
    const is = inIndex(after, gsi);
    if (was && is && before && after) {
      index += sameIndexKey(before, after, gsi) ? Math.max(kb(before), kb(after)) : kb(before) + kb(after);
    } else if (was) index += kb(before);
    else if (is) index += kb(after);
  }
  // The transactional factor applies to the table only (see the top of this file).
  return { table: table * (transactional ? 2 : 1), index };
}

/**
 * Bytes an item occupies in the table and in its indexes: its size plus 100 bytes of overhead per item and
 * per index entry. Items with a TTL expire (sessions, rate windows, ledger entries, sign-in links) and
 * are left out: they do not accumulate.
 */
export function storedBytes(
  item: Item | null,
  def: TableDefinition = TABLE,
): { table: number; index: number } {
  if (!item || item[def.timeToLiveAttribute] !== undefined) return { table: 0, index: 0 };
  const size = itemSize(item);
  const entries = def.globalSecondaryIndexes.filter((gsi) => inIndex(item, gsi)).length;
  return { table: size + 100, index: entries * (size + 100) };
}

export interface MeterTotals {
  requests: Map<string, number>;
  rru: number;
  wru: number;
  /** Part of `wru`: index writes inside transactions, counted once (see the top of this file). */
  txIndexWru: number;
  tableBytes: number;
  indexBytes: number;
  /** Conditional writes refused (charged as a write of the existing item) and cancelled transactions. */
  failedWrites: number;
  /** Non-transactional writes whose units were computed here as well as reported, and how many agreed. */
  checked: number;
  agreed: number;
}

const emptyTotals = (): MeterTotals => ({
  requests: new Map(),
  rru: 0,
  wru: 0,
  txIndexWru: 0,
  tableBytes: 0,
  indexBytes: 0,
  failedWrites: 0,
  checked: 0,
  agreed: 0,
});

const OPERATION: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  Query: 'Query',
  Scan: 'Scan',
};
const DATA_PLANE = new Set(Object.values(OPERATION));
const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);

/** The API operation of an SDK command name: `GetCommand` and `GetItemCommand` are both GetItem. */
export function operationOf(commandName: string | undefined): string {
  const bare = (commandName ?? '?').replace(/Command$/, '');
  return OPERATION[bare] ?? bare;
}

interface WriteTarget {
  tableName: string;
  key: Item;
  kind: 'put' | 'update' | 'delete' | 'check';
}

type Input = Record<string, unknown>;

function keyOf(item: Item, def: TableDefinition): Item {
  const key: Item = {};
  for (const name of [def.partitionKey.name, def.sortKey.name]) {
    const v = item[name];
    if (v) key[name] = v;
  }
  return key;
}

function writeTargets(op: string, input: Input, def: TableDefinition): WriteTarget[] {
  const table = input.TableName as string;
  switch (op) {
    case 'PutItem':
      return [{ tableName: table, key: keyOf(input.Item as Item, def), kind: 'put' }];
    case 'UpdateItem':
      return [{ tableName: table, key: input.Key as Item, kind: 'update' }];
    case 'DeleteItem':
      return [{ tableName: table, key: input.Key as Item, kind: 'delete' }];
    case 'BatchWriteItem': {
      const requests = input.RequestItems as Record<
        string,
        { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
      >;
      return Object.entries(requests).flatMap(([tableName, list]) =>
        list.map((r): WriteTarget => {
          if (r.PutRequest) return { tableName, key: keyOf(r.PutRequest.Item, def), kind: 'put' };
          return { tableName, key: r.DeleteRequest?.Key ?? {}, kind: 'delete' };
        }),
      );
    }
    case 'TransactWriteItems': {
      type Action = { TableName: string; Item?: Item; Key?: Item };
      const items = input.TransactItems as {
        Put?: Action;
        Update?: Action;
        Delete?: Action;
        ConditionCheck?: Action;
      }[];
      return items.map((t): WriteTarget => {
        if (t.Put) return { tableName: t.Put.TableName, key: keyOf(t.Put.Item ?? {}, def), kind: 'put' };
        if (t.Update) return { tableName: t.Update.TableName, key: t.Update.Key ?? {}, kind: 'update' };
        if (t.Delete) return { tableName: t.Delete.TableName, key: t.Delete.Key ?? {}, kind: 'delete' };
        const c = t.ConditionCheck as Action;
        return { tableName: c.TableName, key: c.Key ?? {}, kind: 'check' };
      });
    }
    default:
      return [];
  }
}

/** Read units DynamoDB charges, and DynamoDB Local does not, for BatchGetItem keys that match no item. */
function batchGetMisses(input: Input, output: unknown): number {
  const requested = input.RequestItems as Record<string, { Keys: unknown[]; ConsistentRead?: boolean }>;
  const out = output as {
    Responses?: Record<string, unknown[]>;
    UnprocessedKeys?: Record<string, { Keys?: unknown[] }>;
  };
  let units = 0;
  for (const [table, request] of Object.entries(requested)) {
    const found = out.Responses?.[table]?.length ?? 0;
    const unprocessed = out.UnprocessedKeys?.[table]?.Keys?.length ?? 0;
    const missing = Math.max(0, request.Keys.length - found - unprocessed);
    units += missing * (request.ConsistentRead ? 1 : 0.5);
  }
  return units;
}

function reportedUnits(output: unknown): number {
  const consumed = (output as { ConsumedCapacity?: unknown } | undefined)?.ConsumedCapacity;
  const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  return list.reduce((n: number, c: { CapacityUnits?: number }) => n + (c.CapacityUnits ?? 0), 0);
}

export class DynamoMeter {
  /** Units and sizes too (slower), or only request counts. */
  detailed = false;
  private totals = emptyTotals();

  /** @param side a client on the same endpoint, without this meter, for reading items before and after */
  constructor(
    private readonly side: DynamoDBClient,
    private readonly def: TableDefinition = TABLE,
  ) {}

  reset(): void {
    this.totals = emptyTotals();
  }

  snapshot(): MeterTotals {
    return { ...this.totals, requests: new Map(this.totals.requests) };
  }

  install(client: DynamoDBClient): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = operationOf((context as { commandName?: string }).commandName);
        this.totals.requests.set(op, (this.totals.requests.get(op) ?? 0) + 1);
        if (!DATA_PLANE.has(op)) return next(args);
        // Before the document client marshals the input; it passes this field through unchanged.
        return next({ ...args, input: { ...(args.input as Input), ReturnConsumedCapacity: 'TOTAL' } });
      },
      { step: 'initialize', name: 'benchMeterCount' },
    );
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = operationOf((context as { commandName?: string }).commandName);
        if (!this.detailed || !DATA_PLANE.has(op)) return next(args);
        if (READS.has(op)) {
          const result = await next(args);
          this.totals.rru += reportedUnits(result.output);
          if (op === 'BatchGetItem') this.totals.rru += batchGetMisses(args.input as Input, result.output);
          return result;
        }
        // By this step the input is in DynamoDB's own format (AttributeValues).
        const targets = writeTargets(op, args.input as Input, this.def);
        const before = await Promise.all(targets.map((t) => this.read(t)));
        let result: Awaited<ReturnType<typeof next>>;
        try {
          result = await next(args);
        } catch (error) {
          this.totals.failedWrites++;
          if (error instanceof ConditionalCheckFailedException) this.totals.wru += kb(before[0]);
          throw error;
        }
        const after = await Promise.all(
          targets.map((t, i) => (t.kind === 'delete' ? null : t.kind === 'check' ? before[i] : this.read(t))),
        );
        let computed = 0;
        targets.forEach((t, i) => {
          const b = before[i] ?? null;
          const a = after[i] ?? null;
          const units =
            t.kind === 'check'
              ? { table: 2 * kb(b), index: 0 }
              : itemWriteUnits(b, a, op === 'TransactWriteItems', this.def);
          computed += units.table + units.index;
          if (op === 'TransactWriteItems') this.totals.txIndexWru += units.index;
          const was = storedBytes(b, this.def);
          const is = storedBytes(a, this.def);
          this.totals.tableBytes += is.table - was.table;
          this.totals.indexBytes += is.index - was.index;
        });
        if (op === 'TransactWriteItems') {
          this.totals.wru += computed;
        } else {
          const reported = reportedUnits(result.output);
          this.totals.wru += op === 'BatchWriteItem' ? computed : reported;
          this.totals.checked++;
          if (Math.abs(reported - computed) < 1e-9) this.totals.agreed++;
        }
        return result;
      },
      { step: 'build', name: 'benchMeterUnits' },
    );
  }

  private async read(target: WriteTarget): Promise<Item | null> {
    const out = await this.side.send(
      new GetItemCommand({ TableName: target.tableName, Key: target.key, ConsistentRead: true }),
    );
    return out.Item ?? null;
  }
}
