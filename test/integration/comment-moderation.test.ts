/** Deleting and hiding comments, and what each viewer may do with each comment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor, type Comment, type User } from '../../shared/domain/types.ts';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/errors.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { aCommentablePost, checkedCommentCount } from '../setup/comment-fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';

const { clock, advanceMinutes } = offsetClock();

let t: TestTable;
beforeAll(async () => (t = await createTestTable({ clock })));
afterAll(() => t.drop());

const aPost = () => aCommentablePost(t);
const commentCount = (postId: string) => checkedCommentCount(t, postId);

describe('deleting and hiding comments', () => {
  it('GIVEN their own comment WHEN the author deletes it THEN the text is gone for everyone and the count goes down', async () => {
    const { post } = await aPost();
    const [commenter, other, staff] = [await aUser(t), await aUser(t), await aUser(t, { role: 'staff' })];
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Regret this' });
    await t.services.comments.create(as(other), post.id, { body: 'Stays' });
    expect(await commentCount(post.id)).toBe(2);

    await expect(t.services.comments.delete(as(other), post.id, comment.id)).rejects.toThrow(ForbiddenError);
    await expect(t.services.comments.delete(as(staff), post.id, comment.id)).rejects.toThrow(ForbiddenError);
    expect(await commentCount(post.id)).toBe(2);

    await t.services.comments.delete(as(commenter), post.id, comment.id);
    expect(await commentCount(post.id)).toBe(1);
    for (const viewer of [ANONYMOUS, as(commenter), as(staff)]) {
      const detail = await t.services.posts.get(viewer, post.id);
      expect(detail.post.commentCount).toBe(1);
      // Soft: the comment keeps its place in the thread, without its text.
      expect(detail.comments.map((c) => [c.id, c.body, c.deleted])).toEqual([
        [comment.id, '', true],
        [expect.any(String), 'Stays', false],
      ]);
    }

    // Deleting again changes nothing.
    await expect(t.services.comments.delete(as(commenter), post.id, comment.id)).rejects.toThrow(
      ForbiddenError,
    );
    expect(await commentCount(post.id)).toBe(1);
  });

  it('GIVEN a comment WHEN staff hide and unhide it THEN customers see no text while hidden, staff always do, and the count follows', async () => {
    const { post, author } = await aPost();
    const [commenter, staff] = [await aUser(t), await aUser(t, { role: 'staff' })];
    const rude = await t.services.comments.create(as(commenter), post.id, { body: 'Rude words' });
    await t.services.comments.create(as(author), post.id, { body: 'Polite words' });
    expect(await commentCount(post.id)).toBe(2);

    await expect(t.services.comments.setHidden(as(commenter), post.id, rude.id, true)).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.comments.setHidden(ANONYMOUS, post.id, rude.id, true)).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(await commentCount(post.id)).toBe(2);

    await t.services.comments.setHidden(as(staff), post.id, rude.id, true);
    expect(await commentCount(post.id)).toBe(1);
    const bodyFor = async (viewer: Parameters<typeof t.services.posts.get>[0]) =>
      (await t.services.posts.get(viewer, post.id)).comments.find((c) => c.id === rude.id)?.body;
    expect(await bodyFor(ANONYMOUS)).toBe('');
    expect(await bodyFor(as(author))).toBe('');
    expect(await bodyFor(as(commenter))).toBe('');
    expect(await bodyFor(as(staff))).toBe('Rude words');
    expect((await t.services.posts.get(ANONYMOUS, post.id)).post.commentCount).toBe(1);

    // Hiding twice does not take the count down twice.
    await t.services.comments.setHidden(as(staff), post.id, rude.id, true);
    expect(await commentCount(post.id)).toBe(1);

    await t.services.comments.setHidden(as(staff), post.id, rude.id, false);
    expect(await commentCount(post.id)).toBe(2);
    expect(await bodyFor(ANONYMOUS)).toBe('Rude words');

    // A hidden comment its author then deletes stays out of the count when unhidden.
    await t.services.comments.setHidden(as(staff), post.id, rude.id, true);
    expect(await commentCount(post.id)).toBe(1);
    await t.services.comments.delete(as(commenter), post.id, rude.id);
    expect(await commentCount(post.id)).toBe(1);
    await t.services.comments.setHidden(as(staff), post.id, rude.id, false);
    expect(await commentCount(post.id)).toBe(1);
    expect(await bodyFor(as(staff))).toBe('');
  });

  it('GIVEN 10 concurrent hides, unhides and deletes WHEN they settle THEN the count equals the visible comments', async () => {
    const { post } = await aPost();
    const staff = await aUser(t, { role: 'staff' });
    const commenters = await Promise.all(Array.from({ length: 4 }, () => aUser(t)));
    const comments: Comment[] = [];
    for (const [i, commenter] of commenters.entries()) {
      comments.push(await t.services.comments.create(as(commenter), post.id, { body: `Comment ${i}` }));
    }
    expect(await commentCount(post.id)).toBe(4);

    const hide = (i: number, hidden: boolean) =>
      t.services.comments.setHidden(as(staff), post.id, comments[i]?.id ?? '', hidden);
    const remove = (i: number) =>
      t.services.comments.delete(as(commenters[i] as User), post.id, comments[i]?.id ?? '');
    for (let round = 0; round < 2; round++) {
      const results = await Promise.allSettled([
        hide(0, true),
        hide(0, false),
        remove(0),
        hide(1, true),
        hide(1, true),
        remove(1),
        hide(2, true),
        hide(2, false),
        hide(3, false),
        remove(3),
      ]);
      // Only a second delete of the same comment may fail (it is already deleted).
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ForbiddenError);
      }
      await commentCount(post.id);
    }
    const stored = await t.stores.comments.listByPost(post.id);
    // Comments 0, 1 and 3 were deleted; comment 2's visibility depends on which of its two ops came last.
    expect(stored.filter((c) => c.deleted).map((c) => c.body)).toEqual([
      'Comment 0',
      'Comment 1',
      'Comment 3',
    ]);
    expect(await commentCount(post.id)).toBe(stored[2]?.hidden ? 0 : 1);
  });
});

describe('comment permissions', () => {
  const none = { edit: false, delete: false, moderate: false, accept: false, reply: false };
  /** Each comment's permissions for this viewer, by comment id, as the post's detail returns them. */
  const permissionsOf = async (viewer: Actor, postId: string) =>
    new Map((await t.services.posts.get(viewer, postId)).comments.map((c) => [c.id, c.permissions]));

  it('GIVEN an idea with a comment WHEN the author, another customer and an anonymous visitor read it THEN the author edits for 30 minutes and deletes, the customer only replies, the visitor does nothing', async () => {
    const { post } = await aPost();
    const [commenter, other] = [await aUser(t), await aUser(t)];
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Mine' });
    const own = { ...none, edit: true, delete: true, reply: true };
    // The comment service answers with the same permissions as the post's detail.
    expect(comment.permissions).toEqual(own);

    expect((await permissionsOf(as(commenter), post.id)).get(comment.id)).toEqual(own);
    expect((await permissionsOf(as(other), post.id)).get(comment.id)).toEqual({ ...none, reply: true });
    expect((await permissionsOf(ANONYMOUS, post.id)).get(comment.id)).toEqual(none);

    advanceMinutes(31);
    expect((await permissionsOf(as(commenter), post.id)).get(comment.id)).toEqual({ ...own, edit: false });
  });

  it('GIVEN a question with answers WHEN staff and the asker read it THEN staff moderate, both accept visible answers, and nobody replies to a reply or to hidden or deleted text', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const [asker, ann, bob, staff] = [
      await aUser(t),
      await aUser(t),
      await aUser(t),
      await aUser(t, { role: 'staff' }),
    ];
    const post = await t.services.posts.create(as(asker), board.slug, { title: 'How do I export?' });
    const answer = await t.services.comments.create(as(ann), post.id, { body: 'Settings, then Export.' });
    const reply = await t.services.comments.create(as(bob), post.id, { body: 'Thanks', parentId: answer.id });
    const hidden = await t.services.comments.create(as(bob), post.id, { body: 'Rude' });
    const deleted = await t.services.comments.create(as(ann), post.id, { body: 'Oops' });
    await t.services.comments.setHidden(as(staff), post.id, hidden.id, true);
    await t.services.comments.delete(as(ann), post.id, deleted.id);

    const forStaff = await permissionsOf(as(staff), post.id);
    expect(forStaff.get(answer.id)).toEqual({ ...none, moderate: true, accept: true, reply: true });
    expect(forStaff.get(reply.id)).toEqual({ ...none, moderate: true, accept: true });
    expect(forStaff.get(hidden.id)).toEqual({ ...none, moderate: true });
    expect(forStaff.get(deleted.id)).toEqual(none);

    const forAsker = await permissionsOf(as(asker), post.id);
    expect(forAsker.get(answer.id)).toEqual({ ...none, accept: true, reply: true });
    expect(forAsker.get(hidden.id)).toEqual(none);

    // Another customer accepts nothing on someone else's question.
    expect((await permissionsOf(as(ann), post.id)).get(reply.id)).toEqual(none);
  });

  it('GIVEN a merged question WHEN staff and its commenter read it THEN nobody replies or accepts, staff still moderate, the author still edits and deletes', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const [asker, commenter, staff] = [await aUser(t), await aUser(t), await aUser(t, { role: 'staff' })];
    const source = await t.services.posts.create(as(asker), board.slug, { title: 'Export?' });
    const target = await t.services.posts.create(as(asker), board.slug, { title: 'How to export' });
    const comment = await t.services.comments.create(as(commenter), source.id, { body: 'Me too' });
    expect((await permissionsOf(as(staff), source.id)).get(comment.id)).toEqual({
      ...none,
      moderate: true,
      accept: true,
      reply: true,
    });

    await t.services.posts.merge(as(staff), source.id, { into: target.id });
    expect((await permissionsOf(as(staff), source.id)).get(comment.id)).toEqual({ ...none, moderate: true });
    expect((await permissionsOf(as(asker), source.id)).get(comment.id)).toEqual(none);
    expect((await permissionsOf(as(commenter), source.id)).get(comment.id)).toEqual({
      ...none,
      edit: true,
      delete: true,
    });
  });
});
