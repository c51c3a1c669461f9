/**
 * Many posts fast, for scale tests: the same items the post store writes (post and list entries, built
 * by the store's own item builders), put with BatchWriteItem instead of one transaction per post.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import type { Post, PostStatus } from '../../shared/domain/types.ts';
import { voteWeight } from '../../shared/domain/trend.ts';
import { postItem } from '../../shared/adapters/dynamodb/post-store.ts';
import { entryItems } from '../../shared/adapters/dynamodb/list-entries.ts';
import type { Db } from '../../shared/adapters/dynamodb/client.ts';

const STATUSES: PostStatus[] = ['open', 'under_review', 'planned', 'in_progress', 'shipped', 'declined'];

export async function bulkPosts(db: Db, boardSlug: string, count: number, authorId: string): Promise<void> {
  const ulid = monotonicFactory();
  const start = Date.now() - count * 60_000;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    const post: Post = {
      id: ulid(Date.parse(at)),
      boardSlug,
      kind: 'idea',
      title: `Bulk idea ${i}`,
      body: '',
      status: STATUSES[i % STATUSES.length] ?? 'open',
      authorId,
      authorName: 'Bulk',
      voteCount: i % 50,
      trendScore: (i % 50) * voteWeight(at),
      // Demand as the votes would have left it: some companies, each paying something.
      demandCompanies: i % 7,
      demandMrr: (i % 7) * ((i * 37) % 1000),
      commentCount: 0,
      tags: i % 4 === 0 ? ['bulk'] : [],
      rev: 0,
      voteSeq: 0,
      ...(i % STATUSES.length === 4 ? { shippedAt: at } : {}),
      createdAt: at,
      updatedAt: at,
    };
    items.push(postItem(post), ...entryItems(post));
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) {
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [db.tableName]: batch.map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length > 0) {
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
