import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { seedDemo } from '../../infra/local/seed.ts';
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
});
