/**
 * Trolls get nothing (issue 17): a post or comment the moderators withheld reaches none of the outputs
 * (lists under every filter, search and similar posts, the roadmap, the changelog, the digest, exports,
 * profiles seen by others, notifications, reputation), its author reads it with the reason, everyone
 * else gets 404 or a neutral placeholder, and its author is told privately, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor, type Board, type Post, type User } from '../../shared/domain/types.ts';
import { NotFoundError, WithheldError } from '../../shared/domain/errors.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { moderationNoticeEvent } from '../../shared/services/moderation/notice.ts';
import { fromEnvelope, toEnvelope } from '../../shared/events/envelope.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { MEMBER, withStanding } from '../setup/moderation-fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';
import { apiClient } from '../setup/api-client.ts';
import { HOLD_REASON_TEXT } from '../../shared/domain/moderation.ts';

const { clock, advanceMinutes } = offsetClock();
let t: TestTable;
beforeAll(async () => (t = await createTestTable({ clock })));
afterAll(() => t.drop());

const REASON = 'Advertising a competitor’s product.';

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

/** People of the scene: members (no holds, ordinary limits), and staff. */
async function cast() {
  const [author, voter, commenter, other, staff] = await Promise.all([
    aUser(t, { name: 'Troll Author' }),
    aUser(t),
    aUser(t),
    aUser(t),
    aUser(t, { role: 'staff', name: 'Sam Staff' }),
  ]);
  const standing = await Promise.all(
    [author, voter, commenter, other].map((u) => withStanding(t, u, MEMBER)),
  );
  return { author: standing[0], voter: standing[1], commenter: standing[2], other: standing[3], staff } as {
    author: User;
    voter: User;
    commenter: User;
    other: User;
    staff: User;
  };
}

let n = 0;
async function shippedPost(
  board: Board,
  author: User,
  staff: User,
  word: string,
  before: (post: Post) => Promise<unknown> = async () => {},
): Promise<Post> {
  const post = await t.services.posts.create(as(author), board.slug, {
    title: `Zebra ${word} export ${++n}`,
    body: `Please add ${word} exports.`,
    kind: 'idea',
  });
  await before(post);
  await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
  return post;
}

const ids = (posts: readonly { id: string }[]) => posts.map((p) => p.id);

/**
 * Withholds a post the way the moderation service does underneath (posts.changeLists with the
 * record), so that these outputs are checked whatever the service adds around it.
 */
async function withholdPost(postId: string, staff: User, state: 'hidden' | 'removed' = 'hidden') {
  for (;;) {
    const before = await t.stores.posts.get(postId);
    if (!before) throw new Error('no such post');
    const at = new Date(clock.now()).toISOString();
    const moderation = { state, reason: REASON, at, byId: staff.id, byName: staff.name };
    if (await t.stores.posts.changeLists(before, { ...before, moderation, updatedAt: at })) return;
  }
}

async function releasePost(postId: string) {
  for (;;) {
    const before = await t.stores.posts.get(postId);
    if (!before) throw new Error('no such post');
    const { moderation: _m, ...rest } = before;
    if (await t.stores.posts.changeLists(before, { ...rest, updatedAt: new Date(clock.now()).toISOString() }))
      return;
  }
}

/** Every place a published post shows up for `viewer`, as the ids found there. */
async function outputs(board: Board, viewer: Actor, staff: User, word: string, author: User) {
  const lists = await Promise.all(
    [
      {},
      { sort: 'top' },
      { sort: 'new' },
      { sort: 'trending' },
      { status: 'shipped' },
      { kind: 'idea' },
      { kind: 'idea', status: 'shipped', sort: 'new' },
    ].map((q) => t.services.posts.list(viewer, board.slug, q)),
  );
  const [roadmap, changelog, search, profile, csv, json] = await Promise.all([
    t.services.posts.roadmap(viewer),
    t.services.posts.changelog(viewer, {}),
    t.services.posts.search(viewer, { q: word }),
    t.services.profiles.get(viewer, author.id, { tab: 'posts' }),
    collect(t.services.exports.boardCsv(as(staff), board.slug)),
    collect(t.services.exports.boardJson(as(staff), board.slug)),
  ]);
  return {
    lists: lists.map((l) => ids(l.posts)),
    roadmap: ids(roadmap.shipped),
    changelog: ids(changelog.posts),
    search: ids(search),
    profile: ids(profile.posts),
    csv,
    json,
  };
}

describe('a withheld post reaches none of the outputs', () => {
  it('GIVEN a shipped post with votes and comments WHEN staff hide it THEN it leaves every list, search, roadmap, changelog, export, profile and the digest, others get 404, its author sees the reason', async () => {
    const { author, voter, commenter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea', 'question'] });
    let comment = { id: '' };
    const post = await shippedPost(board, author, staff, 'quokka', async (p) => {
      await t.services.votes.vote(as(voter), p.id);
      await t.services.posts.follow(as(voter), p.id, { following: true });
      comment = await t.services.comments.create(as(commenter), p.id, { body: 'Me too!' });
    });
    const kept = await shippedPost(board, other, staff, 'quokka');
    await t.drainEvents();
    const pointsBefore = (await t.stores.reputation.countersOf([author.id])).get(author.id)?.reputation ?? 0;
    expect(pointsBefore).toBeGreaterThan(0);

    // Published: everywhere (so that the absences below mean something).
    const before = await outputs(board, as(other), staff, 'quokka', author);
    for (const list of before.lists) expect(list).toContain(post.id);
    expect(before.roadmap).toContain(post.id);
    expect(before.changelog).toContain(post.id);
    expect(before.search).toContain(post.id);
    expect(before.profile).toContain(post.id);
    expect(before.csv).toContain(post.title);
    expect(before.json).toContain(post.id);
    const digestBefore = (await t.services.digests.preview(as(staff), {})).week;
    expect(JSON.stringify(digestBefore)).toContain(post.id);

    await withholdPost(post.id, staff);
    await t.drainEvents();

    for (const viewer of [ANONYMOUS, as(other), as(voter), as(commenter)]) {
      const after = await outputs(board, viewer, staff, 'quokka', author);
      for (const list of after.lists) expect(list).not.toContain(post.id);
      for (const list of after.lists) expect(list).toContain(kept.id);
      expect(after.roadmap).not.toContain(post.id);
      expect(after.changelog).not.toContain(post.id);
      expect(after.search).not.toContain(post.id);
      expect(after.search).toContain(kept.id);
      expect(after.profile).not.toContain(post.id);
      expect(after.csv).not.toContain(post.title);
      expect(after.json).not.toContain(post.id);
      // Others: as if it never existed.
      await expect(t.services.posts.get(viewer, post.id)).rejects.toThrow(NotFoundError);
      await expect(t.services.comments.list(viewer, post.id, {})).rejects.toThrow(NotFoundError);
    }
    // Its author finds it on their own profile, but search finds it for nobody.
    expect((await outputs(board, as(author), staff, 'quokka', author)).profile).toContain(post.id);
    expect(ids(await t.services.posts.search(as(author), { q: 'quokka' }))).not.toContain(post.id);
    expect(ids(await t.services.posts.search(as(staff), { q: 'quokka' }))).not.toContain(post.id);

    // The digest: neither the post, nor its votes, status change or comment.
    const digestAfter = JSON.stringify((await t.services.digests.preview(as(staff), {})).week);
    expect(digestAfter).not.toContain(post.id);
    expect(digestAfter).toContain(kept.id);

    // The author reads it, with the reason and not who decided; staff read it all.
    const mine = await t.services.posts.get(as(author), post.id);
    expect(mine.post.moderation).toMatchObject({ state: 'hidden', reason: REASON });
    expect(mine.post.moderation?.byName).not.toBe(staff.name);
    const staffView = await t.services.posts.get(as(staff), post.id);
    expect(staffView.post.moderation).toMatchObject({
      state: 'hidden',
      reason: REASON,
      byName: staff.name,
    });
    // A published post's view carries no moderation for anyone.
    expect((await t.services.posts.get(as(other), kept.id)).post).not.toHaveProperty('moderation');
    expect(comment.id).toBeTruthy();

    // Reputation: the points it earned are gone.
    const pointsAfter = (await t.stores.reputation.countersOf([author.id])).get(author.id)?.reputation ?? 0;
    expect(pointsAfter).toBeLessThan(pointsBefore);

    // Nothing more happens on it: 409 for those who can see it (staff too), 404 for the rest.
    await expect(t.services.votes.vote(as(other), post.id)).rejects.toThrow(NotFoundError);
    await expect(t.services.votes.vote(as(author), post.id)).rejects.toThrow(WithheldError);
    await expect(t.services.comments.create(as(author), post.id, { body: 'But why?' })).rejects.toThrow(
      WithheldError,
    );
    await expect(t.services.comments.create(as(other), post.id, { body: 'What is this?' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' })).rejects.toThrow(
      WithheldError,
    );
    await expect(t.services.posts.setTags(as(staff), post.id, { tags: [] })).rejects.toThrow(WithheldError);
    await expect(t.services.posts.merge(as(staff), post.id, { into: kept.id })).rejects.toThrow(
      WithheldError,
    );
    await expect(t.services.posts.merge(as(staff), kept.id, { into: post.id })).rejects.toThrow(
      WithheldError,
    );
    await expect(t.services.posts.follow(as(author), post.id, { following: true })).rejects.toThrow(
      WithheldError,
    );
    await expect(t.services.posts.follow(as(other), post.id, { following: true })).rejects.toThrow(
      NotFoundError,
    );
    await expect(t.services.commentVotes.vote(as(author), post.id, comment.id)).rejects.toThrow(
      WithheldError,
    );

    // Restored: back everywhere, with its points.
    await releasePost(post.id);
    const back = await outputs(board, as(other), staff, 'quokka', author);
    for (const list of back.lists) expect(list).toContain(post.id);
    expect(back.changelog).toContain(post.id);
    expect((await t.services.posts.get(as(author), post.id)).post).not.toHaveProperty('moderation');
    expect((await t.stores.reputation.countersOf([author.id])).get(author.id)?.reputation).toBe(pointsBefore);
  });

  it('GIVEN a status change queued for followers WHEN the post is withheld before it is handled or sent THEN nobody hears of it', async () => {
    const { author, voter, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Quiet one', kind: 'idea' });
    await t.services.votes.vote(as(voter), post.id);
    await t.services.posts.follow(as(voter), post.id, { following: true });
    // The voter wants status news in the daily summary: a line waits in the queue.
    await t.services.inbox.setPreferences(as(voter), { status: 'daily', comment: 'daily' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    await t.drainEvents();
    const queued = (await t.services.inbox.list(as(voter), {})).items.filter((i) => i.postId === post.id);
    expect(queued.map((i) => i.kind)).toEqual(['status']);

    await withholdPost(post.id, staff);
    await t.drainEvents();
    // A late handling of an earlier status event tells nobody either.
    const late = await t.services.notifications.onStatusChanged({
      type: 'PostStatusChanged',
      id: `late-${post.id}`,
      at: new Date(clock.now()).toISOString(),
      detail: {
        postId: post.id,
        boardSlug: board.slug,
        title: post.title,
        from: 'planned',
        to: 'in_progress',
        byId: staff.id,
        byName: staff.name,
      },
    });
    expect(late.sent).toBe(0);
    advanceMinutes(24 * 60);
    await t.services.mailFlusher.flush('daily');
    const mails = (await listOutbox(t.outboxDir)).filter((m) => m.to === voter.email);
    expect(mails.map((m) => m.subject).join('\n')).not.toContain('Quiet one');
  });
});

describe('a withheld comment', () => {
  it('GIVEN a comment staff hide with a reason THEN its author reads it with the reason, others a placeholder without it, and it leaves profiles, the digest and notifications', async () => {
    const { author, commenter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Talkative', kind: 'idea' });
    const rude = await t.services.comments.create(as(commenter), post.id, { body: 'You are all idiots' });
    await t.services.comments.create(as(commenter), post.id, { body: 'Second thought: nice idea' });

    await t.services.moderation.hide(as(staff), { postId: post.id, commentId: rude.id }, { reason: REASON });
    await t.drainEvents();

    const seen = async (viewer: Actor) =>
      (await t.services.posts.get(viewer, post.id)).comments.find((c) => c.id === rude.id);
    for (const viewer of [ANONYMOUS, as(author), as(other)]) {
      const c = await seen(viewer);
      expect(c?.body).toBe('');
      expect(c).not.toHaveProperty('moderation');
    }
    const own = await seen(as(commenter));
    expect(own?.body).toBe('You are all idiots');
    expect(own?.moderation).toMatchObject({ state: 'hidden', reason: REASON });
    expect((await seen(as(staff)))?.moderation).toMatchObject({ byName: staff.name });

    // Profiles: others do not see it in the commenter's comments; the commenter does.
    const tab = async (viewer: Actor) =>
      (await t.services.profiles.get(viewer, commenter.id, { tab: 'comments' })).comments.map((c) => c.id);
    expect(await tab(as(other))).not.toContain(rude.id);
    expect(await tab(as(commenter))).toContain(rude.id);

    // The digest counts one comment of the two, and the hidden one makes no champion.
    const week = (await t.services.digests.preview(as(staff), {})).week;
    expect(JSON.stringify(week)).not.toContain(rude.id);

    // The author of the hidden comment got one private notice, with the reason; the post's author none.
    const notices = (await t.services.inbox.list(as(commenter), {})).items.filter(
      (i) => i.kind === 'moderation',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.excerpt).toContain(REASON);
    expect(notices[0]?.commentId).toBe(rude.id);
    const authorsInbox = (await t.services.inbox.list(as(author), {})).items;
    expect(authorsInbox.filter((i) => i.kind === 'moderation')).toEqual([]);
  });
});

describe('the moderation notice', () => {
  it('GIVEN a ContentModerated event WHEN it is delivered twice THEN its recipient gets one inbox item and one email, with what happened, the reason and a link', async () => {
    const person = await aUser(t, { name: 'Noticed Person' });
    const event = moderationNoticeEvent({
      eventId: `notice-${person.id}`,
      at: new Date(clock.now()).toISOString(),
      recipientId: person.id,
      subject: 'content',
      target: { postId: '01KBPOSTNOTICE0000000000000' },
      state: 'removed',
      reason: 'Spam links.',
      postTitle: 'Cheap watches',
    });
    // It survives the bus unchanged.
    expect(fromEnvelope(toEnvelope(event))).toEqual(event);
    await t.services.activity.onContentModerated(event);
    await t.services.activity.onContentModerated(event);
    const items = (await t.services.inbox.list(as(person), {})).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'moderation', postTitle: 'Cheap watches' });
    expect(items[0]?.excerpt).toBe(
      'Your post “Cheap watches” was removed by the moderators. Reason: Spam links.',
    );

    // Emailed now (in the next batch) even with every preference off: it is not switchable.
    await expect(t.services.inbox.setPreferences(as(person), { moderation: 'off' })).rejects.toThrow();
    advanceMinutes(6);
    await t.services.mailFlusher.flush('now');
    const mails = (await listOutbox(t.outboxDir)).filter((m) => m.to === person.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[Hearth] A message from the moderators');
    expect(mails[0]?.text).toContain('Reason: Spam links.');
    expect(mails[0]?.text).toContain('/p/01KBPOSTNOTICE0000000000000');
  });

  it('GIVEN a sanction notice THEN it links to the account and says until when', async () => {
    const person = await aUser(t);
    const event = moderationNoticeEvent({
      eventId: `sanction-${person.id}`,
      at: new Date(clock.now()).toISOString(),
      recipientId: person.id,
      subject: 'sanction',
      level: 'silence',
      until: '2027-01-10T00:00:00.000Z',
      reason: 'Repeated insults.',
    });
    await t.services.activity.onContentModerated(event);
    const [item] = (await t.services.inbox.list(as(person), {})).items;
    expect(item?.excerpt).toContain('You are silenced until 2027-01-10');
    expect(item?.excerpt).toContain('Repeated insults.');
    advanceMinutes(6);
    await t.services.mailFlusher.flush('now');
    const [mail] = (await listOutbox(t.outboxDir)).filter((m) => m.to === person.email);
    expect(mail?.text).toContain('Your account');
    expect(mail?.text).toContain('/account');
  });
});

describe('through the moderation service', () => {
  it('GIVEN a post that earned points WHEN staff hide it THEN its author gets one private notice with the reason and others 404', async () => {
    const { author, voter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Pointy', kind: 'idea' });
    await t.services.votes.vote(as(voter), post.id);
    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: REASON });
    await t.drainEvents();
    await expect(t.services.posts.get(as(other), post.id)).rejects.toThrow(NotFoundError);
    const notices = (await t.services.inbox.list(as(author), {})).items.filter(
      (i) => i.kind === 'moderation',
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]?.excerpt).toBe(`Your post “Pointy” was hidden by the moderators. Reason: ${REASON}`);
    expect((await t.services.inbox.list(as(voter), {})).items.filter((i) => i.postId === post.id)).toEqual(
      [],
    );
  });
});

describe('what is left of withheld content elsewhere', () => {
  const masked = (events: { postId: string; title: string }[]) =>
    events.every((e) => e.postId === '' && e.title === '');

  it('GIVEN a post staff hid WHEN others read its author’s reputation history THEN no line names it; the author and staff read every line', async () => {
    const { author, voter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, {
      title: 'Famous once',
      kind: 'idea',
    });
    await t.services.votes.vote(as(voter), post.id);
    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: REASON });
    const history = async (viewer: Actor) =>
      (await t.services.reputation.history(viewer, author.id, {})).events;

    for (const viewer of [ANONYMOUS, as(other), as(voter)]) {
      const events = await history(viewer);
      expect(events.map((e) => e.reason).toSorted()).toEqual(['contentHidden', 'postUpvote']);
      expect(masked(events)).toBe(true);
      expect(events.some((e) => 'fromUserId' in e)).toBe(false);
    }
    for (const viewer of [as(author), as(staff)]) {
      const events = await history(viewer);
      expect(events.map((e) => [e.reason, e.postId, e.title]).toSorted()).toEqual([
        ['contentHidden', post.id, post.title],
        ['postUpvote', post.id, post.title],
      ]);
    }

    // Restored: the post's lines are public again; what the moderators did stays private.
    await t.services.moderation.restore(as(staff), { postId: post.id });
    const after = await history(as(other));
    expect(after.find((e) => e.reason === 'postUpvote')).toMatchObject({ postId: post.id });
    expect(masked(after.filter((e) => e.reason !== 'postUpvote'))).toBe(true);
    expect((await history(as(author))).find((e) => e.reason === 'contentRestored')).toMatchObject({
      postId: post.id,
      title: post.title,
    });
  });

  it('GIVEN flags withhold a post and a comment WHEN its author downloads their data THEN the records say flagged and why, not who flagged or decided, nor the flags’ weight', async () => {
    const { author, voter, commenter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Flag bait', kind: 'idea' });
    const host = await t.services.posts.create(as(other), board.slug, { title: 'Host', kind: 'idea' });
    const comment = await t.services.comments.create(as(author), host.id, { body: 'Flag bait too' });
    for (const target of [{ postId: post.id }, { postId: host.id, commentId: comment.id }]) {
      await t.services.moderation.flag(as(voter), target, { reason: 'spam' });
      const last = await t.services.moderation.flag(as(commenter), target, { reason: 'spam' });
      expect(last).toEqual({ flagged: true, withheld: true });
    }

    // Stored: the community's flags withheld it, not the last flagger.
    const stored = await t.stores.posts.get(post.id);
    expect(stored?.moderation).toMatchObject({ state: 'flagged', byId: 'flags', byName: 'Community flags' });
    expect(stored?.flagWeight).toBeGreaterThan(0);
    expect((await t.services.posts.get(as(staff), post.id)).post.moderation?.byName).toBe('Community flags');

    const data = await t.services.account.export(as(author));
    const mine = data.posts.find((p) => p.id === post.id);
    const said = data.comments.find((c) => c.id === comment.id);
    for (const record of [mine, said]) {
      expect(record?.moderation).toMatchObject({ state: 'flagged', byName: 'The moderators', byId: '' });
      expect(record?.moderation?.reason).toContain('a moderator will review it');
      expect(record).not.toHaveProperty('flagWeight');
    }
    const text = JSON.stringify(data);
    for (const flagger of [voter, commenter]) {
      expect(text).not.toContain(flagger.id);
      expect(text).not.toContain(flagger.name);
    }
  });

  it('GIVEN comments withheld pending review WHEN others read the thread THEN one without replies is not there and one with replies names nobody; its author and staff read both', async () => {
    const { author, commenter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Threads', kind: 'idea' });
    const alone = await t.services.comments.create(as(commenter), post.id, { body: 'Buy my thing' });
    const parent = await t.services.comments.create(as(commenter), post.id, { body: 'Buy my other thing' });
    const reply = await t.services.comments.create(as(other), post.id, {
      body: 'Please stop',
      parentId: parent.id,
    });
    for (const c of [alone, parent]) {
      // A staff flag withholds at once, pending review (state `flagged`).
      await t.services.moderation.flag(as(staff), { postId: post.id, commentId: c.id }, { reason: 'spam' });
    }

    for (const viewer of [ANONYMOUS, as(other), as(author)]) {
      for (const thread of [
        (await t.services.posts.get(viewer, post.id)).comments,
        (await t.services.comments.list(viewer, post.id, {})).comments,
      ]) {
        expect(thread.map((c) => c.id)).toEqual([parent.id, reply.id]);
        const shown = thread[0];
        expect(shown).toMatchObject({ body: '', authorId: '', authorName: '', authorIsStaff: false });
        expect(shown).not.toHaveProperty('moderation');
        expect(JSON.stringify(thread)).not.toContain(commenter.id);
        expect(JSON.stringify(thread)).not.toContain(commenter.name);
      }
    }
    const theirs = (await t.services.comments.list(as(commenter), post.id, {})).comments;
    expect(theirs.map((c) => c.id)).toEqual([alone.id, parent.id, reply.id]);
    expect(theirs[0]).toMatchObject({ body: 'Buy my thing', moderation: { state: 'flagged' } });
    const staffs = (await t.services.comments.list(as(staff), post.id, {})).comments;
    expect(staffs.map((c) => c.authorName)).toEqual([commenter.name, commenter.name, other.name]);
    // Counted as others see it: only the reply.
    expect((await t.services.posts.get(ANONYMOUS, post.id)).post.commentCount).toBe(1);
  });

  it('GIVEN inbox items about a post WHEN it is withheld THEN others’ items lose its title and words, its author’s keep them; still two requests a page', async () => {
    const { author, voter, commenter, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Inbox bait', kind: 'idea' });
    await t.services.posts.follow(as(voter), post.id, { following: true });
    await t.services.comments.create(as(commenter), post.id, { body: 'Nice one' });
    await t.services.posts.changeStatus(as(staff), post.id, {
      status: 'planned',
      note: 'Coming in spring',
    });
    await t.drainEvents();
    const about = async (viewer: User) =>
      (await t.services.inbox.list(as(viewer), {})).items.filter((i) => i.postId === post.id);
    expect((await about(voter)).map((i) => i.postTitle)).toContain('Inbox bait');

    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: REASON });
    await t.drainEvents();
    t.requests.clear();
    const voters = await about(voter);
    expect(Object.fromEntries(t.requests)).toEqual({ Query: 1, BatchGetItem: 1 });
    expect(voters.length).toBeGreaterThan(0);
    for (const item of voters) {
      expect(item.postTitle).toBe('');
      expect(item).not.toHaveProperty('excerpt');
    }
    const authors = await about(author);
    expect(authors.map((i) => i.kind).toSorted()).toEqual(['comment', 'moderation', 'status']);
    for (const item of authors) expect(item.postTitle).toBe('Inbox bait');
    expect(authors.find((i) => i.kind === 'comment')?.excerpt).toBe('Nice one');
    expect(authors.find((i) => i.kind === 'moderation')?.excerpt).toContain(REASON);

    await t.services.moderation.restore(as(staff), { postId: post.id });
    expect((await about(voter)).map((i) => i.postTitle)).toContain('Inbox bait');
  });

  it('GIVEN a withheld post WHEN a voter deletes their account THEN its author is not debited again, and the points do not come back with a restore; no vote gets in meanwhile', async () => {
    const { author, voter, other, staff } = await cast();
    const board = await aBoard(t, { kinds: ['idea'] });
    const post = await t.services.posts.create(as(author), board.slug, { title: 'Debited', kind: 'idea' });
    const points = async () =>
      (await t.stores.reputation.countersOf([author.id])).get(author.id)?.reputation ?? 0;
    const start = await points();
    await t.services.votes.vote(as(voter), post.id);
    const voted = await points();
    expect(voted).toBeGreaterThan(start);

    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: REASON });
    expect(await points()).toBe(start);
    await t.services.account.delete(as(voter), { confirmEmail: voter.email.toLowerCase() });
    expect(await points()).toBe(start);
    const stored = await t.stores.posts.get(post.id);
    expect(stored?.voteCount).toBe(1);

    // The store itself refuses a vote on it, whatever the caller checked.
    const vote = { postId: post.id, userId: other.id, votedAt: new Date(clock.now()).toISOString() };
    await expect(t.stores.votes.add(vote)).rejects.toThrow(WithheldError);
    await expect(t.stores.votes.add(vote, { post: stored ?? undefined })).rejects.toThrow(WithheldError);

    await t.services.moderation.restore(as(staff), { postId: post.id });
    expect(await points()).toBe(start);
  });

  it('GIVEN a new member’s first post on a board that holds them WHEN they post, or add a link by an edit, through the API THEN the answer carries the hold and its reason', async () => {
    const runtime = t.runtime();
    const { call } = apiClient(() => runtime);
    // Signed on this file's clock, which earlier tests moved on.
    const sub = `held-${++n}`;
    const token = await signSsoToken({ sub, email: `${sub}@example.com`, name: sub }, TEST_SSO_SECRET, {
      now: clock.now(),
    });
    const session = await call({ method: 'POST', path: '/api/auth/sso', body: { token } });
    expect(session.status).toBe(200);
    const cookies = [session.result.cookies?.[0]?.split(';')[0] ?? ''];
    const board = await aBoard(t, { kinds: ['idea'], holdFirstPosts: true });
    const created = await call({
      method: 'POST',
      path: `/api/boards/${board.slug}/posts`,
      body: { title: 'My first idea', kind: 'idea' },
      cookies,
    });
    expect(created.status).toBe(201);
    expect(created.json.post.moderation).toMatchObject({ state: 'held', reason: HOLD_REASON_TEXT.firstPost });
    // A published post of theirs, held by an edit that adds a link.
    const open = await aBoard(t, { kinds: ['idea'] });
    const second = await call({
      method: 'POST',
      path: `/api/boards/${open.slug}/posts`,
      body: { title: 'My second idea', kind: 'idea' },
      cookies,
    });
    expect(second.status).toBe(201);
    expect(second.json.post).not.toHaveProperty('moderation');
    const edited = await call({
      method: 'PATCH',
      path: `/api/posts/${second.json.post.id}`,
      body: { title: 'My second idea', body: 'Details at https://example.com/mine' },
      cookies,
    });
    expect(edited.status).toBe(200);
    expect(edited.json.post.moderation).toMatchObject({ state: 'held', reason: HOLD_REASON_TEXT.links });
    expect(edited.json.post.moderation.byName).toBe('The moderators');
  });
});
