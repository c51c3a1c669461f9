/**
 * Reputation from validated outcomes (domain/reputation.ts), written by the transactions that record
 * votes, acceptances, ships, featurings and hides: GIVEN some content WHEN someone acts on it THEN the
 * author's points, history, badges, trust level and the champions page follow, and nothing is scanned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../shared/domain/consent.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type Board, type Post, type User } from '../../shared/domain/types.ts';
import type { Clock } from '../../shared/ports/index.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { acceptanceWrites } from '../../shared/adapters/dynamodb/reputation-items.ts';
import { transact } from '../../shared/adapters/dynamodb/transact.ts';
import { keys } from '../../shared/table/keys.ts';

const DAY = 86_400_000;
let now = new Date();
const clock: Clock = { now: () => now };
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};

let t: TestTable;
let board: Board;
let staff: User;
beforeAll(async () => {
  t = await createTestTable({ clock });
  board = await aBoard(t, { kinds: ['idea', 'question', 'story', 'bug'] });
  staff = await aUser(t, { role: 'staff' });
});
afterAll(() => t?.drop());

const profile = (userId: string) => t.services.reputation.profile(ANONYMOUS, userId);
const points = async (userId: string) => (await profile(userId)).reputation;
const idea = (author: User, overrides: Partial<Post> = {}) =>
  aStoredPost(t, board.slug, author, { createdAt: now.toISOString(), ...overrides });
const upvote = (voter: User, post: Post) => t.services.votes.vote(as(voter), post.id);

describe('upvotes', () => {
  it('gives nothing for your own post or comment, and +10 for someone else’s, which an unvote takes back', async () => {
    const [author, voter] = [await aUser(t), await aUser(t)];
    const post = await idea(author);
    // The author's own vote came with the post; voting again is a no-op, and gives nothing either way.
    await upvote(author, post);
    expect(await points(author.id)).toBe(0);

    await upvote(voter, post);
    expect(await points(author.id)).toBe(10);
    // Voting twice is a no-op.
    await upvote(voter, post);
    expect(await points(author.id)).toBe(10);

    await t.services.votes.unvote(as(voter), post.id);
    expect(await points(author.id)).toBe(0);
    const history = await t.services.reputation.history(ANONYMOUS, author.id, {});
    expect(history.events.map((e) => [e.reason, e.points])).toEqual([
      ['undone', -10],
      ['postUpvote', 10],
    ]);

    const comment = await aStoredComment(t, post, author);
    expect(await errorOf(t.services.commentVotes.vote(as(author), post.id, comment.id))).toBeInstanceOf(
      ForbiddenError,
    );
    const other = await aUser(t);
    expect(await t.services.commentVotes.vote(as(other), post.id, comment.id)).toMatchObject({
      voted: true,
      voteCount: 1,
    });
    expect(await points(author.id)).toBe(10);
    expect((await t.services.commentVotes.unvote(as(other), post.id, comment.id)).voteCount).toBe(0);
    expect(await points(author.id)).toBe(0);
  });

  it('gives nothing for a vote staff record on a customer’s behalf', async () => {
    const author = await aUser(t);
    const post = await idea(author);
    await t.services.votes.voteOnBehalf(as(staff), post.id, {
      email: `behalf-${Date.now()}@example.com`,
      name: 'Heard on a call',
      source: 'Call',
    });
    expect(await points(author.id)).toBe(0);
  });

  it('caps vote points at 200 a UTC day: 21 voters give exactly 200', async () => {
    const author = await aUser(t);
    const post = await idea(author);
    const voters = await Promise.all(Array.from({ length: 21 }, () => aUser(t)));
    await Promise.all(voters.map((v) => upvote(v, post)));
    expect(await points(author.id)).toBe(200);
    expect((await t.stores.posts.get(post.id))?.voteCount).toBe(22);
  });

  it('counts a giver’s votes for one person once a day, and again the next day', async () => {
    const [author, giver] = [await aUser(t), await aUser(t)];
    const [a, b, c] = [await idea(author), await idea(author), await idea(author)];
    await upvote(giver, a);
    await upvote(giver, b);
    expect(await points(author.id)).toBe(10);
    // Unvoting the vote that gave nothing and voting again does not get round it.
    await t.services.votes.unvote(as(giver), b.id);
    await upvote(giver, b);
    expect(await points(author.id)).toBe(10);
    later(DAY);
    await upvote(giver, c);
    expect(await points(author.id)).toBe(20);
  });
});

describe('accepted answers', () => {
  it('gives +15 to the answer’s author and +2 to the asker, and moves them when the acceptance changes', async () => {
    const [asker, first, second] = [await aUser(t), await aUser(t), await aUser(t)];
    const question = await idea(asker, { kind: 'question' });
    const [a1, a2] = [await aStoredComment(t, question, first), await aStoredComment(t, question, second)];

    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a1.id });
    expect([await points(first.id), await points(asker.id)]).toEqual([15, 2]);
    expect((await profile(first.id)).badges).toEqual(['first-accepted']);
    // Accepting the same answer again changes nothing.
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a1.id });
    expect([await points(first.id), await points(asker.id)]).toEqual([15, 2]);

    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a2.id });
    expect([await points(first.id), await points(second.id), await points(asker.id)]).toEqual([0, 15, 2]);
    expect((await profile(first.id)).badges).toEqual([]);

    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: null });
    expect([await points(second.id), await points(asker.id)]).toEqual([0, 0]);
  });

  it('counts an asker’s points for one answerer once a day: a second answer of theirs accepted the same day gives 0', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const question = await idea(asker, { kind: 'question' });
    const [a1, a2] = [
      await aStoredComment(t, question, answerer),
      await aStoredComment(t, question, answerer),
    ];
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a1.id });
    expect(await points(answerer.id)).toBe(15);
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a2.id });
    expect([await points(answerer.id), await points(asker.id)]).toEqual([0, 2]);
    expect((await profile(answerer.id)).badges).toEqual([]);
    const lines = (await t.services.reputation.history(ANONYMOUS, answerer.id, {})).events;
    expect(lines.map((e) => [e.reason, e.points])).toEqual([
      ['undone', -15],
      ['accepted', 15],
    ]);
    // Votes keep a mark of their own: the asker's upvote that day counts once, and taking back the
    // acceptance that gave nothing takes nothing.
    await t.services.commentVotes.vote(as(asker), question.id, a2.id);
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: null });
    expect([await points(answerer.id), await points(asker.id)]).toEqual([10, 0]);
  });

  it('counts an upvote and then an acceptance from the same asker the same day', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const question = await idea(asker, { kind: 'question' });
    const answer = await aStoredComment(t, question, answerer);
    await t.services.commentVotes.vote(as(asker), question.id, answer.id);
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: answer.id });
    expect([await points(answerer.id), await points(asker.id)]).toEqual([25, 2]);
  });

  it('does not give an acceptance’s points to an answer hidden after they were worked out', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const question = await idea(asker, { kind: 'question' });
    const reply = await aStoredComment(t, question, answerer);
    const read = await t.db.doc.send(
      new GetCommand({ TableName: t.db.tableName, Key: keys.post(question.id), ConsistentRead: true }),
    );
    // The acceptance's writes, worked out from the answer as visible...
    const rep = await acceptanceWrites(t.db, read.Item ?? {}, reply.id, {
      userId: asker.id,
      at: now.toISOString(),
    });
    // ...then the answer is hidden before they are written: they must not go through.
    await t.services.comments.setHidden(as(staff), question.id, reply.id, true);
    const outcome = await transact(t.db, rep.items);
    expect(outcome.ok).toBe(false);
    await t.services.comments.setHidden(as(staff), question.id, reply.id, false);
    expect(await points(answerer.id)).toBe(0);
  });

  it('gives nothing when the asker accepts their own answer, nor when staff accept', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const question = await idea(asker, { kind: 'question' });
    const own = await aStoredComment(t, question, asker);
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: own.id });
    expect(await points(asker.id)).toBe(0);
    const theirs = await aStoredComment(t, question, answerer);
    await t.services.posts.acceptAnswer(as(staff), question.id, { commentId: theirs.id });
    expect([await points(asker.id), await points(answerer.id)]).toEqual([0, 0]);
  });
});

describe('ships and featurings', () => {
  it('gives +20 once when an idea ships, and takes it back when it moves away', async () => {
    const author = await aUser(t);
    const post = await idea(author);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped', note: 'Out now.' });
    expect(await points(author.id)).toBe(20);
    expect((await profile(author.id)).badges).toEqual(['idea-shipped']);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    expect(await points(author.id)).toBe(0);
    expect((await profile(author.id)).badges).toEqual([]);
  });

  it('gives +20 when a story is featured, and takes it back when unfeatured', async () => {
    const author = await aUser(t);
    const story = await t.services.posts.create(as(author), board.slug, {
      title: 'We closed the books in a day',
      body: 'Finance used to chase numbers for a week.',
      kind: 'story',
      outcome: '4 days saved every month',
      role: 'Finance lead',
      quote: 'It changed month-end for us.',
      consent: 'anonymous',
      consentVersion: CONSENT_VERSION,
    });
    await t.services.stories.curate(as(staff), story.id, { featured: true });
    expect(await points(author.id)).toBe(20);
    expect((await profile(author.id)).badges).toContain('story-featured');
    await t.services.stories.curate(as(staff), story.id, { featured: false });
    expect(await points(author.id)).toBe(0);
  });
});

describe('hidden and removed content', () => {
  it('takes a hidden comment’s points back and restores them when it is shown again', async () => {
    const [author, voter] = [await aUser(t), await aUser(t)];
    const post = await idea(await aUser(t));
    const comment = await aStoredComment(t, post, author);
    await t.services.commentVotes.vote(as(voter), post.id, comment.id);
    expect(await points(author.id)).toBe(10);

    await t.services.comments.setHidden(as(staff), post.id, comment.id, true);
    expect(await points(author.id)).toBe(0);
    const hidden = await t.services.reputation.history(ANONYMOUS, author.id, {});
    expect(hidden.events[0]).toMatchObject({ reason: 'contentHidden', points: -10, title: '' });
    expect((await t.services.reputation.history(as(staff), author.id, {})).events[0]?.title).toBe(post.title);

    await t.services.comments.setHidden(as(staff), post.id, comment.id, false);
    expect(await points(author.id)).toBe(10);
    expect((await t.services.reputation.history(ANONYMOUS, author.id, {})).events[0]).toMatchObject({
      reason: 'contentRestored',
      points: 10,
    });
  });

  it('shows no title for a line about a post on a board the reader may not see', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const hidden = await aBoard(t, { kinds: ['idea'] });
    await t.services.boards.update(as(admin), hidden.slug, {
      private: true,
      allowedDomains: ['acme.example'],
    });
    const insider = async () => {
      const user = await aUser(t);
      const email = `someone.${user.id.toLowerCase()}@acme.example`;
      return t.stores.users.upsertByIdentity(
        'sso',
        `acme-${user.id}`,
        { email, name: user.name },
        now.toISOString(),
      );
    };
    const [author, voter] = [await insider(), await insider()];
    const secret = await aStoredPost(t, hidden.slug, author, { title: 'Codename Nightjar' });
    await upvote(voter, secret);
    const line = async (reader: Parameters<typeof t.services.reputation.history>[0]) =>
      (await t.services.reputation.history(reader, author.id, {})).events[0];
    // Nothing that leads to the post or the voter either.
    const masked = await line(ANONYMOUS);
    expect(masked).toMatchObject({ reason: 'postUpvote', points: 10, title: '', postId: '' });
    expect(masked).not.toHaveProperty('fromUserId');
    expect(masked).not.toHaveProperty('commentId');
    expect(await line(as(voter))).toMatchObject({
      title: 'Codename Nightjar',
      postId: secret.id,
      fromUserId: voter.id,
    });
    // A line about a hidden comment: no comment to point at for anyone but staff.
    const comment = await aStoredComment(t, secret, author);
    // Another insider: the voter's points for the author today are already counted.
    await t.services.commentVotes.vote(as(await insider()), secret.id, comment.id);
    await t.services.comments.setHidden(as(staff), secret.id, comment.id, true);
    const aboutHidden = (await t.services.reputation.history(as(voter), author.id, {})).events;
    const aboutComment = aboutHidden.filter((e) => e.reason !== 'postUpvote');
    expect(aboutComment.map((e) => [e.reason, e.postId, e.commentId, e.fromUserId]).toSorted()).toEqual([
      ['commentUpvote', '', undefined, undefined],
      ['contentHidden', '', undefined, undefined],
    ]);
  });

  it('ties no story to its author in their history when the story’s consent withholds the name', async () => {
    const [author, voter, reader] = [await aUser(t), await aUser(t), await aUser(t)];
    const story = await t.services.posts.create(as(author), board.slug, {
      title: 'Our warehouse went paperless',
      body: 'Pick lists used to be printed.',
      kind: 'story',
      outcome: 'No paper',
      role: 'Ops lead',
      quote: 'Paperless at last.',
      consent: 'anonymous',
      consentVersion: CONSENT_VERSION,
    });
    await upvote(voter, story);
    const line = async (actor: Parameters<typeof t.services.reputation.history>[0]) =>
      (await t.services.reputation.history(actor, author.id, {})).events[0];
    for (const actor of [ANONYMOUS, as(reader), as(voter)]) {
      const masked = await line(actor);
      expect(masked).toMatchObject({ reason: 'postUpvote', points: 10, title: '', postId: '' });
      expect(masked).not.toHaveProperty('fromUserId');
    }
    for (const actor of [as(author), as(staff)]) {
      expect(await line(actor)).toMatchObject({ title: story.title, postId: story.id, fromUserId: voter.id });
    }
  });

  it('takes a deleted post’s points back', async () => {
    const author = await aUser(t);
    const post = await idea(author);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
    expect(await points(author.id)).toBe(20);
    expect((await profile(author.id)).badges).toEqual(['idea-shipped']);
    await t.services.posts.delete(as(author), post.id);
    expect(await points(author.id)).toBe(0);
    // The badge went with the idea that earned it.
    const after = await profile(author.id);
    expect([after.badges, after.counters.ideasShipped]).toEqual([[], 0]);
  });
});

describe('trust levels and badges', () => {
  it('awards "helpful 30 days running" on the 30th consecutive day someone found them helpful', async () => {
    const start = now;
    const author = await aUser(t);
    const post = await idea(author);
    // Two people a day: one friend alone does not make a day count (see the next test).
    const helpedToday = async () => {
      later(DAY);
      await upvote(await aUser(t), post);
      await upvote(await aUser(t), post);
    };
    for (let day = 1; day <= 29; day++) await helpedToday();
    expect((await profile(author.id)).badges).not.toContain('helpful-30');
    expect((await profile(author.id)).counters.helpStreak.days).toBe(29);
    await helpedToday();
    expect((await profile(author.id)).badges).toContain('helpful-30');
    // A day without help starts the run again; the badge, once earned, stays.
    later(DAY);
    await helpedToday();
    const after = await profile(author.id);
    expect(after.counters.helpStreak).toMatchObject({ days: 1, longest: 30 });
    expect(after.badges).toContain('helpful-30');
    // Accounts here are created at the real time: the later tests start from it again.
    now = start;
  });

  it('does not count a day on which one friend votes, unvotes and votes again', async () => {
    const start = now;
    const [author, friend] = [await aUser(t), await aUser(t)];
    const post = await idea(author);
    for (let day = 1; day <= 3; day++) {
      later(DAY);
      await upvote(friend, post);
      await t.services.votes.unvote(as(friend), post.id);
      await upvote(friend, post);
      await t.services.votes.unvote(as(friend), post.id);
    }
    expect((await profile(author.id)).counters.helpStreak.days).toBe(0);
    // Two people the same day make it count.
    later(DAY);
    await upvote(friend, post);
    await upvote(await aUser(t), post);
    expect((await profile(author.id)).counters.helpStreak.days).toBe(1);
    now = start;
  });

  it('moves from new to member to trusted with reputation and tenure', async () => {
    const author = await aUser(t);
    const post = await idea(author);
    expect((await profile(author.id)).trust).toBe('new');
    await upvote(await aUser(t), post);
    expect(await points(author.id)).toBe(10);
    expect((await profile(author.id)).trust).toBe('new'); // 10 points, but joined today
    later(4 * DAY);
    expect((await profile(author.id)).trust).toBe('member');
    later(30 * DAY);
    expect((await profile(author.id)).trust).toBe('member'); // tenure, but only 10 points
    const voters = await Promise.all(Array.from({ length: 19 }, () => aUser(t)));
    for (const v of voters) await upvote(v, post);
    expect(await points(author.id)).toBe(200);
    expect((await profile(author.id)).trust).toBe('trusted');
  });
});

describe('champions', () => {
  it('ranks customers by the month’s and all time’s points, and lets staff mark and unmark champions', async () => {
    later(40 * DAY); // a month of its own
    const month = now.toISOString().slice(0, 7);
    const [top, second] = [await aUser(t), await aUser(t)];
    const [p1, p2] = [await idea(top), await idea(second)];
    for (const v of await Promise.all([aUser(t), aUser(t), aUser(t)])) await upvote(v, p1);
    await upvote(await aUser(t), p2);

    const page = await t.services.reputation.champions(ANONYMOUS, { period: 'month', month });
    expect(page.ranked.map((r) => [r.userId, r.points])).toEqual([
      [top.id, 30],
      [second.id, 10],
    ]);
    const all = await t.services.reputation.champions(ANONYMOUS, { period: 'all' });
    const order = all.ranked.map((r) => r.userId);
    expect(order.indexOf(top.id)).toBeLessThan(order.indexOf(second.id));
    expect(all.ranked.every((r, i) => i === 0 || (all.ranked[i - 1]?.points ?? 0) >= r.points)).toBe(true);

    const customer = await aUser(t);
    expect(
      await errorOf(t.services.reputation.markChampion(as(customer), top.id, { reason: 'x' })),
    ).toBeInstanceOf(ForbiddenError);
    await t.services.reputation.markChampion(as(staff), top.id, { reason: 'Answers every export question' });
    const marked = await t.services.reputation.champions(ANONYMOUS, { period: 'month', month });
    expect(marked.marked).toEqual([
      expect.objectContaining({
        userId: top.id,
        mark: expect.objectContaining({ reason: 'Answers every export question' }),
      }),
    ]);
    expect((await profile(top.id)).champion?.reason).toBe('Answers every export question');
    expect(await errorOf(t.services.reputation.unmarkChampion(as(customer), top.id))).toBeInstanceOf(
      ForbiddenError,
    );
    await t.services.reputation.unmarkChampion(as(staff), top.id);
    expect((await t.services.reputation.champions(ANONYMOUS, {})).marked).toEqual([]);
    expect((await profile(top.id)).champion).toBeUndefined();
  });
});

describe('cost', () => {
  it('never scans: a vote costs the same requests however long the author’s history', async () => {
    const author = await aUser(t);
    const posts = await Promise.all(Array.from({ length: 3 }, () => idea(author)));
    const cost = async (post: Post) => {
      const voter = await aUser(t);
      t.requests.clear();
      await upvote(voter, post);
      return new Map(t.requests);
    };
    const first = await cost(posts[0] as Post);
    // A long history: 30 more lines.
    for (let i = 0; i < 30; i++) await upvote(await aUser(t), posts[1] as Post);
    const afterHistory = await cost(posts[2] as Post);
    expect(afterHistory).toEqual(first);
    expect(first.has('Scan')).toBe(false);

    t.requests.clear();
    await t.services.reputation.history(ANONYMOUS, author.id, { limit: 20 });
    await t.services.reputation.champions(ANONYMOUS, { period: 'all' });
    await profile(author.id);
    expect(t.requests.has('Scan')).toBe(false);
  });
});
