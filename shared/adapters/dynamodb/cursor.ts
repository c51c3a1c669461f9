/**
 * Pagination cursors. Clients get an opaque token, never a raw key; a token that was tampered with or
 * belongs to another list is a 400, not a DynamoDB error surfacing as a 500.
 */
import { ValidationError } from '../../domain/errors.ts';

type KeyValue = string | number;
export type StartKey = Record<string, KeyValue>;

export function encodeCursor(
  lastKey: Record<string, unknown> | undefined,
  attributes: readonly string[],
): string | null {
  if (!lastKey) return null;
  return Buffer.from(JSON.stringify(attributes.map((a) => lastKey[a]))).toString('base64url');
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
    if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
    key[attribute] = value;
  });
  if (key[partition.attribute] !== partition.value) throw invalid();
  return key;
}
