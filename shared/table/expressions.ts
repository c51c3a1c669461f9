/**
 * The expression shapes the adapters keep needing (an item exists or not, one partition of an index,
 * SET/ADD/REMOVE updates), built from names.ts so that no adapter spells a key attribute or a
 * placeholder for one by hand.
 */
import { keySchema } from './definition.ts';
import { ATTR, type IndexName } from './names.ts';

export type Names = Record<string, string>;
export type Values = Record<string, unknown>;

/** Every item has its key, so the partition key stands for the item. */
export const ITEM_EXISTS = `attribute_exists(${ATTR.pk})`;
export const ITEM_ABSENT = `attribute_not_exists(${ATTR.pk})`;

/** A condition expression with the placeholders it uses. */
export interface Condition {
  expression: string;
  names?: Names;
  values?: Values;
}

/**
 * Absent, or present only because TTL deletes late (or never, on DynamoDB Local): an item whose TTL has
 * passed at `nowSeconds` counts as gone.
 */
export function absentOrExpired(nowSeconds: number): Condition {
  return {
    expression: `${ITEM_ABSENT} OR #${ATTR.ttl} <= :now`,
    names: { [`#${ATTR.ttl}`]: ATTR.ttl },
    values: { ':now': nowSeconds },
  };
}

/** A condition as the ConditionExpression and placeholder fields of a Put, Update or Delete. */
export function conditionInput(condition: Condition | string) {
  const c = typeof condition === 'string' ? { expression: condition } : condition;
  return {
    ConditionExpression: c.expression,
    ...(c.names && Object.keys(c.names).length > 0 ? { ExpressionAttributeNames: c.names } : {}),
    ...(c.values && Object.keys(c.values).length > 0 ? { ExpressionAttributeValues: c.values } : {}),
  };
}

export interface Changes {
  set?: Values;
  add?: Record<string, number>;
  remove?: readonly string[];
}

/**
 * UpdateItem's expression and placeholders for `changes`, with `condition` merged in. Each changed
 * attribute `a` is written as `#a` (so reserved words such as name, status or type need no care) with
 * the value `:a`; a condition must therefore use other value placeholders, and a clash throws rather
 * than silently comparing against the new value.
 */
export function updateInput(changes: Changes, condition?: Condition | string) {
  const names: Names = {};
  const values: Values = {};
  const name = (attribute: string) => {
    // DynamoDB takes only alphanumerics after the placeholder's # and :.
    if (!/^[A-Za-z0-9]+$/.test(attribute)) throw new Error(`No placeholder for attribute "${attribute}".`);
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  const value = (attribute: string, v: unknown) => {
    values[`:${attribute}`] = v;
    return `:${attribute}`;
  };
  const clauses = [
    ['SET', Object.entries(changes.set ?? {}).map(([a, v]) => `${name(a)} = ${value(a, v)}`)],
    ['ADD', Object.entries(changes.add ?? {}).map(([a, v]) => `${name(a)} ${value(a, v)}`)],
    ['REMOVE', (changes.remove ?? []).map(name)],
  ] as const;
  const UpdateExpression = clauses
    .filter(([, parts]) => parts.length > 0)
    .map(([verb, parts]) => `${verb} ${parts.join(', ')}`)
    .join(' ');
  if (UpdateExpression === '') throw new Error('An update needs at least one change.');

  const c =
    condition === undefined
      ? undefined
      : typeof condition === 'string'
        ? { expression: condition }
        : condition;
  for (const [placeholder, attribute] of Object.entries(c?.names ?? {})) {
    if (names[placeholder] !== undefined && names[placeholder] !== attribute) {
      throw new Error(`Placeholder ${placeholder} names both ${names[placeholder]} and ${attribute}.`);
    }
    names[placeholder] = attribute;
  }
  for (const [placeholder, v] of Object.entries(c?.values ?? {})) {
    if (placeholder in values) throw new Error(`Placeholder ${placeholder} is taken by the update.`);
    values[placeholder] = v;
  }
  return {
    UpdateExpression,
    ...(c ? { ConditionExpression: c.expression } : {}),
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

/**
 * The IndexName and key condition of a Query on one partition of `index` (the table when omitted),
 * optionally narrowed to sort keys beginning with `sortPrefix`. It takes the value placeholders `:pk`
 * and `:skPrefix`; a caller adding a filter spreads ExpressionAttributeValues and adds its own.
 */
export function partitionQuery(where: {
  index?: IndexName;
  partition: string;
  sortPrefix?: string;
  /** A numeric sort key's lower bound (placeholder `:atLeast`): a threshold that costs no filtering. */
  atLeast?: number;
  /** A sort key range, both ends included (placeholders `:from`, `:to`). */
  between?: readonly [string, string];
}) {
  const { partition, sort } = keySchema(where.index);
  const values: Values = { ':pk': where.partition };
  let condition = `${partition} = :pk`;
  if (where.sortPrefix !== undefined) {
    values[':skPrefix'] = where.sortPrefix;
    condition += ` AND begins_with(${sort}, :skPrefix)`;
  } else if (where.between !== undefined) {
    values[':from'] = where.between[0];
    values[':to'] = where.between[1];
    condition += ` AND ${sort} BETWEEN :from AND :to`;
  } else if (where.atLeast !== undefined) {
    values[':atLeast'] = where.atLeast;
    condition += ` AND ${sort} >= :atLeast`;
  }
  return {
    ...(where.index ? { IndexName: where.index } : {}),
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
  };
}
