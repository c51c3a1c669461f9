import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import {
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

describe('posting', () => {
  it('creates an open post carrying its author’s vote, trimmed', async () => {
    const board = await aBoard(t);
    const author = await aUser(t, { name: 'Ada' });
    const post = await t.services.posts.create(as(author), board.slug, {
      title: '  Dark mode  ',
      body: 'Please',
    });
    expect(post).toMatchObject({
      title: 'Dark mode',
      body: 'Please',
      status: 'open',
      voteCount: 1,
      authorName: 'Ada',
      kind: 'idea',
    });
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.post.title).toBe('Dark mode');
    expect(detail.comments).toEqual([]);
    expect((await t.services.posts.get(as(author), post.id)).post.viewerHasVoted).toBe(true);
    expect((await t.services.posts.get(as(author), post.id)).following).toBe(true);
  });

  it('answers each invalid field with its own message', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const error = await t.services.posts
      .create(as(author), board.slug, { title: 'ab', body: 'x'.repeat(10_001), kind: 'rant' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual(['body', 'kind', 'title']);
  });

  it('takes the board’s kind when none is given, and refuses control characters in titles', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const author = await aUser(t);
    const post = await t.services.posts.create(as(author), board.slug, { title: 'How do I export?' });
    expect(post.kind).toBe('question');
    const error = await t.services.posts
      .create(as(author), board.slug, { title: 'Bell \u0007 in title' })
      .catch((e: unknown) => e);
    expect((error as ValidationError).fields.title).toMatch(/control characters/);
  });

  it('refuses a kind the board does not take, anonymous authors and unknown boards', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const author = await aUser(t);
    await expect(
      t.services.posts.create(as(author), board.slug, { title: 'An idea here', kind: 'idea' }),
    ).rejects.toThrow(ValidationError);
    await expect(t.services.posts.create(ANONYMOUS, board.slug, { title: 'An idea here' })).rejects.toThrow(
      UnauthenticatedError,
    );
    await expect(
      t.services.posts.create(as(author), 'no-such-board', { title: 'An idea here' }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe('posting limits', () => {
  it('stops a person after 10 posts an hour, per person and per address, with a retry time', async () => {
    const board = await aBoard(t);
    const [spammer, neighbour] = [await aUser(t), await aUser(t)];
    const from = (user: typeof spammer, ip: string) => ({ ...as(user), ip });
    for (let i = 0; i < 10; i++)
      await t.services.posts.create(from(spammer, '203.0.113.50'), board.slug, { title: `Spam number ${i}` });
    const error = await t.services.posts
      .create(from(spammer, '203.0.113.51'), board.slug, { title: 'Spam number 11' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    // Someone else on the first address has room left (its limit is 30 an hour).
    await expect(
      t.services.posts.create(from(neighbour, '203.0.113.50'), board.slug, { title: 'A real idea' }),
    ).resolves.toMatchObject({ title: 'A real idea' });
  });
});

describe('board lists', () => {
  it('sorts by votes (top) and by age (new), and pages through everything with opaque cursors', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const voters = await Promise.all(Array.from({ length: 5 }, () => aUser(t)));
    const posts = [];
    for (let i = 0; i < 7; i++)
      posts.push(await t.services.posts.create(as(author), board.slug, { title: `Idea number ${i}` }));
    // Post i gets min(i, 5) votes besides its author's.
    for (const [i, post] of posts.entries()) {
      for (const voter of voters.slice(0, i)) await t.services.votes.vote(as(voter), post.id);
    }

    const top = await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'top', limit: 100 });
    const counts = top.posts.map((p) => p.voteCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts[0]).toBe(6);

    const newest = await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'new', limit: 100 });
    expect(newest.posts.map((p) => p.title)).toEqual([...posts].reverse().map((p) => p.title));

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'top', limit: '3', cursor });
      expect(page.posts.length).toBeLessThanOrEqual(3);
      seen.push(...page.posts.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);
  });

  it('rejects bad sorts, limits and cursors from other lists as validation errors', async () => {
    const [a, b] = [await aBoard(t), await aBoard(t)];
    const author = await aUser(t);
    for (let i = 0; i < 3; i++)
      await t.services.posts.create(as(author), a.slug, { title: `Idea number ${i}` });
    const page = await t.services.posts.list(ANONYMOUS, a.slug, { limit: 1 });
    expect(page.nextCursor).toBeTruthy();
    await expect(t.services.posts.list(ANONYMOUS, b.slug, { cursor: page.nextCursor })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      t.services.posts.list(ANONYMOUS, a.slug, { sort: 'new', cursor: page.nextCursor }),
    ).rejects.toThrow(ValidationError);
    await expect(t.services.posts.list(ANONYMOUS, a.slug, { sort: 'hot' })).rejects.toThrow(ValidationError);
    await expect(t.services.posts.list(ANONYMOUS, a.slug, { status: 'done' })).rejects.toThrow(
      ValidationError,
    );
    await expect(t.services.posts.list(ANONYMOUS, a.slug, { tag: 'Bad Tag' })).rejects.toThrow(
      ValidationError,
    );
    await expect(t.services.posts.list(ANONYMOUS, a.slug, { limit: 1000 })).rejects.toThrow(ValidationError);
    await expect(t.services.posts.list(ANONYMOUS, a.slug, { cursor: 'bm9wZQ' })).rejects.toThrow(
      ValidationError,
    );
  });

  it('ranks trending by recent votes: fresh votes outweigh older, more numerous ones', async () => {
    let now = Date.parse('2026-11-01T12:00:00Z');
    const clock = { now: () => new Date(now) };
    const tt = await createTestTable({ clock });
    try {
      const board = await aBoard(tt);
      const author = await aUser(tt);
      const voters = await Promise.all(Array.from({ length: 6 }, () => aUser(tt)));
      const old = await tt.services.posts.create(as(author), board.slug, { title: 'Popular last month' });
      for (const v of voters.slice(0, 5)) await tt.services.votes.vote(as(v), old.id);
      now += 14 * 86_400_000; // two weeks later: those votes have lost most of their pull
      const fresh = await tt.services.posts.create(as(author), board.slug, { title: 'Hot this week' });
      for (const v of voters.slice(0, 2)) await tt.services.votes.vote(as(v), fresh.id);

      const top = await tt.services.posts.list(ANONYMOUS, board.slug, { sort: 'top' });
      expect(top.posts.map((p) => p.title)).toEqual(['Popular last month', 'Hot this week']);
      const trending = await tt.services.posts.list(ANONYMOUS, board.slug, { sort: 'trending' });
      expect(trending.posts.map((p) => p.title)).toEqual(['Hot this week', 'Popular last month']);
    } finally {
      await tt.drop();
    }
  });

  it('filters by status, kind and tag, alone and combined', async () => {
    const board = await aBoard(t, { kinds: ['idea', 'question'] });
    const [author, staff] = [await aUser(t), await aUser(t, { role: 'staff' })];
    await t.services.boards.putTag(as(staff), { slug: 'mobile', name: 'Mobile' });
    const a = await t.services.posts.create(as(author), board.slug, { title: 'Planned mobile idea' });
    const b = await t.services.posts.create(as(author), board.slug, {
      title: 'Open mobile question',
      kind: 'question',
    });
    const c = await t.services.posts.create(as(author), board.slug, { title: 'Planned plain idea' });
    await t.services.posts.changeStatus(as(staff), a.id, { status: 'planned' });
    await t.services.posts.changeStatus(as(staff), c.id, { status: 'planned' });
    await t.services.posts.setTags(as(staff), a.id, { tags: ['mobile'] });
    await t.services.posts.setTags(as(staff), b.id, { tags: ['mobile'] });
    const titles = async (query: Record<string, string>) =>
      (await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'new', ...query })).posts
        .map((p) => p.title)
        .sort();
    expect(await titles({ status: 'planned' })).toEqual(['Planned mobile idea', 'Planned plain idea']);
    expect(await titles({ kind: 'question' })).toEqual(['Open mobile question']);
    expect(await titles({ tag: 'mobile' })).toEqual(['Open mobile question', 'Planned mobile idea']);
    expect(await titles({ tag: 'mobile', status: 'planned' })).toEqual(['Planned mobile idea']);
    expect(await titles({ status: 'planned', kind: 'question' })).toEqual([]);
    expect(await titles({ status: '' })).toHaveLength(3);
  });

  it('costs the same DynamoDB requests for a page whatever the board size', async () => {
    const viewer = await aUser(t);
    const requestsForPage = async (postCount: number) => {
      const board = await aBoard(t);
      // Several authors: one person may post only so often (rate limits).
      const authors = await Promise.all(Array.from({ length: Math.ceil(postCount / 5) }, () => aUser(t)));
      for (let i = 0; i < postCount; i++) {
        const author = authors[Math.floor(i / 5)] ?? authors[0];
        if (author) await t.services.posts.create(as(author), board.slug, { title: `Idea number ${i}` });
      }
      t.requests.clear();
      await t.services.posts.list(as(viewer), board.slug, { sort: 'top', limit: 20 });
      return Object.fromEntries(t.requests);
    };
    const small = await requestsForPage(3);
    const large = await requestsForPage(30);
    // The board, the list's index, the posts, and whether the viewer voted on them.
    expect(small).toEqual({ GetItem: 1, Query: 1, BatchGetItem: 2 });
    expect(large).toEqual(small);
  });
});
