/**
 * The one definition of Hearth's DynamoDB table. CDK (infra/), local start-up and the tests all build
 * the table from this, so the three can never disagree about keys or indexes.
 */
import { ATTR, INDEX, type IndexName } from './names.ts';

export type KeyType = 'S' | 'N';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /**
   * The attributes copied into the index besides the keys; absent means all. An index that copies only
   * what its readers need is not rewritten when another attribute of its items changes.
   */
  include?: readonly string[];
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  timeToLiveAttribute: string;
}

/** What a list page and its residual filters read from an entry (post-store.ts, list()). */
const ENTRY_FILTER_ATTRIBUTES = ['postId', 'status', 'kind', 'tags'];

export const TABLE: TableDefinition = {
  partitionKey: { name: ATTR.pk, type: 'S' },
  sortKey: { name: ATTR.sk, type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: INDEX.gsi1,
      partitionKey: { name: ATTR.gsi1pk, type: 'S' },
      sortKey: { name: ATTR.gsi1sk, type: 'S' },
    },
    {
      indexName: INDEX.byVotes,
      partitionKey: { name: ATTR.topPk, type: 'S' },
      sortKey: { name: ATTR.voteCount, type: 'N' },
    },
    {
      indexName: INDEX.byTrend,
      partitionKey: { name: ATTR.trendPk, type: 'S' },
      sortKey: { name: ATTR.trendScore, type: 'N' },
    },
    // Read by staff only, and changed only when a company first backs a post or last leaves it: they copy
    // what a page and its residual filters read, so a vote that leaves demand as it was writes neither.
    // (A deployed table takes one new index per deployment: see README, "Deploying".)
    {
      indexName: INDEX.byMrr,
      partitionKey: { name: ATTR.mrrPk, type: 'S' },
      sortKey: { name: ATTR.demandMrr, type: 'N' },
      include: [...ENTRY_FILTER_ATTRIBUTES, ATTR.demandCompanies],
    },
    {
      indexName: INDEX.byCompanies,
      partitionKey: { name: ATTR.companiesPk, type: 'S' },
      sortKey: { name: ATTR.demandCompanies, type: 'N' },
      include: [...ENTRY_FILTER_ATTRIBUTES, ATTR.demandMrr],
    },
  ],
  timeToLiveAttribute: ATTR.ttl,
};

/** The partition and sort key attributes of an index, or of the table itself when `index` is omitted. */
export function keySchema(index?: IndexName): { partition: string; sort: string } {
  if (index === undefined) return { partition: TABLE.partitionKey.name, sort: TABLE.sortKey.name };
  const found = TABLE.globalSecondaryIndexes.find((i) => i.indexName === index);
  if (!found) throw new Error(`Index ${index} is not in the table definition.`);
  return { partition: found.partitionKey.name, sort: found.sortKey.name };
}

/**
 * The attributes of a LastEvaluatedKey from a Query on `index` (or the table), partition first: an
 * index's page ends at an index key plus the table key that makes it unique.
 */
export function startKeyAttributes(index?: IndexName): string[] {
  const own = keySchema(index);
  const table = keySchema();
  return index === undefined
    ? [table.partition, table.sort]
    : [own.partition, own.sort, table.partition, table.sort];
}
