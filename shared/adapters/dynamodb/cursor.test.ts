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

  const forge = (values: unknown[], scope = 'BOARD#a') => {
    const tag = JSON.parse(
      Buffer.from(encodeCursor({ ...key, topPk: scope }, attrs) ?? '', 'base64url').toString(),
    )[0];
    return Buffer.from(JSON.stringify([tag, ...values])).toString('base64url');
  };

  it.each([
    ['an empty key string', ['BOARD#a', 3, '', 'POST']],
    ['a number where DynamoDB has none', ['BOARD#a', 1e300, 'POST#1', 'POST']],
    ['a big number past DynamoDB', ['BOARD#a', { n: '1e400' }, 'POST#1', 'POST']],
    ['a big number with too many digits', ['BOARD#a', { n: '1'.repeat(39) }, 'POST#1', 'POST']],
    ['a big number with extra fields', ['BOARD#a', { n: '1', x: 1 }, 'POST#1', 'POST']],
    ['a control character', ['BOARD#a', 3, 'POST#\u0000', 'POST']],
    ['an extra attribute', ['BOARD#a', 3, 'POST#1', 'POST', 'extra']],
    ['a missing attribute', ['BOARD#a', 3, 'POST#1']],
  ])('rejects a well-tagged cursor with %s', (_name, values) => {
    expect(() => decodeCursor(forge(values), attrs, { attribute: 'topPk', value: 'BOARD#a' })).toThrow(
      ValidationError,
    );
  });

  it('accepts exact big numbers', () => {
    const token = forge(['BOARD#a', { n: '123456789012345678901234567890' }, 'POST#1', 'POST']);
    expect(String(decodeCursor(token, attrs, { attribute: 'topPk', value: 'BOARD#a' }).voteCount)).toBe(
      '123456789012345678901234567890',
    );
  });

  it('rejects a cursor of the same partition read another way (another scope)', () => {
    const token = encodeCursor(key, attrs, 'BOARD#a|top|planned') ?? '';
    const partition = { attribute: 'topPk', value: 'BOARD#a' };
    expect(decodeCursor(token, attrs, partition, 'BOARD#a|top|planned')).toEqual(key);
    expect(() => decodeCursor(token, attrs, partition, 'BOARD#a|top|')).toThrow(ValidationError);
  });

  it("rejects another list's cursor", () => {
    const token = encodeCursor(key, attrs) ?? '';
    expect(() => decodeCursor(token, attrs, { attribute: 'topPk', value: 'BOARD#b' })).toThrow(
      ValidationError,
    );
  });
});
