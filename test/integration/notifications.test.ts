/**
 * Notifications beyond status changes: who hears of what (each kind, never the actor, one per person
 * per event, the board's visibility), preferences (email / daily / off), batching, exactly-once
 * delivery, one-click unsubscribe and the inbox's unread count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommentPosted } from '../../shared/domain/events.ts';
import type { Board, Post, User } from '../../shared/domain/types.ts';
import type { NotificationKind } from '../../shared/domain/notifications.ts';
import { resolveMentions } from '../../shared/domain/notifications.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { nextDailyAt } from '../../shared/services/notifications/delivery.ts';
import { CONSENT_VERSION } from '../../shared/domain/consent.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';

let t: TestTable;
let staff: User;
const { clock, advanceMinutes } = offsetClock();

beforeAll(async () => {
  t = await createTestTable({ clock });
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
});
afterAll(() => t.drop());

let n = 0;
async function aPost(
  author: User,
  opts: { kind?: 'idea' | 'question'; board?: Board } = {},
): Promise<{ post: Post; board: Board }> {
  const board = opts.board ?? (await aBoard(t, { kinds: ['idea', 'question'] }));
  const post = await t.services.posts.create(as(author), board.slug, {
    title: `Export ${++n}`,
    kind: opts.kind ?? 'idea',
  });
  return { post, board };
}

/** What the person's inbox holds about this post: kinds, newest first. */
async function inboxKinds(user: User, postId: string): Promise<NotificationKind[]> {
  await t.drainEvents();
  const page = await t.services.inbox.list(as(user), { limit: 50 });
  return page.items.filter((i) => i.postId === postId).map((i) => i.kind);
}

async function mailTo(user: User) {
  return (await listOutbox(t.outboxDir)).filter((m) => m.to === user.email);
}

/** Runs the minute's flush once the batches are due. */
async function flushBatches() {
  await t.drainEvents();
  advanceMinutes(6);
  return t.services.mailFlusher.flush('now');
}

/** Runs the minute's flush of the daily summaries once the summary hour has come (within a day). */
async function flushDaily() {
  await t.drainEvents();
  advanceMinutes(24 * 60);
  return t.services.mailFlusher.flush('daily');
}

describe('who is notified', () => {
  it('GIVEN my post WHEN someone comments THEN I get `comment` and the commenter nothing', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    await t.services.comments.create(as(commenter), post.id, { body: 'Yes please' });
    expect(await inboxKinds(author, post.id)).toEqual(['comment']);
    expect(await inboxKinds(commenter, post.id)).toEqual([]);
    const inbox = await t.services.inbox.list(as(author), {});
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ kind: 'comment', excerpt: 'Yes please', read: false });
  });

  it('GIVEN my comment WHEN someone replies THEN I get `reply`, the post author `comment`, the replier nothing', async () => {
    const [author, ann, bob] = [await aUser(t), await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    const top = await t.services.comments.create(as(ann), post.id, { body: 'Top' });
    await t.services.comments.create(as(bob), post.id, { body: 'Agreed', parentId: top.id });
    expect(await inboxKinds(ann, post.id)).toEqual(['reply']);
    expect(await inboxKinds(author, post.id)).toEqual(['comment', 'comment']);
    expect(await inboxKinds(bob, post.id)).toEqual([]);
  });

  it('GIVEN followers WHEN a comment @mentions one THEN they get one `mention` (not also `comment`); the longest name wins', async () => {
    const author = await aUser(t, { name: 'Ann' });
    const [annLee, voter, writer] = [
      await aUser(t, { name: 'Ann Lee' }),
      await aUser(t, { name: 'Vic Voter' }),
      await aUser(t),
    ];
    const { post } = await aPost(author);
    await t.services.votes.vote(as(annLee), post.id);
    await t.services.votes.vote(as(voter), post.id);
    await t.services.comments.create(as(writer), post.id, { body: 'Ping @ann lee and @ANN, not vic@voter' });
    expect(await inboxKinds(annLee, post.id)).toEqual(['mention']);
    expect(await inboxKinds(author, post.id)).toEqual(['mention']);
    expect(await inboxKinds(voter, post.id)).toEqual([]);
    expect(await inboxKinds(writer, post.id)).toEqual([]);
  });

  it('resolves mentions case-insensitively, longest first, at word boundaries', () => {
    const people = [
      { id: 'a', name: 'Ann' },
      { id: 'al', name: 'Ann Lee' },
      { id: 'b', name: 'Bo' },
    ];
    expect([...resolveMentions('hi @ann lee', people)]).toEqual(['al']);
    expect([...resolveMentions('hi @Ann, @bob', people)]).toEqual(['a']);
    expect([...resolveMentions('mail bo@ann.example', people)]).toEqual([]);
  });

  it('GIVEN a question WHEN the asker accepts an answer THEN the answerer gets `accepted`, followers `followed`, the asker nothing', async () => {
    const storyBoard = await aBoard(t, { kinds: ['story'] });
    const [asker, answerer, follower] = [await aUser(t), await aUser(t), await aUser(t)];
    const { post } = await aPost(asker, { kind: 'question' });
    await t.services.votes.vote(as(follower), post.id);
    const answer = await t.services.comments.create(as(answerer), post.id, { body: 'Settings, then Export' });
    await t.services.posts.acceptAnswer(as(asker), post.id, { commentId: answer.id });
    expect(await inboxKinds(answerer, post.id)).toEqual(['accepted']);
    expect(await inboxKinds(follower, post.id)).toEqual(['followed']);
    expect(await inboxKinds(asker, post.id)).toEqual(['comment']);

    await flushBatches();
    const [mail] = await mailTo(answerer);
    expect(mail?.subject).toContain('accepted your answer');
    // A customer's accepted answer invites their story, as a shipped idea's status email does.
    expect(mail?.text).toContain(`/b/${storyBoard.slug}/new?from=${post.id}`);
    expect(mail?.html).toContain('Share your story');
    await t.stores.boards.update({ ...storyBoard, archived: true });
  });

  it('GIVEN followers WHEN a post is merged THEN they get `followed`; a status change gives `status`', async () => {
    const [author, follower] = [await aUser(t), await aUser(t)];
    const { post, board } = await aPost(author);
    const { post: into } = await aPost(await aUser(t), { board });
    await t.services.votes.vote(as(follower), post.id);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    await t.services.posts.merge(as(staff), post.id, { into: into.id });
    expect(await inboxKinds(follower, post.id)).toEqual(['followed', 'status']);
    expect(await inboxKinds(staff, post.id)).toEqual([]);
  });

  it('GIVEN a private board WHEN a comment mentions a follower who may not see it THEN they get nothing', async () => {
    const board = await aBoard(t, { private: true, allowedDomains: ['acme.example'] });
    const outsider = await aUser(t, { name: 'Olga Outsider' });
    const writer = await aUser(t, { role: 'staff' });
    const { post } = await aPost(staff, { board });
    await t.stores.subscriptions.set({
      postId: post.id,
      userId: outsider.id,
      following: true,
      reason: 'follower',
      since: new Date().toISOString(),
    });
    await t.services.comments.create(as(writer), post.id, { body: 'Thoughts, @Olga Outsider? @Sam Staff?' });
    expect(await inboxKinds(outsider, post.id)).toEqual([]);
    expect(await inboxKinds(staff, post.id)).toEqual(['mention']);
  });

  it('GIVEN a comment hidden before its event is handled THEN it notifies nobody', async () => {
    const [author, rude] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    const comment = await t.services.comments.create(as(rude), post.id, { body: 'Rude' });
    await t.drainEvents();
    const before = await inboxKinds(author, post.id);
    await t.services.comments.setHidden(as(staff), post.id, comment.id, true);
    const replay: CommentPosted = {
      type: 'CommentPosted',
      id: `${comment.id}-again`,
      at: comment.createdAt,
      detail: { postId: post.id, commentId: comment.id, authorId: rude.id },
    };
    await t.services.activity.onCommentPosted(replay);
    expect(await inboxKinds(author, post.id)).toEqual(before);
  });
});

describe('preferences, batching and email', () => {
  it('GIVEN ten comments in a thread WHEN the batch is flushed THEN the author gets ONE email listing them all', async () => {
    const author = await aUser(t);
    const { post } = await aPost(author);
    await t.services.mailFlusher.flush('now'); // anything earlier tests left due
    const commenters = await Promise.all(Array.from({ length: 10 }, () => aUser(t)));
    for (const [i, c] of commenters.entries()) {
      await t.services.comments.create(as(c), post.id, { body: `Comment number ${i + 1}` });
    }
    await t.drainEvents();
    // Not due yet: the batch waits a few minutes for more.
    expect((await t.services.mailFlusher.flush('now')).sent).toBe(0);
    expect(await mailTo(author)).toHaveLength(0);
    await flushBatches();
    const mail = await mailTo(author);
    expect(mail).toHaveLength(1);
    for (let i = 1; i <= 10; i++) expect(mail[0]?.text).toContain(`Comment number ${i}`);
    expect(mail[0]?.subject).toBe('[Hearth] 10 new notifications on 1 post');
    expect(mail[0]?.html).toContain('<ul');
    expect(mail[0]?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail[0]?.text).toContain('https://board.example/account#notifications');
    // Flushed again: nothing more.
    await flushBatches();
    expect(await mailTo(author)).toHaveLength(1);
  });

  it('GIVEN `daily` THEN no batch email, but one in the daily summary; GIVEN `off` THEN the inbox only', async () => {
    const [daily, off, commenter] = [await aUser(t), await aUser(t), await aUser(t)];
    await t.services.inbox.setPreferences(as(daily), { comment: 'daily' });
    await t.services.inbox.setPreferences(as(off), { comment: 'off' });
    expect((await t.services.inbox.preferences(as(off))).comment).toBe('off');
    expect((await t.services.inbox.preferences(as(off))).reply).toBe('email');
    const { post: p1 } = await aPost(daily);
    const { post: p2 } = await aPost(off);
    await t.services.comments.create(as(commenter), p1.id, { body: 'For the summary' });
    await t.services.comments.create(as(commenter), p2.id, { body: 'For the inbox only' });
    await flushBatches();
    expect(await mailTo(daily)).toHaveLength(0);
    expect(await mailTo(off)).toHaveLength(0);
    expect(await inboxKinds(off, p2.id)).toEqual(['comment']);

    await flushDaily();
    const summary = await mailTo(daily);
    expect(summary).toHaveLength(1);
    expect(summary[0]?.subject).toBe('[Hearth] Your daily summary: 1 notification');
    expect(summary[0]?.text).toContain('For the summary');
    await flushDaily();
    expect(await mailTo(daily)).toHaveLength(1);
    expect(await mailTo(off)).toHaveLength(0);
  });

  it('GIVEN `status` off THEN a status change reaches the inbox but sends no email; on, the status email as before', async () => {
    const [quiet, loud, author] = [await aUser(t), await aUser(t), await aUser(t)];
    await t.services.inbox.setPreferences(as(quiet), { status: 'off' });
    const { post } = await aPost(author);
    await t.services.votes.vote(as(quiet), post.id);
    await t.services.votes.vote(as(loud), post.id);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    await t.drainEvents();
    expect(await inboxKinds(quiet, post.id)).toEqual(['status']);
    expect(await mailTo(quiet)).toHaveLength(0);
    const [mail] = await mailTo(loud);
    expect(mail?.subject).toBe(`[Hearth] “${post.title}” is now planned`);
  });

  it('GIVEN `status` daily THEN the change waits for the daily summary instead of its own email', async () => {
    const [reader, author] = [await aUser(t), await aUser(t)];
    await t.services.inbox.setPreferences(as(reader), { status: 'daily' });
    const { post } = await aPost(author);
    await t.services.votes.vote(as(reader), post.id);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
    await flushBatches();
    expect(await mailTo(reader)).toHaveLength(0);
    await flushDaily();
    const [summary] = await mailTo(reader);
    expect(summary?.text).toContain('Sam Staff changed the status: Now shipped');
  });

  it('GIVEN the email`s one-click link WHEN posted THEN that kind is off for that person (the inbox still gets it)', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    await t.services.comments.create(as(commenter), post.id, { body: 'First' });
    await flushBatches();
    const [mail] = await mailTo(author);
    const url = /<([^>]+)>/.exec(mail?.headers['list-unsubscribe'] ?? '')?.[1] ?? '';
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(url).toContain('/api/notifications/unsubscribe?token=');
    await t.services.inbox.unsubscribe(token);
    expect(await t.services.inbox.preferences(as(author))).toMatchObject({ comment: 'off', reply: 'email' });
    await expect(t.services.inbox.unsubscribe(`${token}x`)).rejects.toThrow('not valid');

    await t.services.comments.create(as(commenter), post.id, { body: 'Second' });
    await flushBatches();
    expect(await mailTo(author)).toHaveLength(1);
    expect(await inboxKinds(author, post.id)).toEqual(['comment', 'comment']);
  });
});

describe('exactly once', () => {
  it('GIVEN a replayed event THEN no second inbox item, count or email', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Once' });
    await t.drainEvents();
    const event: CommentPosted = {
      type: 'CommentPosted',
      id: comment.id,
      at: comment.createdAt,
      detail: { postId: post.id, commentId: comment.id, authorId: commenter.id },
    };
    const replay = await t.services.activity.onCommentPosted(event);
    expect(replay).toMatchObject({ delivered: 0, repeated: 1 });
    expect(await inboxKinds(author, post.id)).toEqual(['comment']);
    expect((await t.services.inbox.list(as(author), {})).unread).toBe(1);
    await flushBatches();
    expect(await mailTo(author)).toHaveLength(1);
  });

  it('GIVEN a flush that died after sending WHEN it is retried THEN no second email', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    await t.services.comments.create(as(commenter), post.id, { body: 'Only once' });
    await t.drainEvents();
    const queue = t.stores.mailQueue;
    const done = queue.done.bind(queue);
    queue.done = () => Promise.reject(new Error('crashed before clearing the queue'));
    try {
      expect((await flushBatches()).failed).toBeGreaterThan(0);
    } finally {
      queue.done = done;
    }
    expect(await mailTo(author)).toHaveLength(1);
    advanceMinutes(15); // a failed person waits before their next try
    const retry = await flushBatches();
    expect(retry.dropped).toBeGreaterThan(0);
    expect(await mailTo(author)).toHaveLength(1);
  });

  it('GIVEN a failed send THEN the claims are given back and the next run sends it', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    await t.services.comments.create(as(commenter), post.id, { body: 'Eventually' });
    await t.drainEvents();
    const mailer = (t.services.mailFlusher as unknown as { deps: { mailer: { send: unknown } } }).deps.mailer;
    const send = mailer.send;
    mailer.send = () => Promise.reject(new Error('SES is down'));
    try {
      expect((await flushBatches()).failed).toBeGreaterThan(0);
    } finally {
      mailer.send = send;
    }
    expect(await mailTo(author)).toHaveLength(0);
    advanceMinutes(15); // a failed person waits before their next try
    await flushBatches();
    expect(await mailTo(author)).toHaveLength(1);
  });
});

describe('the inbox', () => {
  it('GIVEN unread items WHEN one is marked read, then all THEN the count follows without scanning', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    for (const body of ['One', 'Two', 'Three'])
      await t.services.comments.create(as(commenter), post.id, { body });
    await t.drainEvents();
    const page = await t.services.inbox.list(as(author), {});
    expect(page.unread).toBe(3);
    expect((await t.stores.users.get(author.id))?.unreadNotifications).toBe(3);
    const [newest] = page.items;
    expect(newest?.excerpt).toBe('Three');

    expect(await t.services.inbox.markRead(as(author), { ids: [newest?.id ?? ''] })).toEqual({ unread: 2 });
    // Twice is once.
    expect(await t.services.inbox.markRead(as(author), { ids: [newest?.id ?? ''] })).toEqual({ unread: 2 });
    const after = await t.services.inbox.list(as(author), {});
    expect(after.items.map((i) => i.read)).toEqual([true, false, false]);

    t.requests.clear();
    advanceMinutes(1);
    expect(await t.services.inbox.markRead(as(author), { all: true })).toEqual({ unread: 0 });
    expect(t.requests.get('Query') ?? 0).toBe(0);
    expect((await t.services.inbox.list(as(author), {})).items.every((i) => i.read)).toBe(true);
    // One marked after "all" changes nothing.
    expect(await t.services.inbox.markRead(as(author), { ids: [after.items[2]?.id ?? ''] })).toEqual({
      unread: 0,
    });

    await t.services.comments.create(as(commenter), post.id, { body: 'Four' });
    await t.drainEvents();
    const latest = await t.services.inbox.list(as(author), {});
    expect(latest.unread).toBe(1);
    expect(latest.items[0]).toMatchObject({ excerpt: 'Four', read: false });
  });

  it('GIVEN a large inbox THEN a page costs the same requests', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    for (let i = 0; i < 25; i++) await t.services.comments.create(as(commenter), post.id, { body: `C${i}` });
    await t.drainEvents();
    t.requests.clear();
    const page = await t.services.inbox.list(as(author), { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).toBeTruthy();
    // The page's Query, then one BatchGet of the person and the page's comments.
    expect(Object.fromEntries(t.requests)).toEqual({ Query: 1, BatchGetItem: 1 });
    const next = await t.services.inbox.list(as(author), { limit: 10, cursor: page.nextCursor });
    expect(next.items[0]?.excerpt).toBe('C14');
  });
});

describe('what changed before the email went', () => {
  it('GIVEN a queued comment WHEN it is hidden before the flush THEN no email, and the inbox shows no words', async () => {
    const [author, rude, kept] = [await aUser(t), await aUser(t), await aUser(t)];
    const { post } = await aPost(author);
    await t.services.mailFlusher.flush('now'); // anything earlier tests left due
    const comment = await t.services.comments.create(as(rude), post.id, { body: 'Something rude' });
    await t.services.comments.create(as(kept), post.id, { body: 'Something kind' });
    await t.drainEvents();
    await t.services.comments.setHidden(as(staff), post.id, comment.id, true);
    await flushBatches();
    const [mail, ...more] = await mailTo(author);
    expect(more).toHaveLength(0);
    expect(mail?.text).toContain('Something kind');
    expect(mail?.text).not.toContain('Something rude');

    t.requests.clear();
    const page = await t.services.inbox.list(as(author), {});
    const item = page.items.find((i) => i.commentId === comment.id);
    expect(item).toBeDefined();
    expect(item?.excerpt).toBeUndefined();
    expect(page.items.find((i) => i.commentId !== comment.id)?.excerpt).toBe('Something kind');
    expect(Object.fromEntries(t.requests)).toEqual({ Query: 1, BatchGetItem: 1 });
  });

  it('GIVEN a queued line WHEN its board turns private to the recipient THEN it is dropped, not emailed', async () => {
    const [author, commenter] = [await aUser(t), await aUser(t)];
    const { post, board } = await aPost(author);
    await t.services.comments.create(as(commenter), post.id, { body: 'Soon private' });
    await t.drainEvents();
    await t.stores.boards.update({ ...board, private: true, allowedDomains: ['acme.example'] });
    const result = await flushBatches();
    expect(result.dropped).toBeGreaterThan(0);
    expect(await mailTo(author)).toHaveLength(0);
  });
});

describe('daily summaries', () => {
  it('GIVEN `daily` THEN the line waits for the next summary hour, and goes out on the minute`s run after it', async () => {
    const [reader, commenter] = [await aUser(t), await aUser(t)];
    await t.services.inbox.setPreferences(as(reader), { comment: 'daily' });
    const { post } = await aPost(reader);
    await t.services.comments.create(as(commenter), post.id, { body: 'Summary material' });
    await t.drainEvents();
    const now = clock.now();
    const untilSummary = (nextDailyAt(now).getTime() - now.getTime()) / 60_000;
    advanceMinutes(untilSummary - 1);
    await t.services.mailFlusher.flush('daily');
    expect(await mailTo(reader)).toHaveLength(0);
    advanceMinutes(2);
    await t.services.mailFlusher.flush('daily');
    const [summary] = await mailTo(reader);
    expect(summary?.text).toContain('Summary material');
  });
});

describe('acceptance, stories and mentions', () => {
  it('GIVEN a double-clicked accept THEN the answerer hears of it once', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const { post } = await aPost(asker, { kind: 'question' });
    const answer = await t.services.comments.create(as(answerer), post.id, { body: 'Try this' });
    await Promise.all([
      t.services.posts.acceptAnswer(as(asker), post.id, { commentId: answer.id }),
      t.services.posts.acceptAnswer(as(asker), post.id, { commentId: answer.id }),
    ]);
    expect(await inboxKinds(answerer, post.id)).toEqual(['accepted']);
    // Both requests read the question before either wrote: the store announces only the first.
    const event = (id: string) => ({
      type: 'AnswerAccepted' as const,
      id,
      at: new Date().toISOString(),
      detail: {
        postId: post.id,
        commentId: answer.id,
        answerAuthorId: answerer.id,
        byId: asker.id,
        byName: asker.name,
      },
    });
    expect(
      await t.stores.posts.setAcceptedAnswer(
        post.id,
        answer.id,
        undefined,
        undefined,
        event(`${answer.id}-a`),
      ),
    ).toBe(false);
    await t.drainEvents();
    expect(await inboxKinds(answerer, post.id)).toEqual(['accepted']);
  });

  it('GIVEN an acceptance handled after another answer was accepted THEN it announces nothing', async () => {
    const [asker, first, second] = [await aUser(t), await aUser(t), await aUser(t)];
    const { post } = await aPost(asker, { kind: 'question' });
    const a1 = await t.services.comments.create(as(first), post.id, { body: 'One way' });
    const a2 = await t.services.comments.create(as(second), post.id, { body: 'Another way' });
    await t.services.posts.acceptAnswer(as(asker), post.id, { commentId: a2.id });
    await t.drainEvents();
    const late = await t.services.activity.onAnswerAccepted({
      type: 'AnswerAccepted',
      id: `${a1.id}-late`,
      at: new Date().toISOString(),
      detail: {
        postId: post.id,
        commentId: a1.id,
        answerAuthorId: first.id,
        byId: asker.id,
        byName: asker.name,
      },
    });
    expect(late.delivered).toBe(0);
    // The second acceptance's `followed` (they commented, so they follow), and no `accepted`.
    expect(await inboxKinds(first, post.id)).toEqual(['followed']);
  });

  it('GIVEN a story kept inside the company WHEN a comment mentions a customer who follows it THEN they get nothing', async () => {
    const storyBoard = await aBoard(t, { kinds: ['story'] });
    const [teller, other] = [await aUser(t), await aUser(t, { name: 'Carla Customer' })];
    const story = await t.services.posts.create(as(teller), storyBoard.slug, {
      title: `Kept inside ${++n}`,
      body: 'Our story',
      kind: 'story',
      outcome: 'A day saved',
      role: 'Finance lead',
      quote: 'Quick.',
      consent: 'internal',
      consentVersion: CONSENT_VERSION,
    });
    await t.stores.subscriptions.set({
      postId: story.id,
      userId: other.id,
      following: true,
      reason: 'follower',
      since: new Date().toISOString(),
    });
    await t.services.comments.create(as(staff), story.id, { body: 'Thanks! @Carla Customer, seen this?' });
    expect(await inboxKinds(other, story.id)).toEqual([]);
    expect(await inboxKinds(teller, story.id)).toEqual(['comment']);
    await t.stores.boards.update({ ...storyBoard, archived: true });
  });

  it('GIVEN someone who unfollowed a post WHEN a comment mentions them THEN they still get `mention`', async () => {
    const [author, gone, writer] = [
      await aUser(t),
      await aUser(t, { name: 'Uma Unfollowed' }),
      await aUser(t),
    ];
    const { post } = await aPost(author);
    await t.stores.subscriptions.set({
      postId: post.id,
      userId: gone.id,
      following: false,
      reason: 'follower',
      since: new Date().toISOString(),
    });
    await t.services.comments.create(as(writer), post.id, { body: 'What do you think, @Uma Unfollowed?' });
    expect(await inboxKinds(gone, post.id)).toEqual(['mention']);
  });
});
