import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TABLE } from './definition.ts';
import { keys } from './keys.ts';
import { ATTR, INDEX, PARTITION, PREFIX, leadingKeysPattern } from './names.ts';

const prefixes: string[] = Object.values(PREFIX);
const partitions: string[] = Object.values(PARTITION);
const partitionAttributes = new Set<string>([
  TABLE.partitionKey.name,
  ...TABLE.globalSecondaryIndexes.map((i) => i.partitionKey.name),
]);

/** Every value keys.ts builds, each builder called with sample arguments that cannot look like a prefix. */
function builtKeys(): { builder: string; attribute?: string; value: string }[] {
  const out: { builder: string; attribute?: string; value: string }[] = [];
  for (const [builder, k] of Object.entries(keys)) {
    const result: unknown =
      typeof k === 'function' ? (k as (...args: string[]) => unknown)('a1', 'a2', 'a3') : k;
    if (typeof result === 'string') {
      out.push({ builder, value: result });
    } else {
      for (const [attribute, value] of Object.entries(result as Record<string, unknown>)) {
        out.push({ builder, attribute, value: String(value) });
      }
    }
  }
  return out;
}

describe('table names', () => {
  it('declares every key attribute and index of the table definition', () => {
    const attributes = [
      TABLE.partitionKey,
      TABLE.sortKey,
      ...TABLE.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ].map((a) => a.name);
    expect(Object.values(ATTR)).toEqual(expect.arrayContaining(attributes));
    expect(TABLE.timeToLiveAttribute).toBe(ATTR.ttl);
    expect(TABLE.globalSecondaryIndexes.map((i) => i.indexName).sort()).toEqual(Object.values(INDEX).sort());
  });

  it('gives every prefix its own LeadingKeys pattern: none is the start of another or of a fixed partition', () => {
    for (const p of prefixes) expect(p, p).toMatch(/^[A-Z][A-Z0-9]*#$/);
    const all = [...prefixes, ...partitions];
    expect(new Set(all).size).toBe(all.length);
    const collisions = prefixes.flatMap((p) =>
      all.filter((other) => other !== p && other.startsWith(p)).map((other) => `${p} starts ${other}`),
    );
    expect(collisions).toEqual([]);
    expect(leadingKeysPattern(PREFIX.SESSION)).toBe('SESSION#*');
  });

  it('builds every partition value from a declared prefix or fixed partition', () => {
    const built = builtKeys();
    const partitionValues = built.filter(
      (b) => b.attribute === undefined || partitionAttributes.has(b.attribute),
    );
    expect(partitionValues.length).toBeGreaterThan(20);
    const undeclared = partitionValues.filter(
      (b) => !partitions.includes(b.value) && !prefixes.some((p) => b.value.startsWith(p)),
    );
    expect(undeclared.map((b) => `${b.builder}: ${b.value}`)).toEqual([]);
  });

  it('uses no prefix, in any key it builds or anywhere in its source, that names.ts does not declare', () => {
    const used = new Set<string>();
    for (const { value } of builtKeys()) {
      const leading = /^[A-Z][A-Z0-9]*#/.exec(value)?.[0];
      if (leading) used.add(leading);
    }
    const source = readFileSync(fileURLToPath(new URL('./keys.ts', import.meta.url)), 'utf8');
    for (const match of source.matchAll(/\b[A-Z][A-Z0-9]*#/g)) used.add(match[0]);
    expect([...used].filter((p) => !prefixes.includes(p))).toEqual([]);
  });
});
