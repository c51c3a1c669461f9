/**
 * Guards the rule that table names are spelled only in shared/table/: adapters and the CDK stack that
 * retype an attribute, index or key prefix would silently disagree with the table after a rename.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ATTR, INDEX, PARTITION, PREFIX } from './names.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Source files under `dir`, tests excluded: their fixtures may spell keys on purpose. */
function sources(dir: string, recursive: boolean): string[] {
  return readdirSync(join(root, dir), { recursive })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const quote = `['"\`]`;
const keyAttributes = [ATTR.pk, ATTR.sk, ATTR.gsi1pk, ATTR.gsi1sk, ATTR.topPk, ATTR.trendPk]
  .map(escape)
  .join('|');

const RAW: [string, RegExp][] = [
  [
    'a quoted attribute or index name',
    new RegExp(
      `${quote}#?(${[...Object.values(ATTR), ...Object.values(INDEX)].map(escape).join('|')})${quote}`,
    ),
  ],
  ['a literal IndexName', new RegExp(`IndexName:\\s*${quote}`)],
  [
    'a key attribute in an expression',
    new RegExp(
      `\\b(${keyAttributes})\\s*(=|<|>)\\s*:|(attribute_(not_)?exists|begins_with)\\((${keyAttributes})\\b`,
    ),
  ],
  ['a quoted key prefix', new RegExp(`${quote}(${Object.values(PREFIX).map(escape).join('|')})`)],
  [
    'a quoted fixed partition',
    new RegExp(`${quote}(${Object.values(PARTITION).map(escape).join('|')})${quote}`),
  ],
];

describe('table names outside shared/table', () => {
  const files = [...sources('shared/adapters/dynamodb', false), ...sources('infra', true)];

  it('finds the files it guards', () => {
    expect(files).toContain(join('shared/adapters/dynamodb', 'post-store.ts'));
    expect(files).toContain('infra/hearth-stack.ts');
  });

  it('are imported from shared/table, never retyped', () => {
    const found: string[] = [];
    for (const file of files) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Comments may describe key formats; only code can retype them.
          if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
          for (const [what, pattern] of RAW) {
            if (pattern.test(line)) found.push(`${file}:${i + 1}: ${what}: ${line.trim()}`);
          }
        });
    }
    expect(found).toEqual([]);
  });

  it('would catch the literals it is meant to', () => {
    const caught = (line: string) => RAW.some(([, pattern]) => pattern.test(line));
    for (const line of [
      "IndexName: 'gsi1',",
      "ExpressionAttributeNames: { '#ttl': 'ttl' },",
      "KeyConditionExpression: 'gsi1pk = :p',",
      "ConditionExpression: 'attribute_not_exists(pk)',",
      "const SESSION_KEYS = 'SESSION#*';",
      'pk: `POST#${id}`,',
      "index: 'byVotes'",
    ]) {
      expect(caught(line), line).toBe(true);
    }
    expect(caught("UpdateExpression: 'ADD hits :one',")).toBe(false);
    expect(caught("ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',")).toBe(false);
  });
});
