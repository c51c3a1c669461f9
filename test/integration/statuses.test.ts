import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Board, type Post, type User } from '../../shared/domain/types.ts';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { listOutbox, type OutboxEntry } from '../../shared/adapters/mail/outbox-mailer.ts';
import { verifyUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

/** Real time plus an offset, pushed forward between shipments so that their order is certain. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

let t: TestTable;
let staff: User;
beforeAll(async () => {
  t = await createTestTable({ clock });
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
});
afterAll(() => t.drop());

let titles = 0;
async function aPost(board?: Board): Promise<{ post: Post; author: User; board: Board }> {
  const b = board ?? (await aBoard(t));
  const author = await aUser(t);
  const post = await t.services.posts.create(as(author), b.slug, { title: `Status idea ${++titles}` });
  return { post, author, board: b };
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail');
    },
    (error: unknown) => error,
  );
}

const idsOf = (posts: readonly { id: string }[]) => posts.map((p) => p.id);

/** Emails about this post's title, after every event published so far was handled. */
async function mailAbout(title: string): Promise<OutboxEntry[]> {
  await t.drainEvents();
  return (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${title}”`));
}

const addressOf = (to: string) => /<([^>]+)>$/.exec(to)?.[1] ?? to;

describe('who changes a status', () => {
  it('GIVEN a post WHEN a customer or anonymous visitor changes its status THEN Forbidden / Unauthenticated, and nothing changes', async () => {
    const { post, author } = await aPost();
    await expect(t.services.posts.changeStatus(as(author), post.id, { status: 'planned' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.posts.changeStatus(ANONYMOUS, post.id, { status: 'planned' })).rejects.toThrow(
      UnauthenticatedError,
    );
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.post.status).toBe('open');
    expect(detail.history).toEqual([]);
  });

  it('GIVEN staff WHEN they ask for status "merged" or an unknown status THEN ValidationError on status', async () => {
    const { post } = await aPost();
    for (const status of ['merged', 'done']) {
      const error = await errorOf(t.services.posts.changeStatus(as(staff), post.id, { status }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.status).toBeDefined();
    }
    expect((await t.stores.posts.get(post.id))?.status).toBe('open');
  });
});

describe('status history and notes', () => {
  it('GIVEN staff WHEN they change the status with a note THEN it becomes the post’s status note and a history entry', async () => {
    const { post } = await aPost();
    const changed = await t.services.posts.changeStatus(as(staff), post.id, {
      status: 'planned',
      note: '  Coming next quarter.  ',
    });
    expect(changed.status).toBe('planned');
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.post.status).toBe('planned');
    expect(detail.post.statusNote).toMatchObject({
      body: 'Coming next quarter.',
      byId: staff.id,
      byName: 'Sam Staff',
    });
    expect(detail.post.statusChangedAt).toBeDefined();
    expect(detail.history).toEqual([
      expect.objectContaining({
        postId: post.id,
        from: 'open',
        to: 'planned',
        note: 'Coming next quarter.',
        byId: staff.id,
        byName: 'Sam Staff',
        at: detail.post.statusChangedAt,
      }),
    ]);
  });

  it('GIVEN several changes WHEN reading the post THEN the history keeps each one, in order', async () => {
    const { post } = await aPost();
    const admin = await aUser(t, { role: 'admin', name: 'Ada Admin' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'under_review' });
    await t.services.posts.changeStatus(as(admin), post.id, { status: 'planned', note: 'Yes.' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'in_progress' });
    await t.services.posts.changeStatus(as(admin), post.id, { status: 'shipped', note: 'Out now.' });
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.history.map((h) => [h.from, h.to, h.note, h.byName])).toEqual([
      ['open', 'under_review', undefined, 'Sam Staff'],
      ['under_review', 'planned', 'Yes.', 'Ada Admin'],
      ['planned', 'in_progress', undefined, 'Sam Staff'],
      ['in_progress', 'shipped', 'Out now.', 'Ada Admin'],
    ]);
    const times = detail.history.map((h) => h.at);
    expect(times).toEqual([...times].sort());
    // The note goes with the current status.
    expect(detail.post.statusNote?.body).toBe('Out now.');
  });

  it('GIVEN the same status and note again WHEN staff submit it THEN no new history entry is written', async () => {
    const { post } = await aPost();
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned', note: 'Soon.' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned', note: 'Soon.' });
    expect((await t.services.posts.get(ANONYMOUS, post.id)).history).toHaveLength(1);
  });
});

describe('lists, roadmap and changelog', () => {
  it('GIVEN an open post WHEN it is planned THEN it leaves the open list and joins the planned list', async () => {
    const board = await aBoard(t);
    const { post } = await aPost(board);
    const { post: other } = await aPost(board);
    const list = async (status: string) =>
      idsOf((await t.services.posts.list(ANONYMOUS, board.slug, { status })).posts);
    expect((await list('open')).sort()).toEqual([post.id, other.id].sort());
    expect(await list('planned')).toEqual([]);

    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    expect(await list('open')).toEqual([other.id]);
    expect(await list('planned')).toEqual([post.id]);
    // Still on the board's unfiltered list, with its new status.
    const all = (await t.services.posts.list(ANONYMOUS, board.slug, {})).posts;
    expect(all.find((p) => p.id === post.id)?.status).toBe('planned');

    await t.services.posts.changeStatus(as(staff), post.id, { status: 'in_progress' });
    expect(await list('planned')).toEqual([]);
    expect(await list('in_progress')).toEqual([post.id]);
  });

  it('GIVEN posts across boards WHEN staff plan, start and ship them THEN the roadmap shows each in its column', async () => {
    const [{ post: planned }, { post: started }, { post: shipped }, { post: open }] = [
      await aPost(),
      await aPost(),
      await aPost(),
      await aPost(),
    ];
    await t.services.posts.changeStatus(as(staff), planned.id, { status: 'planned' });
    await t.services.posts.changeStatus(as(staff), started.id, { status: 'in_progress' });
    await t.services.posts.changeStatus(as(staff), shipped.id, { status: 'shipped' });
    const roadmap = await t.services.posts.roadmap(ANONYMOUS);
    const columns = {
      planned: idsOf(roadmap.planned),
      in_progress: idsOf(roadmap.in_progress),
      shipped: idsOf(roadmap.shipped),
    };
    expect(columns.planned).toContain(planned.id);
    expect(columns.in_progress).toContain(started.id);
    expect(columns.shipped).toContain(shipped.id);
    const everywhere = [...columns.planned, ...columns.in_progress, ...columns.shipped];
    expect(everywhere).not.toContain(open.id);
    // Each post in exactly one column.
    for (const id of [planned.id, started.id, shipped.id])
      expect(everywhere.filter((x) => x === id)).toHaveLength(1);
    expect(roadmap.shipped.find((p) => p.id === shipped.id)?.votingOpen).toBe(false);
  });

  it('GIVEN posts shipped one after another WHEN reading the changelog THEN the most recently shipped comes first', async () => {
    const [{ post: first }, { post: second }, { post: third }] = [
      await aPost(),
      await aPost(),
      await aPost(),
    ];
    // Shipped in the order third, first, second, each a minute apart.
    for (const post of [third, first, second]) {
      offsetMs += 60_000;
      const changed = await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
      expect(changed.shippedAt).toBe(changed.statusChangedAt);
    }
    const changelog = await t.services.posts.changelog(ANONYMOUS, {});
    const order = idsOf(changelog.posts).filter((id) => [first.id, second.id, third.id].includes(id));
    expect(order).toEqual([second.id, first.id, third.id]);
    const shippedAt = changelog.posts.map((p) => p.shippedAt ?? '');
    expect(shippedAt.every(Boolean)).toBe(true);
    expect(shippedAt).toEqual([...shippedAt].sort().reverse());

    // A note on a shipped post keeps its shipping date; reopening takes it off the changelog.
    const before = (await t.stores.posts.get(first.id))?.shippedAt;
    offsetMs += 60_000;
    await t.services.posts.changeStatus(as(staff), first.id, { status: 'shipped', note: 'Docs are up.' });
    expect((await t.stores.posts.get(first.id))?.shippedAt).toBe(before);
    await t.services.posts.changeStatus(as(staff), first.id, { status: 'planned' });
    expect((await t.stores.posts.get(first.id))?.shippedAt).toBeUndefined();
    expect(idsOf((await t.services.posts.changelog(ANONYMOUS, {})).posts)).not.toContain(first.id);
  });
});

describe('status emails', () => {
  it('GIVEN followers of every kind WHEN staff change the status THEN each follower gets one email, but not the staff member or an unfollower', async () => {
    const { post, author } = await aPost();
    const [voter, commenter, follower, unfollower, bystander] = [
      await aUser(t, { name: 'Vera Voter' }),
      await aUser(t),
      await aUser(t),
      await aUser(t),
      await aUser(t),
    ];
    await t.services.votes.vote(as(voter), post.id);
    await t.services.comments.create(as(commenter), post.id, { body: 'Me too' });
    await t.services.posts.follow(as(follower), post.id, { following: true });
    await t.services.votes.vote(as(unfollower), post.id);
    await t.services.posts.follow(as(unfollower), post.id, { following: false });
    // The staff member follows too (by commenting), and still gets no email for their own change.
    await t.services.comments.create(as(staff), post.id, { body: 'Looking into it' });

    await t.services.posts.changeStatus(as(staff), post.id, {
      status: 'planned',
      note: 'We will build this in March.',
    });
    const mail = await mailAbout(post.title);
    const recipients = mail.map((m) => addressOf(m.to)).sort();
    expect(recipients).toEqual([author.email, voter.email, commenter.email, follower.email].sort());
    expect(recipients).not.toContain(staff.email);
    expect(recipients).not.toContain(unfollower.email);
    expect(recipients).not.toContain(bystander.email);

    const toVoter = mail.find((m) => addressOf(m.to) === voter.email);
    expect(toVoter?.subject).toBe(`[Hearth] “${post.title}” is now planned`);
    expect(toVoter?.text).toContain('Hi Vera Voter,');
    expect(toVoter?.text).toContain('We will build this in March.');
    expect(toVoter?.text).toContain('from open to planned');
    expect(toVoter?.html).toContain('We will build this in March.');
    expect(toVoter?.text).toContain(`https://board.example/p/${post.id}`);
  });

  it('GIVEN a status email WHEN reading its unsubscribe header and link THEN both carry a token signed for that post and recipient', async () => {
    const { post, author } = await aPost();
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'under_review' });
    const [mail] = await mailAbout(post.title);
    expect(mail).toBeDefined();
    const header = mail?.headers['list-unsubscribe'] ?? '';
    const oneClick = /^<(https:\/\/board\.example\/api\/unsubscribe\?token=([^>]+))>$/.exec(header);
    expect(oneClick).not.toBeNull();
    expect(mail?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(verifyUnsubscribe(TEST_SSO_SECRET, oneClick?.[2] ?? '')).toEqual({
      postId: post.id,
      userId: author.id,
    });

    const link = /Unsubscribe from it: (https:\/\/board\.example\/unsubscribe\/(\S+))/.exec(mail?.text ?? '');
    expect(link).not.toBeNull();
    expect(verifyUnsubscribe(TEST_SSO_SECRET, link?.[2] ?? '')).toEqual({
      postId: post.id,
      userId: author.id,
    });
    expect(mail?.html).toContain(`href="${link?.[1]}"`);
    // A token for someone else, or tampered with, is not accepted.
    expect(verifyUnsubscribe(TEST_SSO_SECRET, `${link?.[2]}x`)).toBeNull();
  });

  it('GIVEN the same change submitted 4 times at once WHEN all settle THEN one history entry and one email per follower', async () => {
    const { post, author } = await aPost();
    const voter = await aUser(t);
    await t.services.votes.vote(as(voter), post.id);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.services.posts.changeStatus(as(staff), post.id, { status: 'planned', note: 'Next up.' }),
      ),
    );
    expect(results.map((p) => p.status)).toEqual(['planned', 'planned', 'planned', 'planned']);
    expect((await t.services.posts.get(ANONYMOUS, post.id)).history).toHaveLength(1);
    const mail = await mailAbout(post.title);
    expect(mail.map((m) => addressOf(m.to)).sort()).toEqual([author.email, voter.email].sort());
  });

  it('GIVEN a change of the note only WHEN staff save it THEN no email goes out', async () => {
    const { post } = await aPost();
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    expect(await mailAbout(post.title)).toHaveLength(1);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned', note: 'Now with a note.' });
    expect(await mailAbout(post.title)).toHaveLength(1);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'in_progress' });
    const mail = await mailAbout(post.title);
    expect(mail.map((m) => m.subject).sort()).toEqual([
      `[Hearth] “${post.title}” is now in progress`,
      `[Hearth] “${post.title}” is now planned`,
    ]);
  });
});
