/**
 * Pagination cursors. Clients get an opaque token, never a raw key; a token that was tampered with or
 * belongs to another list is a 400, not a DynamoDB error surfacing as a 500.
 *
 * A token is `[tag, ...key values]`: the tag is a short hash of the list the page came from (its
 * partition, and whatever else the caller says makes it that list: an order, residual filters), and
 * each key value is checked to be one DynamoDB would take as a key (a non-empty string, or a number in
 * DynamoDB's range), so that no hand-made token reaches DynamoDB as an invalid ExclusiveStartKey.
 */
import { createHash } from 'node:crypto';
import { NumberValue } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.ts';

type KeyValue = string | number | NumberValue;
export type StartKey = Record<string, KeyValue>;

export const invalidCursor = () => new ValidationError({ cursor: 'The cursor is not valid for this list.' });

const tagOf = (scope: string) => createHash('sha256').update(scope).digest('base64url').slice(0, 10);

/**
 * @param scope what makes the list this list: defaults to its partition value; add the order and any
 *   residual filters when the same partition is read in several ways
 */
export function encodeCursor(
  lastKey: Record<string, unknown> | undefined,
  attributes: readonly string[],
  scope?: string,
): string | null {
  if (!lastKey) return null;
  // A large number (a trend score) travels as its exact decimal string, so the next page starts
  // exactly where this one ended.
  const values = attributes.map((a) => {
    const v = lastKey[a];
    return v instanceof NumberValue ? { n: v.toString() } : v;
  });
  const partition = attributes[0] === undefined ? '' : String(lastKey[attributes[0]] as string);
  return Buffer.from(JSON.stringify([tagOf(scope ?? partition), ...values])).toString('base64url');
}

/**
 * @param attributes the key attributes of the index, in a fixed order, the partition attribute first
 * @param partition the partition attribute and the value it must have for this list
 * @param scope as given to encodeCursor
 */
export function decodeCursor(
  token: string,
  attributes: readonly string[],
  partition: { attribute: string; value: string },
  scope?: string,
): StartKey {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(values) || values.length !== attributes.length + 1) throw invalidCursor();
  const [tag, ...rest] = values as unknown[];
  if (tag !== tagOf(scope ?? partition.value)) throw invalidCursor();
  const key: StartKey = {};
  attributes.forEach((attribute, i) => {
    const value: unknown = rest[i];
    if (isKeyString(value) || isKeyNumber(value)) {
      key[attribute] = value;
    } else if (isBigNumber(value)) {
      key[attribute] = NumberValue.from(value.n);
    } else {
      throw invalidCursor();
    }
  });
  if (key[partition.attribute] !== partition.value) throw invalidCursor();
  return key;
}

/** DynamoDB refuses empty key strings and sort keys over 1,024 bytes. */
const isKeyString = (value: unknown): value is string =>
  typeof value === 'string' &&
  value.length > 0 &&
  Buffer.byteLength(value) <= 1024 &&
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  !/[\u0000-\u001f\u007f]/.test(value);

/** DynamoDB numbers: up to 38 significant digits, magnitudes from 1e-130 to below 1e126. */
function inDynamoRange(n: number): boolean {
  const magnitude = Math.abs(n);
  return Number.isFinite(n) && (magnitude === 0 || (magnitude >= 1e-130 && magnitude < 1e126));
}

const isKeyNumber = (value: unknown): value is number => typeof value === 'number' && inDynamoRange(value);

function isBigNumber(value: unknown): value is { n: string } {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 1) return false;
  const n = (value as { n?: unknown }).n;
  if (typeof n !== 'string' || !/^-?\d{1,38}(\.\d{1,38})?([eE][+-]?\d{1,3})?$/.test(n)) return false;
  const digits = n
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return digits.length <= 38 && inDynamoRange(Number(n));
}

/**
 * DynamoDB's own refusal of a start key (a shape the checks above let through) is still the client's
 * bad cursor: a 400.
 */
export function isBadStartKey(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException';
}
