import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { bulkPosts } from '../setup/bulk-posts.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

/**
 * The claim under test: a list page costs the same DynamoDB requests on a board of 100 posts and on
 * one of 5,000, for every sort and filter, because each list is one Query on an index.
 */
describe('list pages at scale', () => {
  it('cost the same requests at 100 and at 5,000 posts, for every sort and filter', async () => {
    const staff = await aUser(t, { role: 'staff' });
    await t.services.boards.putTag(as(staff), { slug: 'bulk', name: 'Bulk' });
    const viewer = await aUser(t);
    const small = await aBoard(t);
    const large = await aBoard(t);
    await bulkPosts(t.db, small.slug, 100, staff.id);
    await bulkPosts(t.db, large.slug, 5_000, staff.id);

    const views = [
      {},
      { sort: 'top' },
      { sort: 'new' },
      { status: 'planned' },
      { tag: 'bulk', sort: 'top' },
      { kind: 'idea', sort: 'new' },
      { status: 'shipped', tag: 'bulk' },
    ];
    for (const view of views) {
      const cost = async (slug: string) => {
        t.requests.clear();
        const page = await t.services.posts.list(as(viewer), slug, { ...view, limit: 20 });
        return { requests: Object.fromEntries(t.requests), page };
      };
      const [a, b] = [await cost(small.slug), await cost(large.slug)];
      expect(b.requests, JSON.stringify(view)).toEqual(a.requests);
      expect(a.requests).toEqual({ GetItem: 1, Query: 1, BatchGetItem: 2 });
      expect(b.page.posts.length).toBeGreaterThan(0);
    }

    // Staff's demand orders and thresholds: the board's own list, in its demand indexes.
    const demandViews = [
      { sort: 'mrr' },
      { sort: 'companies' },
      { sort: 'mrr', minMrr: 500 },
      { sort: 'companies', minCompanies: 3, status: 'open' },
      { sort: 'new', minMrr: 1 },
    ];
    for (const view of demandViews) {
      const cost = async (slug: string) => {
        t.requests.clear();
        const page = await t.services.posts.list(as(staff), slug, { ...view, limit: 20 });
        return { requests: Object.fromEntries(t.requests), page };
      };
      const [a, b] = [await cost(small.slug), await cost(large.slug)];
      const full: Record<string, number> = { GetItem: 1, Query: 1, BatchGetItem: 2 };
      if ('status' in view) {
        // A residual filter may leave a page short, even empty (then no posts are batch-read: which
        // entries tie at the top of the index differs run to run), never costlier.
        for (const { requests } of [a, b]) {
          expect(requests.Query, JSON.stringify(view)).toBe(1);
          for (const [op, n] of Object.entries(requests)) expect(n, op).toBeLessThanOrEqual(full[op] ?? 0);
        }
      } else {
        expect(b.requests, JSON.stringify(view)).toEqual(a.requests);
        expect(a.requests).toEqual(full);
      }
      const figures = b.page.posts.map((p) => p.demand ?? { mrr: -1, companies: -1 });
      // A residual filter may leave a page short (domain/lists.ts), never costlier.
      if (!('status' in view)) expect(figures.length, JSON.stringify(view)).toBeGreaterThan(0);
      if (view.sort === 'mrr') {
        expect(figures.map((f) => f.mrr)).toEqual(figures.map((f) => f.mrr).toSorted((x, y) => y - x));
      }
      if (view.sort === 'companies') {
        expect(figures.map((f) => f.companies)).toEqual(
          figures.map((f) => f.companies).toSorted((x, y) => y - x),
        );
      }
      for (const f of figures) {
        expect(f.mrr).toBeGreaterThanOrEqual(view.minMrr ?? 0);
        expect(f.companies).toBeGreaterThanOrEqual(view.minCompanies ?? 0);
      }
    }

    // The second page of the largest list costs the same as the first.
    const first = await t.services.posts.list(ANONYMOUS, large.slug, { sort: 'top', limit: 20 });
    t.requests.clear();
    const second = await t.services.posts.list(ANONYMOUS, large.slug, {
      sort: 'top',
      limit: 20,
      cursor: first.nextCursor,
    });
    expect(Object.fromEntries(t.requests)).toEqual({ GetItem: 1, Query: 1, BatchGetItem: 1 });
    expect(second.posts[0]?.voteCount).toBeLessThanOrEqual(first.posts.at(-1)?.voteCount ?? 0);
    expect(new Set([...first.posts, ...second.posts].map((p) => p.id)).size).toBe(40);
  }, 300_000);
});
