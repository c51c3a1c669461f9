/**
 * Pagination cursors. Clients get an opaque token, never a raw key; a token that was tampered with or
 * belongs to another list is a 400, not a DynamoDB error surfacing as a 500.
 */
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.ts';

type KeyValue = string | number | NumberValue;
export type StartKey = Record<string, KeyValue>;

export function encodeCursor(
  lastKey: Record<string, unknown> | undefined,
  attributes: readonly string[],
): string | null {
  if (!lastKey) return null;
  // A large number (a trend score) travels as its exact decimal string, so the next page starts
  // exactly where this one ended.
  const values = attributes.map((a) => {
    const v = lastKey[a];
    return v instanceof NumberValue ? { n: v.toString() } : v;
  });
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * @param attributes the key attributes of the index, in a fixed order
 * @param partition the partition attribute and the value it must have for this list
 */
export function decodeCursor(
  token: string,
  attributes: readonly string[],
  partition: { attribute: string; value: string },
): StartKey {
  const invalid = () => new ValidationError({ cursor: 'The cursor is not valid for this list.' });
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(values) || values.length !== attributes.length) throw invalid();
  const key: StartKey = {};
  attributes.forEach((attribute, i) => {
    const value: unknown = values[i];
    if (typeof value === 'string' || typeof value === 'number') {
      key[attribute] = value;
    } else if (isBigNumber(value)) {
      key[attribute] = NumberValue.from(value.n);
    } else {
      throw invalid();
    }
  });
  if (key[partition.attribute] !== partition.value) throw invalid();
  return key;
}

function isBigNumber(value: unknown): value is { n: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { n?: unknown }).n === 'string' &&
    /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test((value as { n: string }).n)
  );
}
