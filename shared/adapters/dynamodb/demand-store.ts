/**
 * Companies' asks (demand-items.ts): what a company backs, for its page, and repricing when its MRR
 * changes, so that every post's summed MRR stays the sum of its companies' MRR today.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { CompanyAsk, DemandStore, Page } from '../../ports/index.ts';
import { keys } from '../../table/keys.ts';
import { INDEX } from '../../table/names.ts';
import { partitionQuery, updateInput } from '../../table/expressions.ts';
import type { Db } from './client.ts';
import { toBacking } from './demand-items.ts';
import { exactEntryUpdates, voteFigures } from './list-entries.ts';
import { queryPage } from './query-page.ts';
import { queryAll } from './query-all.ts';
import { toPost } from './post-store.ts';
import { transact } from './transact.ts';

/** A backing that a racing vote keeps changing is tried this often, then left to the next reprice. */
const ATTEMPTS = 5;

export class DynamoDemandStore implements DemandStore {
  constructor(private readonly db: Db) {}

  asksOf(companyId: string, limit: number, cursor?: string): Promise<Page<CompanyAsk>> {
    const partition = keys.demandByCompanyPartition(companyId);
    return queryPage(
      this.db,
      { index: INDEX.gsi1, partition },
      { limit, cursor, newestFirst: true },
      toBacking,
    );
  }

  async backersOf(postId: string): Promise<CompanyAsk[]> {
    const items = await queryAll(
      this.db,
      partitionQuery({ partition: keys.postPartition(postId), sortPrefix: keys.demandPrefix }),
    );
    return items.map(toBacking);
  }

  async reprice(companyId: string, mrr: number): Promise<number> {
    // Every ask, not a page: a company backs at most as many posts as its people voted for.
    const asks = await queryAll(
      this.db,
      partitionQuery({ index: INDEX.gsi1, partition: keys.demandByCompanyPartition(companyId) }),
    );
    let changed = 0;
    for (const ask of asks.map(toBacking)) {
      if (await this.repriceOne(ask.postId, companyId, mrr)) changed++;
    }
    return changed;
  }

  /** One post: its backing and its sums in one transaction, on the backing and post as read. */
  private async repriceOne(postId: string, companyId: string, mrr: number): Promise<boolean> {
    const t = this.db.tableName;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const [backingRead, postRead] = await Promise.all([
        this.db.doc.send(
          new GetCommand({ TableName: t, Key: keys.demand(postId, companyId), ConsistentRead: true }),
        ),
        this.db.doc.send(new GetCommand({ TableName: t, Key: keys.post(postId), ConsistentRead: true })),
      ]);
      if (!backingRead.Item || !postRead.Item) return false;
      const backing = toBacking(backingRead.Item);
      const post = toPost(postRead.Item);
      const diff = mrr - backing.mrr;
      if (diff === 0) return false;
      const demand = { companies: 0, mrr: diff };
      const outcome = await transact(this.db, [
        {
          Update: {
            TableName: t,
            Key: keys.demand(postId, companyId),
            ...updateInput({ set: { mrr } }, { expression: 'mrr = :was', values: { ':was': backing.mrr } }),
          },
        },
        {
          Update: {
            TableName: t,
            Key: keys.post(postId),
            // A list change copies the post's figures into its entries only if voteSeq is as it read.
            ...updateInput(
              { add: { ...voteFigures(0, 0, demand), voteSeq: 1 } },
              { expression: '#rev = :wasRev', names: { '#rev': 'rev' }, values: { ':wasRev': post.rev } },
            ),
          },
        },
        ...exactEntryUpdates(t, post, 0, 0, demand),
      ]);
      if (outcome.ok) return true;
    }
    return false;
  }
}
