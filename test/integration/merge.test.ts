/**
 * Merging one post into another: votes, followers, lists, retries and races, and the merges refused.
 * Merges across a private board: merge-private.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';

let t: TestTable;
let staff: User;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
});
afterAll(() => t.drop());

let n = 0;
/** Two posts on one board: `a` (to merge) and `b` (to merge into), by different authors. */
async function twoPosts(): Promise<{ a: Post; b: Post; authorA: User; authorB: User }> {
  const board = await aBoard(t);
  const [authorA, authorB] = [await aUser(t), await aUser(t)];
  const a = await t.services.posts.create(as(authorA), board.slug, {
    title: `Bulk export ${++n}`,
    body: 'Zebrafish',
  });
  const b = await t.services.posts.create(as(authorB), board.slug, { title: `Export everything ${n}` });
  return { a, b, authorA, authorB };
}

async function voteItems(postId: string): Promise<string[]> {
  const items = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.votesPartition(postId) },
  });
  return items.map((i) => i.userId as string).sort();
}

/** The post's count, after checking that every list entry and the per-day counters agree with it. */
async function storedCount(postId: string): Promise<number | undefined> {
  const post = await t.stores.posts.get(postId);
  const partition = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.postPartition(postId) },
  });
  const entries = partition.filter((i) => i.type === 'entry');
  if (post && post.status !== 'merged') expect(entries.length).toBeGreaterThan(0);
  if (post?.status === 'merged') expect(entries).toEqual([]);
  if (post) expectEntryRanks(post, entries);
  const perDay = partition
    .filter((i) => i.type === 'voteDay')
    .reduce((sum, i) => sum + (i.votes as number), 0);
  if (post) expect(perDay).toBe(post.voteCount);
  return post?.voteCount;
}

describe('merging posts', () => {
  it('GIVEN voters of A, of B and of both WHEN staff merge A into B THEN B has each voter once and A none', async () => {
    const { a, b, authorA, authorB } = await twoPosts();
    const [onlyA, onlyB, both] = [await aUser(t), await aUser(t), await aUser(t)];
    await t.services.votes.vote(as(onlyA), a.id);
    await t.services.votes.vote(as(onlyB), b.id);
    await t.services.votes.vote(as(both), a.id);
    await t.services.votes.vote(as(both), b.id);
    expect(await storedCount(a.id)).toBe(3);
    expect(await storedCount(b.id)).toBe(3);

    const result = await t.services.posts.merge(as(staff), a.id, { into: b.id });
    expect(result.from).toMatchObject({ id: a.id, status: 'merged', mergedInto: b.id });
    expect(result.into.voteCount).toBe(5);

    expect(await voteItems(a.id)).toEqual([]);
    expect(await storedCount(a.id)).toBe(0);
    const bVoters = await voteItems(b.id);
    expect(bVoters).toEqual([authorA.id, authorB.id, onlyA.id, onlyB.id, both.id].sort());
    expect(await storedCount(b.id)).toBe(bVoters.length);

    // Each voter sees their vote on B, and lists order B by its new count.
    expect((await t.services.posts.get(as(onlyA), b.id)).post.viewerHasVoted).toBe(true);
    const top = await t.services.posts.list(ANONYMOUS, b.boardSlug, { sort: 'top' });
    expect(top.posts.map((p) => [p.id, p.voteCount])).toEqual([[b.id, 5]]);
  });

  it('GIVEN a merged post WHEN reading both posts THEN A points to B, B lists A, and A’s comments stay readable', async () => {
    const { a, b } = await twoPosts();
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), a.id, { body: 'Needed for audits' });
    await t.services.posts.merge(as(staff), a.id, { into: b.id });

    const detailA = await t.services.posts.get(ANONYMOUS, a.id);
    expect(detailA.post).toMatchObject({
      status: 'merged',
      mergedInto: b.id,
      votingOpen: false,
      voteCount: 0,
    });
    expect(detailA.mergedInto).toEqual({ id: b.id, title: b.title, boardSlug: b.boardSlug });
    expect(detailA.comments.map((c) => [c.id, c.body])).toEqual([[comment.id, 'Needed for audits']]);
    expect(detailA.history).toEqual([
      expect.objectContaining({ from: 'open', to: 'merged', byId: staff.id, byName: 'Sam Staff' }),
    ]);
    expect(detailA.post.statusNote?.body).toContain(b.title);

    const detailB = await t.services.posts.get(ANONYMOUS, b.id);
    expect(detailB.mergedFrom).toEqual([{ id: a.id, title: a.title, boardSlug: a.boardSlug }]);
    expect(detailB.mergedInto).toBeNull();
  });

  it('GIVEN followers of A WHEN A is merged into B THEN they follow B, but one who unfollowed A does not', async () => {
    const { a, b, authorA } = await twoPosts();
    const [voter, commenter, follower, unfollower] = [
      await aUser(t),
      await aUser(t),
      await aUser(t),
      await aUser(t),
    ];
    await t.services.votes.vote(as(voter), a.id);
    await t.services.comments.create(as(commenter), a.id, { body: 'Yes' });
    await t.services.posts.follow(as(follower), a.id, { following: true });
    await t.services.votes.vote(as(unfollower), a.id);
    await t.services.posts.follow(as(unfollower), a.id, { following: false });

    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    for (const user of [authorA, voter, commenter, follower]) {
      expect((await t.stores.subscriptions.get(b.id, user.id))?.following).toBe(true);
      expect((await t.services.posts.get(as(user), b.id)).following).toBe(true);
    }
    expect((await t.stores.subscriptions.get(b.id, unfollower.id))?.following ?? false).toBe(false);
  });

  it('GIVEN a merged post WHEN listing the board or searching THEN it is gone, and voting on it is a ConflictError', async () => {
    const { a, b } = await twoPosts();
    const voter = await aUser(t);
    expect((await t.services.posts.search(ANONYMOUS, { q: 'zebrafish' })).map((p) => p.id)).toEqual([a.id]);

    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    for (const filter of [{}, { status: 'open' }, { kind: 'idea' }, { sort: 'new' }, { sort: 'top' }]) {
      const list = await t.services.posts.list(ANONYMOUS, a.boardSlug, filter);
      expect(list.posts.map((p) => p.id)).toEqual([b.id]);
    }
    expect((await t.services.posts.list(ANONYMOUS, a.boardSlug, { status: 'merged' })).posts).toEqual([]);
    expect(await t.services.posts.search(ANONYMOUS, { q: 'zebrafish' })).toEqual([]);

    await expect(t.services.votes.vote(as(voter), a.id)).rejects.toThrow(ConflictError);
    expect(await voteItems(a.id)).toEqual([]);
    expect(await storedCount(a.id)).toBe(0);
  });

  it('GIVEN a merged post WHEN staff change its status, tag or edit it, or its author deletes it THEN all are refused', async () => {
    const { a, b, authorA } = await twoPosts();
    await t.services.boards.putTag(as(staff), { slug: 'exports', name: 'Exports' });
    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    await expect(t.services.posts.changeStatus(as(staff), a.id, { status: 'open' })).rejects.toThrow(
      ConflictError,
    );
    await expect(t.services.posts.setTags(as(staff), a.id, { tags: ['exports'] })).rejects.toThrow(
      ConflictError,
    );
    await expect(t.services.posts.edit(as(staff), a.id, { title: 'Renamed' })).rejects.toThrow(
      ForbiddenError,
    );
    // Its votes went to B, so only the merged status keeps the author from deleting it.
    await expect(t.services.posts.delete(as(authorA), a.id)).rejects.toThrow(ForbiddenError);
    expect(await t.stores.posts.get(a.id)).toMatchObject({
      status: 'merged',
      mergedInto: b.id,
      tags: [],
      title: a.title,
    });
    expect(await storedCount(a.id)).toBe(0);
  });

  it('GIVEN votes racing a merge WHEN all settle THEN every vote ends on B once, and A keeps none', async () => {
    const { a, b, authorA, authorB } = await twoPosts();
    const voters = await Promise.all(Array.from({ length: 8 }, () => aUser(t)));
    // Half already back both posts; during the merge, all of them vote on A and on B.
    for (const voter of voters.slice(0, 4)) {
      await t.services.votes.vote(as(voter), a.id);
      await t.services.votes.vote(as(voter), b.id);
    }
    const results = await Promise.allSettled([
      t.services.posts.merge(as(staff), a.id, { into: b.id }),
      t.services.posts.merge(as(staff), a.id, { into: b.id }),
      ...voters.flatMap((voter) => [
        t.services.votes.vote(as(voter), a.id),
        t.services.votes.vote(as(voter), b.id),
      ]),
    ]);
    for (const result of results) {
      // Only a vote on A that came after it closed may fail, as a conflict.
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConflictError);
    }
    expect(results.slice(0, 2).every((r) => r.status === 'fulfilled')).toBe(true);
    // Two merges, one change: A's followers hear about it once.
    await t.drainEvents();
    const mail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${a.title}”`));
    expect(mail.map((m) => m.to).filter((to) => to === authorA.email)).toHaveLength(1);
    // A vote on A that got in before it closed was moved by whichever merge listed it.
    expect(await voteItems(a.id)).toEqual([]);
    expect(await storedCount(a.id)).toBe(0);
    const expected = [authorA.id, authorB.id, ...voters.map((v) => v.id)].sort();
    expect(await voteItems(b.id)).toEqual(expected);
    expect(await storedCount(b.id)).toBe(expected.length);
    expect((await t.services.posts.get(ANONYMOUS, a.id)).history).toHaveLength(1);
  });

  it('GIVEN a merge interrupted after closing A WHEN staff merge again THEN it finishes, and a further merge changes nothing', async () => {
    const { a, b } = await twoPosts();
    const voters = [await aUser(t), await aUser(t), await aUser(t)];
    for (const voter of voters) await t.services.votes.vote(as(voter), a.id);
    await t.services.votes.vote(as(voters[0] as User), b.id);

    // The first step of a merge, done by hand: A closes as merged, but no vote has moved yet, and one
    // moved before the interruption.
    const before = (await t.stores.posts.get(a.id)) as Post;
    const at = new Date().toISOString();
    const change = {
      id: '01KB0000000000000000000000',
      postId: a.id,
      from: 'open' as const,
      to: 'merged' as const,
      byId: staff.id,
      byName: staff.name,
      at,
    };
    expect(
      await t.stores.posts.changeLists(
        before,
        { ...before, status: 'merged', mergedInto: b.id, statusChangedAt: at, updatedAt: at },
        { statusChange: change, mergedFrom: a.id },
      ),
    ).toBe(true);
    const [firstVote] = (await t.stores.votes.listByPost(a.id, 1)).items;
    expect(await t.stores.votes.move(firstVote as NonNullable<typeof firstVote>, b.id)).toMatch(
      /moved|dropped/,
    );

    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    const expected = [b.authorId, a.authorId, ...voters.map((v) => v.id)].sort();
    expect(await voteItems(b.id)).toEqual(expected);
    expect(await voteItems(a.id)).toEqual([]);
    expect(await storedCount(b.id)).toBe(expected.length);
    expect(await storedCount(a.id)).toBe(0);

    const again = await t.services.posts.merge(as(staff), a.id, { into: b.id });
    expect(again.into.voteCount).toBe(expected.length);
    expect(await storedCount(b.id)).toBe(expected.length);
    expect(await storedCount(a.id)).toBe(0);
    expect((await t.services.posts.get(ANONYMOUS, a.id)).history).toHaveLength(1);
    expect((await t.services.posts.get(ANONYMOUS, b.id)).mergedFrom.map((p) => p.id)).toEqual([a.id]);
  });

  it('GIVEN a completed merge WHEN staff merge the same posts again THEN nothing changes and no second email goes out', async () => {
    const { a, b, authorA } = await twoPosts();
    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    await t.drainEvents();
    expect(await storedCount(b.id)).toBe(2);
    expect((await t.services.posts.get(ANONYMOUS, a.id)).history).toHaveLength(1);
    const mail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${a.title}”`));
    expect(mail.map((m) => m.to)).toEqual([authorA.email]);
    expect(mail[0]?.subject).toBe(`[Hearth] “${a.title}” is now merged`);
  });

  it('GIVEN a post merged into B WHEN merging it into another post THEN ConflictError', async () => {
    const { a, b } = await twoPosts();
    const { b: c } = await twoPosts();
    await t.services.posts.merge(as(staff), a.id, { into: b.id });
    await expect(t.services.posts.merge(as(staff), a.id, { into: c.id })).rejects.toThrow(ConflictError);
    expect((await t.stores.posts.get(a.id))?.mergedInto).toBe(b.id);
  });
});

describe('merges that are refused', () => {
  it('GIVEN a post WHEN merging it into itself THEN ValidationError on into', async () => {
    const { a } = await twoPosts();
    const error = await errorOf(t.services.posts.merge(as(staff), a.id, { into: a.id }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.into).toBeDefined();
    expect((await t.stores.posts.get(a.id))?.status).toBe('open');
  });

  it('GIVEN a customer or anonymous visitor WHEN they merge THEN Forbidden / Unauthenticated', async () => {
    const { a, b, authorA } = await twoPosts();
    await expect(t.services.posts.merge(as(authorA), a.id, { into: b.id })).rejects.toThrow(ForbiddenError);
    await expect(t.services.posts.merge(ANONYMOUS, a.id, { into: b.id })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect((await t.stores.posts.get(a.id))?.status).toBe('open');
    expect(await storedCount(b.id)).toBe(1);
  });

  it('GIVEN B merged into C WHEN merging A into B THEN ValidationError on into, and A stays open with its votes', async () => {
    const { a, b } = await twoPosts();
    const { b: c } = await twoPosts();
    await t.services.posts.merge(as(staff), b.id, { into: c.id });
    const error = await errorOf(t.services.posts.merge(as(staff), a.id, { into: b.id }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.into).toBeDefined();
    expect((await t.stores.posts.get(a.id))?.status).toBe('open');
    expect(await storedCount(a.id)).toBe(1);
  });
});
