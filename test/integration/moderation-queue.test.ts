/** The review queue: held and flagged items oldest first, with flags and author history, and its decisions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { auditLines, MEMBER, rawUser, withheldCount, withStanding } from '../setup/moderation-fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

let staff: User;
beforeAll(async () => (staff = await aUser(t, { role: 'staff' })));

const listed = async (slug: string) =>
  (await t.services.posts.list(ANONYMOUS, slug, {})).posts.map((p) => p.id);

async function queued(postId: string, commentId?: string) {
  const { items } = await t.services.moderation.queue(as(staff), { limit: 50 });
  return items.find((i) => i.target.postId === postId && i.target.commentId === commentId);
}

describe('held posts', () => {
  it('GIVEN a board that holds first posts WHEN a new member posts for the first time THEN the post waits in the queue, and approving publishes it', async () => {
    const board = await aBoard(t, { holdFirstPosts: true });
    const newcomer = await aUser(t);
    const post = await t.services.posts.create(as(newcomer), board.slug, { title: 'Hello there' });
    expect(post.moderation?.state).toBe('held');
    expect(await listed(board.slug)).not.toContain(post.id);
    const item = await queued(post.id);
    expect(item).toMatchObject({
      state: 'held',
      holdReason: 'firstPost',
      authorId: newcomer.id,
      postTitle: 'Hello there',
    });
    expect(item?.author).toMatchObject({ trustLevel: 'new', withheldCount: 0 });

    expect(await t.services.moderation.decide(as(staff), item?.id ?? '', { decision: 'approve' })).toEqual({
      state: 'published',
    });
    expect((await t.stores.posts.get(post.id))?.moderation).toBeUndefined();
    expect(await listed(board.slug)).toContain(post.id);
    // With a post of theirs published, the next is not their first: it goes straight out.
    const second = await t.services.posts.create(as(newcomer), board.slug, { title: 'Another one' });
    expect(second.moderation).toBeUndefined();
    expect(await listed(board.slug)).toContain(second.id);
    expect(await queued(post.id)).toBeUndefined();
    // Decided once: the same id again is gone.
    await expect(
      t.services.moderation.decide(as(staff), item?.id ?? '', { decision: 'approve' }),
    ).rejects.toThrow(NotFoundError);
    const lines = (await auditLines(t)).filter((l) => l.target.postId === post.id);
    expect(lines.map((l) => l.action)).toEqual(['hold', 'approve']);
  });

  it('GIVEN a new member WHEN their post or comment has a link THEN it is held; staff and members with standing are not', async () => {
    const board = await aBoard(t);
    const newcomer = await aUser(t);
    const held = await t.services.posts.create(as(newcomer), board.slug, {
      title: 'Great deals',
      body: 'See https://spam.example for more',
    });
    expect(held.moderation).toMatchObject({ state: 'held' });
    expect((await queued(held.id))?.holdReason).toBe('links');
    const member = await withStanding(t, await aUser(t), MEMBER);
    const fine = await t.services.posts.create(as(member), board.slug, {
      title: 'Docs',
      body: 'As https://docs.example says',
    });
    expect(fine.moderation).toBeUndefined();
    const staffPost = await t.services.posts.create(as(staff), board.slug, {
      title: 'Release notes',
      body: 'https://example.com/notes',
    });
    expect(staffPost.moderation).toBeUndefined();

    const comment = await t.services.comments.create(as(newcomer), fine.id, {
      body: 'www.cheap-watches.example',
    });
    const stored = await t.stores.comments.get(fine.id, comment.id);
    expect(stored).toMatchObject({ hidden: true, moderation: { state: 'held' } });
    expect((await t.stores.posts.get(fine.id))?.commentCount).toBe(0);
    const item = await queued(fine.id, comment.id);
    expect(item).toMatchObject({ state: 'held', holdReason: 'links', body: 'www.cheap-watches.example' });
    await t.services.moderation.decide(as(staff), item?.id ?? '', { decision: 'approve' });
    expect(await t.stores.comments.get(fine.id, comment.id)).toMatchObject({ hidden: false });
    expect((await t.stores.comments.get(fine.id, comment.id))?.moderation).toBeUndefined();
    expect((await t.stores.posts.get(fine.id))?.commentCount).toBe(1);
  });
});

describe('the queue', () => {
  it('GIVEN items queued at different times WHEN staff read the queue THEN the oldest come first, with flags and author history; customers may not read it', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const posts: Post[] = [];
    for (const title of ['First flagged', 'Second flagged', 'Third flagged']) {
      posts.push(await t.services.posts.create(as(author), board.slug, { title }));
    }
    const flagger = await aUser(t);
    for (const post of posts) {
      await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'other', note: 'Odd' });
    }
    const { items } = await t.services.moderation.queue(as(staff), { limit: 50 });
    const ours = items.filter((i) => posts.some((p) => p.id === i.target.postId));
    expect(ours.map((i) => i.postTitle)).toEqual(['First flagged', 'Second flagged', 'Third flagged']);
    const sinces = items.map((i) => i.since);
    expect([...sinces].sort()).toEqual(sinces);
    expect(ours[0]?.flags).toEqual([
      {
        userId: flagger.id,
        userName: flagger.name,
        reason: 'other',
        note: 'Odd',
        weight: 1,
        at: expect.any(String),
      },
    ]);
    expect(ours[0]).toMatchObject({ state: 'flagged', flagWeight: 1, boardSlug: board.slug });
    await expect(t.services.moderation.queue(as(author), {})).rejects.toThrow(ForbiddenError);

    // Paging: two at a time still yields every item once, in order.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.services.moderation.queue(as(staff), { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(items.map((i) => i.id));
  });

  it('GIVEN pages of the queue WHEN it grows THEN a page costs the same requests besides one flags Query per item', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const [flagger, other] = [await aUser(t), await aUser(t)];
    const cost = async () => {
      t.requests.clear();
      const { items } = await t.services.moderation.queue(as(staff), { limit: 5 });
      const count = [...t.requests.values()].reduce((a, b) => a + b, 0);
      return count - items.length;
    };
    for (let i = 0; i < 5; i++) {
      const post = await aStoredPost(t, board.slug, author, { title: `Flag me ${i}` });
      await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'spam' });
    }
    const before = await cost();
    for (let i = 0; i < 8; i++) {
      const post = await aStoredPost(t, board.slug, author, { title: `More ${i}` });
      await t.services.moderation.flag(as(other), { postId: post.id }, { reason: 'spam' });
    }
    expect(await cost()).toBe(before);
    expect(before).toBeLessThanOrEqual(3);
  });
});

describe('decisions', () => {
  it('GIVEN a flagged post WHEN staff agree THEN it is hidden, the flaggers learn agreement and the author’s history counts it', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Rude' });
    const [a, b] = [
      await withStanding(t, await aUser(t), MEMBER),
      await withStanding(t, await aUser(t), MEMBER),
    ];
    await t.services.moderation.flag(as(a), { postId: post.id }, { reason: 'abusive' });
    await t.services.moderation.flag(as(b), { postId: post.id }, { reason: 'abusive' });
    const item = await queued(post.id);
    expect(item?.flagWeight).toBe(4);
    const result = await t.services.moderation.decide(as(staff), item?.id ?? '', {
      decision: 'agree',
      action: 'remove',
      reason: 'Personal attacks',
    });
    expect(result).toEqual({ state: 'removed' });
    const stored = await t.stores.posts.get(post.id);
    expect(stored?.moderation).toMatchObject({
      state: 'removed',
      reason: 'Personal attacks',
      byId: staff.id,
    });
    expect(stored?.flagWeight).toBeUndefined();
    expect(await listed(board.slug)).not.toContain(post.id);
    expect(await rawUser(t, a.id)).toMatchObject({ flagsAgreed: 1 });
    expect(await rawUser(t, b.id)).toMatchObject({ flagsAgreed: 1 });
    expect(await withheldCount(t, author.id)).toBe(1);
    expect(await queued(post.id)).toBeUndefined();
    const lines = (await auditLines(t)).filter((l) => l.target.postId === post.id);
    expect(lines.map((l) => l.action)).toEqual(['flag', 'flag', 'agree']);
    expect(lines[2]).toMatchObject({ before: { state: 'flagged' }, after: { state: 'removed' } });
  });

  it('GIVEN a flagged comment WHEN staff edit it THEN the text changes, it is published and the flaggers count as agreed', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Thread' });
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Call me at 555' });
    await t.services.moderation.flag(
      as(staff),
      { postId: post.id, commentId: comment.id },
      { reason: 'other', note: 'Phone number' },
    );
    expect((await t.stores.comments.get(post.id, comment.id))?.hidden).toBe(true);
    const item = await queued(post.id, comment.id);
    await t.services.moderation.decide(as(staff), item?.id ?? '', {
      decision: 'edit',
      body: 'Call me [number removed]',
    });
    const stored = await t.stores.comments.get(post.id, comment.id);
    expect(stored).toMatchObject({ body: 'Call me [number removed]', hidden: false });
    expect(stored?.moderation).toBeUndefined();
    expect(await rawUser(t, staff.id)).toMatchObject({ flagsAgreed: 1 });
  });
});
