/**
 * The one definition of Hearth's DynamoDB table. CDK (infra/), local start-up and the tests all build
 * the table from this, so the three can never disagree about keys or indexes.
 */
export type KeyType = 'S' | 'N';

export interface KeyAttribute {
  name: string;
  type: KeyType;
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
}

export interface TableDefinition {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  globalSecondaryIndexes: IndexDefinition[];
  timeToLiveAttribute: string;
}

export const INDEX = {
  /** Overloaded string index: lists by age, a user's posts, votes, comments and follows, boards by slug. */
  gsi1: 'gsi1',
  /** Lists ordered by vote count; the count itself is the numeric sort key. */
  byVotes: 'byVotes',
  /** Lists ordered by trend score (time-weighted votes, see domain/trend.ts). */
  byTrend: 'byTrend',
} as const;

export const TABLE: TableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: INDEX.gsi1,
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
    },
    {
      indexName: INDEX.byVotes,
      partitionKey: { name: 'topPk', type: 'S' },
      sortKey: { name: 'voteCount', type: 'N' },
    },
    {
      indexName: INDEX.byTrend,
      partitionKey: { name: 'trendPk', type: 'S' },
      sortKey: { name: 'trendScore', type: 'N' },
    },
  ],
  timeToLiveAttribute: 'ttl',
};
