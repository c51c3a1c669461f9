import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { seedDemo } from '../../infra/local/seed.ts';
import {
  DEMO_CUSTOMER,
  DEMO_MARKETER,
  DEMO_QUIET_COMPANIES,
  DEMO_SALES,
  DEMO_VOTERS,
} from '../../shared/demo/identities.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
let runtime: Runtime;
beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime({ secureCookies: false, localMode: true });
});
afterAll(() => t.drop());

describe('demo seed', () => {
  it('seeds boards, ideas in several statuses, votes and comments once', async () => {
    expect(await seedDemo(runtime)).toBe(true);
    expect(await seedDemo(runtime)).toBe(false);
    const boards = await t.services.boards.list(ANONYMOUS);
    expect(boards.map((b) => b.slug)).toContain('feature-requests');
    const { posts } = await t.services.posts.list(ANONYMOUS, 'feature-requests', { limit: 100 });
    expect(new Set(posts.map((p) => p.status)).size).toBeGreaterThanOrEqual(5);
    expect(posts.reduce((n, p) => n + p.voteCount, 0)).toBeGreaterThan(10);
    expect(posts.some((p) => p.commentCount > 0)).toBe(true);
    const first = posts[0];
    if (!first) throw new Error('no posts');
    const detail = await t.services.posts.get(ANONYMOUS, first.id);
    expect(detail.comments).toHaveLength(first.commentCount);
    expect(posts).toHaveLength(6);
  });

  it('seeds staff for sales and marketing, and customers who belong to owned companies', async () => {
    await seedDemo(runtime); // Already seeded by the test above when run together: a no-op then.
    for (const claims of [DEMO_SALES, DEMO_MARKETER]) {
      expect(await t.stores.users.findByEmail(claims.email)).toMatchObject({
        name: claims.name,
        role: 'staff',
      });
    }
    const { items: companies } = await t.stores.companies.list(100);
    // Every demo company, quiet ones included, with MRR, a plan and the sales rep as owner.
    expect(companies.length).toBeGreaterThanOrEqual(6 + DEMO_QUIET_COMPANIES.length);
    for (const company of companies) {
      expect(company).toMatchObject({
        mrr: expect.any(Number),
        plan: expect.any(String),
        owner: DEMO_SALES.email,
      });
    }
    const mrrs = companies.map((c) => c.mrr ?? 0);
    expect(Math.min(...mrrs)).toBeLessThan(1_000);
    expect(Math.max(...mrrs)).toBeGreaterThan(15_000);
    expect(companies.find((c) => c.id === 'acme-logistics')).toMatchObject({
      name: 'Acme Logistics',
      source: 'sso',
    });

    const customers = await Promise.all(
      [DEMO_CUSTOMER, ...DEMO_VOTERS].map((claims) => t.stores.users.findByEmail(claims.email)),
    );
    const ids = new Set(companies.map((c) => c.id));
    for (const customer of customers) expect(ids.has(customer?.companyId ?? '')).toBe(true);
    // Two people of one company, so demand can show a company counted once.
    const perCompany = new Map<string, number>();
    for (const c of customers)
      perCompany.set(c?.companyId ?? '', (perCompany.get(c?.companyId ?? '') ?? 0) + 1);
    expect(perCompany.get('acme-logistics')).toBeGreaterThanOrEqual(2);

    // Votes keep their voter's company, as VoteService records it.
    const { posts } = await t.services.posts.list(ANONYMOUS, 'feature-requests', { limit: 100 });
    const { items: votes } = await t.stores.votes.listByPost(posts[0]?.id ?? '', 100);
    expect(votes.length).toBeGreaterThan(1);
    for (const vote of votes) expect(ids.has(vote.companyId ?? '')).toBe(true);

    // Every demo post's demand is what its votes say: distinct companies, each one's MRR once.
    const mrrOf = new Map(companies.map((c) => [c.id, c.mrr ?? 0]));
    for (const post of posts) {
      const { items } = await t.stores.votes.listByPost(post.id, 100);
      const backing = new Set(items.flatMap((v) => (v.companyId ? [v.companyId] : [])));
      const stored = await t.stores.posts.get(post.id);
      expect({ companies: stored?.demandCompanies ?? 0, mrr: stored?.demandMrr ?? 0 }, post.title).toEqual({
        companies: backing.size,
        mrr: [...backing].reduce((sum, id) => sum + (mrrOf.get(id) ?? 0), 0),
      });
    }
  });

  it('seeds success stories under several consents, each step in their audit trail', async () => {
    await seedDemo(runtime);
    const marketer = await t.stores.users.findByEmail(DEMO_MARKETER.email);
    if (!marketer) throw new Error('no marketer');
    const staff = { kind: 'user' as const, user: marketer };
    const { stories } = await t.services.stories.workspace(staff, { limit: 100 });
    expect(stories.map((s) => s.story?.consent?.level).sort()).toEqual([
      'anonymous',
      'first_name_role',
      'internal',
      'name_company_logo',
    ]);
    expect(stories.find((s) => s.story?.consent?.level === 'first_name_role')?.story?.proposal?.state).toBe(
      'proposed',
    );
    // The wall: the two featured stories with approved quotes, one of them with its disclosure.
    const wall = await t.services.stories.wall(ANONYMOUS, {});
    expect(wall.stories.map((s) => s.story?.attribution?.byline).sort()).toEqual([
      'A customer',
      'Casey Customer, Operations lead, Acme Logistics',
    ]);
    expect(wall.stories.some((s) => s.story?.disclosure)).toBe(true);
    const featured = stories.find((s) => s.story?.consent?.level === 'name_company_logo');
    const trail = await t.services.stories.auditTrail(staff, featured?.id ?? '');
    expect(trail.map((e) => e.action)).toEqual([
      'story_posted',
      'quote_proposed',
      'quote_approved',
      'featured',
      'note_changed',
      'incentive_recorded',
    ]);
  });
});
