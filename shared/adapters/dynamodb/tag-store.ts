/** Tags in DynamoDB: one small partition, read whole (a site has tens of tags, not thousands). */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Tag } from '../../domain/types.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import type { TagStore } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { queryAll } from './query-all.ts';

export class DynamoTagStore implements TagStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<Tag[]> {
    const items = await queryAll(this.db, partitionQuery({ partition: keys.tagPartition }));
    return items.map(toTag);
  }

  async get(slug: string): Promise<Tag | null> {
    const out = await this.db.doc.send(new GetCommand({ TableName: this.db.tableName, Key: keys.tag(slug) }));
    return out.Item ? toTag(out.Item) : null;
  }

  async put(tag: Tag): Promise<void> {
    await this.db.doc.send(
      new PutCommand({ TableName: this.db.tableName, Item: { ...keys.tag(tag.slug), type: 'tag', ...tag } }),
    );
  }
}

const toTag = (item: Record<string, unknown>): Tag => ({
  slug: item.slug as string,
  name: item.name as string,
  color: item.color as string,
});
