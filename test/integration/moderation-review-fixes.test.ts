/**
 * Moderation's edges (issue 17 review): flag weights stay with staff, the author hears only of changes
 * they can see, the queue loses what its author deleted, one decision settles the flags, the older hide
 * switch goes through the moderators, and a restore never undeletes what its author deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types.ts';
import { ConflictError, NotFoundError } from '../../shared/domain/errors.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { apiClient } from '../setup/api-client.ts';
import { auditLines, MEMBER, rawUser, withStanding } from '../setup/moderation-fixtures.ts';

let t: TestTable;
let runtime: Runtime;
const { call, signIn } = apiClient(() => runtime);
let staff: User;
beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
  staff = await aUser(t, { role: 'staff' });
});
afterAll(() => t.drop());

async function aPost(boardOpts: { holdFirstPosts?: boolean } = {}) {
  const board = await aBoard(t, boardOpts);
  const author = await withStanding(t, await aUser(t), MEMBER);
  const post = await t.services.posts.create(as(author), board.slug, { title: 'Buy followers' });
  return { board, author, post };
}

const aMember = async () => withStanding(t, await aUser(t), MEMBER);

/** The target's review item id, read underneath (the queue view leaves out what is gone). */
const reviewIdOf = async (postId: string, commentId?: string) =>
  (await t.stores.moderation.flagsOf({ postId, ...(commentId ? { commentId } : {}) }, 0)).reviewId;

const moderationNotices = async (userId: string) => {
  await t.drainEvents();
  return (await t.stores.inbox.page(userId, 20)).items.filter((i) => i.kind === 'moderation');
};

describe('what others see of flags', () => {
  it('GIVEN a flagged comment WHEN others read the thread THEN no flag weight shows; staff see it', async () => {
    const { post } = await aPost();
    const commenter = await aMember();
    const comment = await t.services.comments.create(as(commenter), post.id, {
      body: 'Meh, whatever you say',
    });
    await t.services.moderation.flag(
      as(await aUser(t)),
      { postId: post.id, commentId: comment.id },
      {
        reason: 'spam',
      },
    );
    expect((await t.stores.comments.get(post.id, comment.id))?.flagWeight).toBe(1);
    for (const viewer of [as(await aUser(t)), as(commenter)]) {
      const { comments } = await t.services.comments.list(viewer, post.id, {});
      const seen = comments.find((c) => c.id === comment.id);
      expect(seen).toBeDefined();
      expect(seen).not.toHaveProperty('flagWeight');
    }
    const staffView = (await t.services.comments.list(as(staff), post.id, {})).comments;
    expect(staffView.find((c) => c.id === comment.id)?.flagWeight).toBe(1);
  });
});

describe('notices', () => {
  it('GIVEN a post flagged under the threshold WHEN staff disagree or restore THEN its author hears nothing: it never left', async () => {
    const { post, author } = await aPost();
    await t.services.moderation.flag(as(await aUser(t)), { postId: post.id }, { reason: 'spam' });
    await t.services.moderation.restore(as(staff), { postId: post.id });
    const { post: other, author: otherAuthor } = await aPost();
    await t.services.moderation.flag(as(await aUser(t)), { postId: other.id }, { reason: 'spam' });
    await t.services.moderation.decide(as(staff), (await reviewIdOf(other.id)) ?? '', {
      decision: 'disagree',
    });
    expect(await moderationNotices(author.id)).toEqual([]);
    expect(await moderationNotices(otherAuthor.id)).toEqual([]);
  });
});

describe('content its author deleted', () => {
  it('GIVEN a held first post WHEN its author deletes it THEN its review item and pointer are gone', async () => {
    const board = await aBoard(t, { holdFirstPosts: true });
    const newcomer = await aUser(t);
    const post = await t.services.posts.create(as(newcomer), board.slug, { title: 'My first' });
    const id = await reviewIdOf(post.id);
    expect(id).toBeDefined();
    await t.services.posts.delete(as(newcomer), post.id);
    expect(await reviewIdOf(post.id)).toBeUndefined();
    expect(await t.stores.moderation.reviewItem(id ?? '')).toBeNull();
  });

  it('GIVEN a flagged comment WHEN its author deletes it THEN it leaves the queue', async () => {
    const { post } = await aPost();
    const commenter = await aMember();
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Spammy text here' });
    await t.services.moderation.flag(
      as(await aUser(t)),
      { postId: post.id, commentId: comment.id },
      {
        reason: 'spam',
      },
    );
    const id = await reviewIdOf(post.id, comment.id);
    expect(id).toBeDefined();
    await t.services.comments.delete(as(commenter), post.id, comment.id);
    expect(await reviewIdOf(post.id, comment.id)).toBeUndefined();
    expect(await t.stores.moderation.reviewItem(id ?? '')).toBeNull();
  });

  it('GIVEN a queued post that is gone WHEN staff decide THEN the item is dismissed with an audit line, not 404 forever', async () => {
    const { post } = await aPost();
    await t.services.moderation.flag(as(await aUser(t)), { postId: post.id }, { reason: 'spam' });
    const id = (await reviewIdOf(post.id)) ?? '';
    // Gone underneath, the way no service path leaves it (an older deploy, say).
    const stored = await t.stores.posts.get(post.id);
    expect(await t.stores.posts.delete(stored ?? post, false)).toBe(true);
    expect(await t.services.moderation.decide(as(staff), id, { decision: 'agree' })).toEqual({
      state: 'removed',
    });
    expect(await t.stores.moderation.reviewItem(id)).toBeNull();
    const lines = (await auditLines(t)).filter((l) => l.target.postId === post.id);
    expect(lines.map((l) => l.action)).toEqual(['flag', 'dismiss']);
    await expect(t.services.moderation.decide(as(staff), id, { decision: 'agree' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('GIVEN a comment hidden by staff that its author then deleted WHEN staff remove then restore it THEN it stays deleted', async () => {
    const { post } = await aPost();
    const commenter = await aMember();
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Take this back' });
    const target = { postId: post.id, commentId: comment.id };
    await t.services.moderation.hide(as(staff), target, { reason: 'Rude' });
    await t.services.comments.delete(as(commenter), post.id, comment.id);
    await t.services.moderation.remove(as(staff), target, { reason: 'Rude' });
    await t.services.moderation.restore(as(staff), target, {});
    const stored = await t.stores.comments.get(post.id, comment.id);
    expect(stored).toMatchObject({ deleted: true, hidden: false });
    expect(stored?.moderation).toBeUndefined();
    expect((await t.stores.posts.get(post.id))?.commentCount).toBe(0);
    // Others are not told who deleted it.
    const seen = (await t.services.comments.list(as(await aUser(t)), post.id, {})).comments;
    expect(seen.find((c) => c.id === comment.id)).not.toHaveProperty('deletedByAuthor');
  });
});

describe('settling flags', () => {
  it('GIVEN two staff deciding one item at once WHEN both answer THEN one wins and the flags learn its outcome only', async () => {
    const { post } = await aPost();
    const flagger = await aMember();
    await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'spam' });
    const id = (await reviewIdOf(post.id)) ?? '';
    const other = await aUser(t, { role: 'staff' });
    const [agree, disagree] = await Promise.allSettled([
      t.services.moderation.decide(as(staff), id, { decision: 'agree' }),
      t.services.moderation.decide(as(other), id, { decision: 'disagree' }),
    ]);
    const won = [agree, disagree].filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const outcome = agree.status === 'fulfilled' ? 'agreed' : 'disagreed';
    const flag = await t.stores.moderation.getFlag({ postId: post.id }, flagger.id);
    expect(flag?.outcome).toBe(outcome);
    const record = await rawUser(t, flagger.id);
    expect(Number(record.flagsAgreed ?? 0) + Number(record.flagsDisagreed ?? 0)).toBe(1);
  });

  it('GIVEN a flagged post WHEN staff hide it directly THEN its flags are agreed with; a restore of another disagrees', async () => {
    const { post } = await aPost();
    const flagger = await aMember();
    await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'spam' });
    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: 'Spam' });
    expect((await t.stores.moderation.getFlag({ postId: post.id }, flagger.id))?.outcome).toBe('agreed');
    const { post: second } = await aPost();
    await t.services.moderation.flag(as(flagger), { postId: second.id }, { reason: 'spam' });
    await t.services.moderation.restore(as(staff), { postId: second.id }, {});
    expect((await t.stores.moderation.getFlag({ postId: second.id }, flagger.id))?.outcome).toBe('disagreed');
    expect(await rawUser(t, flagger.id)).toMatchObject({ flagsAgreed: 1, flagsDisagreed: 1 });
  });
});

describe('flags on hidden comments', () => {
  it('GIVEN a comment staff hid WHEN a member flags it THEN 404 like a missing one', async () => {
    const { post } = await aPost();
    const comment = await t.services.comments.create(as(await aMember()), post.id, {
      body: 'Whatever, dude',
    });
    const target = { postId: post.id, commentId: comment.id };
    await t.services.moderation.hide(as(staff), target, { reason: 'Rude' });
    const err = await t.services.moderation
      .flag(as(await aUser(t)), target, { reason: 'spam' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    // Word for word what a missing comment answers.
    expect((err as Error).message).toBe('Comment not found.');
  });
});

describe('the older hide switch', () => {
  it('GIVEN staff WHEN they PUT a comment hidden THEN it is a moderators’ hide: audited, with a reason, and the author told', async () => {
    const staffCookies = await signIn('fixes-staff', 'staff');
    const { post } = await aPost();
    const commenter = await aMember();
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Not nice at all' });
    const path = `/api/posts/${post.id}/comments/${comment.id}/hidden`;
    expect((await call({ method: 'PUT', path, body: { hidden: true }, cookies: staffCookies })).status).toBe(
      204,
    );
    expect((await t.stores.comments.get(post.id, comment.id))?.moderation).toMatchObject({
      state: 'hidden',
      reason: 'Hidden by staff.',
    });
    expect((await call({ method: 'PUT', path, body: { hidden: false }, cookies: staffCookies })).status).toBe(
      204,
    );
    const stored = await t.stores.comments.get(post.id, comment.id);
    expect(stored?.hidden).toBe(false);
    expect(stored?.moderation).toBeUndefined();
    const lines = (await auditLines(t)).filter((l) => l.target.commentId === comment.id);
    expect(lines.map((l) => l.action)).toEqual(['hide', 'restore']);
    expect(await moderationNotices(commenter.id)).toHaveLength(2);
  });
});

describe('holds', () => {
  it('GIVEN a newcomer whose first post waits WHEN they post again THEN that one waits too: a held post is not a published one', async () => {
    const board = await aBoard(t, { holdFirstPosts: true });
    const newcomer = await aUser(t);
    const first = await t.services.posts.create(as(newcomer), board.slug, { title: 'Hello all' });
    const second = await t.services.posts.create(as(newcomer), board.slug, { title: 'Hello again' });
    expect(first.moderation?.state).toBe('held');
    expect(second.moderation).toMatchObject({
      state: 'held',
      reason: "New members' first posts are reviewed before they are published.",
    });
    // Once one is published, the next goes straight out.
    await t.services.moderation.decide(as(staff), (await reviewIdOf(first.id)) ?? '', {
      decision: 'approve',
    });
    const third = await t.services.posts.create(as(newcomer), board.slug, { title: 'Third time' });
    expect(third.moderation).toBeUndefined();
  });

  it('GIVEN a newcomer’s published post and comment WHEN they edit a link in THEN both are held for review', async () => {
    const board = await aBoard(t);
    const newcomer = await aUser(t);
    const post = await t.services.posts.create(as(newcomer), board.slug, { title: 'Plain words' });
    expect(post.moderation).toBeUndefined();
    const edited = await t.services.posts.edit(as(newcomer), post.id, {
      title: 'Plain words',
      body: 'Buy at cheap-pills.com',
    });
    expect(edited.moderation?.state).toBe('held');
    expect((await t.stores.posts.get(post.id))?.moderation).toMatchObject({ state: 'held' });
    expect(await reviewIdOf(post.id)).toBeDefined();

    const { post: other } = await aPost();
    const comment = await t.services.comments.create(as(newcomer), other.id, { body: 'Nice idea there' });
    await t.services.comments.edit(as(newcomer), other.id, comment.id, { body: 'See https://spam.example' });
    const stored = await t.stores.comments.get(other.id, comment.id);
    expect(stored).toMatchObject({ hidden: true, moderation: { state: 'held', reason: expect.any(String) } });
    expect(await reviewIdOf(other.id, comment.id)).toBeDefined();
    expect((await t.stores.posts.get(other.id))?.commentCount).toBe(0);
  });

  it('GIVEN withheld content WHEN its author edits it THEN 409; staff may', async () => {
    const { post, author } = await aPost();
    await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: 'Spam' });
    await expect(t.services.posts.edit(as(author), post.id, { title: 'Innocent now' })).rejects.toThrow(
      ConflictError,
    );
    await t.services.posts.edit(as(staff), post.id, { title: 'Cleaned up' });

    const { post: other } = await aPost();
    const commenter = await aMember();
    const comment = await t.services.comments.create(as(commenter), other.id, { body: 'Rude words here' });
    await t.services.moderation.hide(
      as(staff),
      { postId: other.id, commentId: comment.id },
      { reason: 'Rude' },
    );
    await expect(
      t.services.comments.edit(as(commenter), other.id, comment.id, { body: 'Kind words' }),
    ).rejects.toThrow(ConflictError);
  });

  it('GIVEN a newcomer’s held comment WHEN staff approve it THEN the post’s author is notified then', async () => {
    const { post, author } = await aPost();
    const newcomer = await aUser(t);
    const comment = await t.services.comments.create(as(newcomer), post.id, { body: 'See www.spam.example' });
    await t.drainEvents();
    const comments = async () =>
      (await t.services.inbox.list(as(author), { limit: 50 })).items.filter(
        (i) => i.postId === post.id && i.kind === 'comment',
      );
    expect(await comments()).toEqual([]);
    await t.services.moderation.decide(as(staff), (await reviewIdOf(post.id, comment.id)) ?? '', {
      decision: 'approve',
    });
    await t.drainEvents();
    expect(await comments()).toHaveLength(1);
  });
});

describe('repeats', () => {
  it('GIVEN short texts WHEN a member says them again THEN they are not repeats', async () => {
    const board = await aBoard(t);
    const member = await aMember();
    await t.services.posts.create(as(member), board.slug, { title: 'Dark mode' });
    await t.services.posts.create(as(member), board.slug, { title: 'Dark mode' });
  });
});

describe('racing flags', () => {
  it('GIVEN a post read before a flag landed WHEN a write withholds it from that read THEN it is refused, so no weight is lost', async () => {
    const { post } = await aPost();
    const stale = (await t.stores.posts.get(post.id)) ?? post;
    await t.services.moderation.flag(as(await aUser(t)), { postId: post.id }, { reason: 'spam' });
    const at = new Date().toISOString();
    const moderation = { state: 'flagged' as const, reason: 'Flags', at, byId: 'flags', byName: 'Flags' };
    const audit = {
      id: `race-${post.id}`,
      at,
      action: 'flag' as const,
      actorId: staff.id,
      actorName: staff.name,
      target: { kind: 'post' as const, postId: post.id },
    };
    expect(
      await t.stores.moderation.setPost(stale, { moderation, flagWeight: 4, updatedAt: at }, { audit }),
    ).toBe(false);
    expect((await t.stores.posts.get(post.id))?.flagWeight).toBe(1);
  });
});
