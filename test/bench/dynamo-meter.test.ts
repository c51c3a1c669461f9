import { describe, expect, it } from 'vitest';
import {
  attributeSize,
  itemSize,
  itemWriteUnits,
  operationOf,
  storedBytes,
  type Item,
} from './dynamo-meter.ts';
import type { TableDefinition } from '../../shared/table/definition.ts';

const def: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    { indexName: 'byN', partitionKey: { name: 'g', type: 'S' }, sortKey: { name: 'n', type: 'N' } },
  ],
  timeToLiveAttribute: 'ttl',
};

const s = (n: number) => ({ S: 'x'.repeat(n) });

describe('item sizes', () => {
  it('counts names and values as DynamoDB does', () => {
    expect(itemSize({ pk: { S: 'a' }, sk: { S: '1' } })).toBe(6);
    expect(attributeSize({ S: 'é' })).toBe(2); // UTF-8 bytes
    expect(attributeSize({ N: '12345' })).toBe(4); // 3 bytes for 5 digits, plus 1
    expect(attributeSize({ N: '-0.00100' })).toBe(2);
    expect(attributeSize({ BOOL: true })).toBe(1);
    expect(attributeSize({ L: [{ S: 'ab' }, { S: 'c' }] })).toBe(3 + 1 + 2 + 1 + 1);
    expect(attributeSize({ M: { k: { S: 'v' } } })).toBe(3 + 1 + 1 + 1);
    expect(attributeSize({ SS: ['ab', 'c'] })).toBe(3);
  });
});

describe('write units', () => {
  const small: Item = { pk: { S: 'a' }, sk: { S: '1' } };
  const indexed = (n: string, pad = 0): Item => ({ ...small, g: { S: 'g' }, n: { N: n }, v: s(pad) });

  it('rounds each item up to 1 KB, the larger of before and after', () => {
    expect(itemWriteUnits(null, small, false, def)).toEqual({ table: 1, index: 0 });
    expect(itemWriteUnits(null, { ...small, v: s(1100) }, false, def)).toEqual({ table: 2, index: 0 });
    expect(itemWriteUnits({ ...small, v: s(2500) }, small, false, def)).toEqual({ table: 3, index: 0 });
    expect(itemWriteUnits(null, null, false, def)).toEqual({ table: 1, index: 0 }); // delete of nothing
  });

  it('writes an index entry once, or twice when its key changes', () => {
    expect(itemWriteUnits(null, indexed('1'), false, def)).toEqual({ table: 1, index: 1 });
    expect(itemWriteUnits(indexed('1'), indexed('1', 10), false, def)).toEqual({ table: 1, index: 1 });
    expect(itemWriteUnits(indexed('1'), indexed('2'), false, def)).toEqual({ table: 1, index: 2 });
    expect(itemWriteUnits(indexed('1'), small, false, def)).toEqual({ table: 1, index: 1 });
  });

  it('doubles the table write in a transaction, not the index writes', () => {
    expect(itemWriteUnits(null, indexed('1', 2500), true, def)).toEqual({ table: 6, index: 3 });
    expect(itemWriteUnits(indexed('1'), indexed('2'), true, def)).toEqual({ table: 2, index: 2 });
  });
});

describe('stored bytes', () => {
  it('adds 100 bytes per item and per index entry, and leaves out items that expire', () => {
    const item: Item = { pk: { S: 'a' }, sk: { S: '1' }, g: { S: 'g' }, n: { N: '1' } };
    const size = itemSize(item);
    expect(storedBytes(item, def)).toEqual({ table: size + 100, index: size + 100 });
    expect(storedBytes({ ...item, ttl: { N: '1700000000' } }, def)).toEqual({ table: 0, index: 0 });
    expect(storedBytes(null, def)).toEqual({ table: 0, index: 0 });
  });
});

describe('operationOf', () => {
  it('names document-client and low-level commands by their API operation', () => {
    expect(operationOf('GetCommand')).toBe('GetItem');
    expect(operationOf('GetItemCommand')).toBe('GetItem');
    expect(operationOf('TransactWriteCommand')).toBe('TransactWriteItems');
    expect(operationOf('QueryCommand')).toBe('Query');
    expect(operationOf('CreateTableCommand')).toBe('CreateTable');
  });
});
