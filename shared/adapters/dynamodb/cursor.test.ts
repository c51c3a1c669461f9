import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const attrs = ['topPk', 'voteCount', 'pk', 'sk'] as const;
const key = { topPk: 'BOARD#a', voteCount: 3, pk: 'POST#1', sk: 'POST' };

describe('pagination cursors', () => {
  it('round-trips a key without exposing attribute names', () => {
    const token = encodeCursor(key, attrs);
    expect(token).not.toBeNull();
    expect(Buffer.from(token ?? '', 'base64url').toString()).not.toContain('topPk');
    expect(decodeCursor(token ?? '', attrs, { attribute: 'topPk', value: 'BOARD#a' })).toEqual(key);
  });

  it('is null on the last page', () => {
    expect(encodeCursor(undefined, attrs)).toBeNull();
  });

  it.each([
    ['garbage', 'not base64 json'],
    [Buffer.from('{"a":1}').toString('base64url'), 'not an array'],
    [Buffer.from('[1,2]').toString('base64url'), 'wrong length'],
    [Buffer.from('["BOARD#a",{},"p","s"]').toString('base64url'), 'non-scalar value'],
  ])('rejects %s (%s) as a validation error', (token) => {
    expect(() => decodeCursor(token, attrs, { attribute: 'topPk', value: 'BOARD#a' })).toThrow(
      ValidationError,
    );
  });

  it("rejects another list's cursor", () => {
    const token = encodeCursor(key, attrs) ?? '';
    expect(() => decodeCursor(token, attrs, { attribute: 'topPk', value: 'BOARD#b' })).toThrow(
      ValidationError,
    );
  });
});
