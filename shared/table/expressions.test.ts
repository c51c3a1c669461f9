import { describe, expect, it } from 'vitest';
import {
  ITEM_ABSENT,
  ITEM_EXISTS,
  absentOrExpired,
  conditionInput,
  partitionQuery,
  updateInput,
} from './expressions.ts';
import { INDEX } from './names.ts';

describe('updateInput', () => {
  it('writes SET, ADD and REMOVE through placeholders and merges the condition', () => {
    expect(
      updateInput(
        { set: { name: 'A', status: 'open' }, add: { voteCount: 1 }, remove: ['note'] },
        {
          expression: `${ITEM_EXISTS} AND #rev = :wasRev`,
          names: { '#rev': 'rev' },
          values: { ':wasRev': 3 },
        },
      ),
    ).toEqual({
      UpdateExpression: 'SET #name = :name, #status = :status ADD #voteCount :voteCount REMOVE #note',
      ConditionExpression: 'attribute_exists(pk) AND #rev = :wasRev',
      ExpressionAttributeNames: {
        '#name': 'name',
        '#status': 'status',
        '#voteCount': 'voteCount',
        '#note': 'note',
        '#rev': 'rev',
      },
      ExpressionAttributeValues: { ':name': 'A', ':status': 'open', ':voteCount': 1, ':wasRev': 3 },
    });
  });

  it('leaves out empty clauses, the condition and the values when there are none', () => {
    expect(updateInput({ remove: ['acceptedCommentId'] })).toEqual({
      UpdateExpression: 'REMOVE #acceptedCommentId',
      ExpressionAttributeNames: { '#acceptedCommentId': 'acceptedCommentId' },
    });
  });

  it('refuses a condition value placeholder the update already uses', () => {
    expect(() =>
      updateInput({ set: { rev: 2 } }, { expression: '#rev = :rev', values: { ':rev': 1 } }),
    ).toThrow(/:rev/);
  });

  it('refuses an empty update and attribute names no placeholder can carry', () => {
    expect(() => updateInput({})).toThrow();
    expect(() => updateInput({ set: { 'a.b': 1 } })).toThrow();
  });
});

describe('conditions', () => {
  it('spells existence by the partition key', () => {
    expect(ITEM_ABSENT).toBe('attribute_not_exists(pk)');
    expect(conditionInput(ITEM_EXISTS)).toEqual({ ConditionExpression: 'attribute_exists(pk)' });
  });

  it('treats an item past its TTL as absent', () => {
    expect(conditionInput(absentOrExpired(100))).toEqual({
      ConditionExpression: 'attribute_not_exists(pk) OR #ttl <= :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': 100 },
    });
  });
});

describe('partitionQuery', () => {
  it('queries a table partition, optionally by sort-key prefix', () => {
    expect(partitionQuery({ partition: 'TAGS' })).toEqual({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'TAGS' },
    });
    expect(partitionQuery({ partition: 'POST#1', sortPrefix: 'COMMENT#' })).toEqual({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :skPrefix)',
      ExpressionAttributeValues: { ':pk': 'POST#1', ':skPrefix': 'COMMENT#' },
    });
  });

  it("queries an index by that index's partition key", () => {
    expect(partitionQuery({ index: INDEX.byVotes, partition: 'LIST#b' })).toEqual({
      IndexName: 'byVotes',
      KeyConditionExpression: 'topPk = :pk',
      ExpressionAttributeValues: { ':pk': 'LIST#b' },
    });
  });
});
