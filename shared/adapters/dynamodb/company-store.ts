/** Companies in DynamoDB: one item each, listed by name through gsi1 under a fixed partition. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { COMPANY_SOURCES } from '../../domain/records.ts';
import type { Company } from '../../domain/types.ts';
import { ITEM_ABSENT } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { INDEX } from '../../table/names.ts';
import type { CompanyStore, Page, StoredCompany } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { batchGetAll, queryPage } from './query-page.ts';

export class DynamoCompanyStore implements CompanyStore {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<StoredCompany | null> {
    const out = await this.db.doc.send(
      new GetCommand({ TableName: this.db.tableName, Key: keys.company(id), ConsistentRead: true }),
    );
    return out.Item ? { company: toCompany(out.Item), version: Number(out.Item.version ?? 0) } : null;
  }

  async getMany(ids: readonly string[]): Promise<Company[]> {
    const items = await batchGetAll(
      this.db,
      [...new Set(ids)].map((id) => keys.company(id)),
    );
    return items.map(toCompany);
  }

  async put(company: Company, expectedVersion: number | null): Promise<boolean> {
    try {
      await this.db.doc.send(
        new PutCommand({
          TableName: this.db.tableName,
          Item: {
            ...keys.company(company.id),
            ...keys.companyListEntry(company.name, company.id),
            type: 'company',
            ...company,
            version: (expectedVersion ?? 0) + 1,
          },
          ...(expectedVersion === null
            ? { ConditionExpression: ITEM_ABSENT }
            : {
                ConditionExpression: 'version = :version',
                ExpressionAttributeValues: { ':version': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  list(limit: number, cursor?: string): Promise<Page<Company>> {
    return queryPage(
      this.db,
      { index: INDEX.gsi1, partition: keys.companyList().gsi1pk },
      { limit, cursor, newestFirst: false },
      toCompany,
    );
  }
}

export function toCompany(item: Record<string, unknown>): Company {
  const source = COMPANY_SOURCES.find((s) => s === item.source) ?? 'api';
  return {
    id: item.id as string,
    name: item.name as string,
    ...(typeof item.mrr === 'number' ? { mrr: item.mrr } : {}),
    ...(typeof item.plan === 'string' ? { plan: item.plan } : {}),
    ...(typeof item.owner === 'string' ? { owner: item.owner } : {}),
    updatedAt: item.updatedAt as string,
    source,
  };
}
