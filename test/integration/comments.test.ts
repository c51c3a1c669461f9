/**
 * Commenting and replying, and editing a comment. Deleting, hiding and who may do what with a comment:
 * comment-moderation.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { statusFor } from '../../shared/http/error-status.ts';
import { errorOf } from '../setup/error-of.ts';
import { MEMBER, withStanding } from '../setup/moderation-fixtures.ts';
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

describe('commenting', () => {
  it('GIVEN a post WHEN a customer comments in markdown THEN the raw text is stored and the count goes up', async () => {
    const { post } = await aPost();
    // A member: a new account's links wait for review (moderation-queue.test.ts).
    const commenter = await withStanding(t, await aUser(t, { name: 'Grace' }), MEMBER);
    const body = '**Yes**, please:\n\n- CSV\n- <b>XLSX</b> [docs](https://example.com)';
    const comment = await t.services.comments.create(as(commenter), post.id, { body: `  ${body}\n` });
    expect(comment).toMatchObject({
      postId: post.id,
      authorId: commenter.id,
      authorName: 'Grace',
      authorIsStaff: false,
      body,
      deleted: false,
      hidden: false,
    });
    expect(comment.parentId).toBeUndefined();

    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.comments).toHaveLength(1);
    expect(detail.comments[0]?.body).toBe(body);
    expect(detail.post.commentCount).toBe(1);
    expect(await commentCount(post.id)).toBe(1);
  });

  it('GIVEN no session WHEN commenting THEN UnauthenticatedError and nothing is stored', async () => {
    const { post } = await aPost();
    await expect(t.services.comments.create(ANONYMOUS, post.id, { body: 'Hello' })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(await t.stores.comments.listByPost(post.id)).toEqual([]);
    expect(await commentCount(post.id)).toBe(0);
  });

  it('GIVEN an empty body WHEN commenting THEN ValidationError on body', async () => {
    const { post, author } = await aPost();
    const error = await errorOf(t.services.comments.create(as(author), post.id, { body: '   ' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.body).toBeDefined();
  });

  it('GIVEN a comment WHEN someone replies THEN the reply hangs under it, but a reply to a reply is refused', async () => {
    const { post, author } = await aPost();
    const [ann, bob] = [await aUser(t), await aUser(t)];
    const top = await t.services.comments.create(as(ann), post.id, { body: 'Top-level' });
    const reply = await t.services.comments.create(as(bob), post.id, { body: 'A reply', parentId: top.id });
    expect(reply.parentId).toBe(top.id);

    const error = await errorOf(
      t.services.comments.create(as(author), post.id, { body: 'Too deep', parentId: reply.id }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields)).toEqual(['parentId']);

    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.comments.map((c) => [c.body, c.parentId])).toEqual([
      ['Top-level', undefined],
      ['A reply', top.id],
    ]);
    expect(await commentCount(post.id)).toBe(2);
  });

  it('GIVEN a comment on another post WHEN replying to it here THEN ValidationError on parentId', async () => {
    const [{ post: here }, { post: elsewhere }] = [await aPost(), await aPost()];
    const commenter = await aUser(t);
    const foreign = await t.services.comments.create(as(commenter), elsewhere.id, { body: 'Elsewhere' });
    const error = await errorOf(
      t.services.comments.create(as(commenter), here.id, { body: 'Cross-post', parentId: foreign.id }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.parentId).toBeDefined();
    expect(await t.stores.comments.listByPost(here.id)).toEqual([]);
    expect(await commentCount(here.id)).toBe(0);
    expect(await commentCount(elsewhere.id)).toBe(1);
  });

  it('GIVEN a hidden or a deleted comment WHEN anyone, staff included, replies to it THEN ConflictError (409) and nothing is stored', async () => {
    const { post } = await aPost();
    const [ann, bob, staff] = [await aUser(t), await aUser(t), await aUser(t, { role: 'staff' })];
    const hidden = await t.services.comments.create(as(ann), post.id, { body: 'Rude' });
    const deleted = await t.services.comments.create(as(bob), post.id, { body: 'Oops' });
    await t.services.comments.setHidden(as(staff), post.id, hidden.id, true);
    await t.services.comments.delete(as(bob), post.id, deleted.id);

    for (const [parent, word] of [
      [hidden, 'hidden'],
      [deleted, 'deleted'],
    ] as const) {
      for (const replier of [ann, bob, staff]) {
        const error = await errorOf(
          t.services.comments.create(as(replier), post.id, { body: 'Me too', parentId: parent.id }),
        );
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).message).toBe(`You cannot reply to a ${word} comment.`);
        expect(statusFor(error as ConflictError)).toBe(409);
      }
    }
    expect((await t.stores.comments.listByPost(post.id)).map((c) => c.id)).toEqual([hidden.id, deleted.id]);

    // Unhidden, it takes replies again.
    await t.services.comments.setHidden(as(staff), post.id, hidden.id, false);
    const reply = await t.services.comments.create(as(bob), post.id, { body: 'Fair', parentId: hidden.id });
    expect(reply.parentId).toBe(hidden.id);
  });

  it('GIVEN a private board someone cannot see WHEN they edit, delete or hide a comment on it THEN NotFoundError', async () => {
    const board = await aBoard(t, { private: true, allowedDomains: ['example.com'] });
    const [member, staff] = [await aUser(t), await aUser(t, { role: 'staff' })];
    const post = await t.services.posts.create(as(member), board.slug, { title: 'Members only' });
    const comment = await t.services.comments.create(as(member), post.id, { body: 'Inside' });
    // The board's domains change: the author no longer sees it, so neither do their comments on it.
    await t.stores.boards.update({ ...board, allowedDomains: ['elsewhere.example'] });
    await expect(
      t.services.comments.edit(as(member), post.id, comment.id, { body: 'Changed' }),
    ).rejects.toThrow(NotFoundError);
    await expect(t.services.comments.delete(as(member), post.id, comment.id)).rejects.toThrow(NotFoundError);
    expect((await t.stores.comments.get(post.id, comment.id))?.body).toBe('Inside');
    // Staff see every board.
    await t.services.comments.setHidden(as(staff), post.id, comment.id, true);
    expect((await t.stores.comments.get(post.id, comment.id))?.hidden).toBe(true);
  });

  it('GIVEN staff and admins WHEN they comment THEN their comments carry the staff badge, customers’ do not', async () => {
    const { post } = await aPost();
    const [staff, admin, customer] = [
      await aUser(t, { role: 'staff' }),
      await aUser(t, { role: 'admin' }),
      await aUser(t),
    ];
    await t.services.comments.create(as(staff), post.id, { body: 'From staff' });
    await t.services.comments.create(as(admin), post.id, { body: 'From an admin' });
    await t.services.comments.create(as(customer), post.id, { body: 'From a customer' });
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    expect(detail.comments.map((c) => [c.body, c.authorIsStaff])).toEqual([
      ['From staff', true],
      ['From an admin', true],
      ['From a customer', false],
    ]);
  });

  it('GIVEN a merged post WHEN commenting on it THEN ConflictError', async () => {
    const [{ post: source }, { post: target }] = [await aPost(), await aPost()];
    const staff = await aUser(t, { role: 'staff' });
    await t.services.posts.merge(as(staff), source.id, { into: target.id });
    const commenter = await aUser(t);
    await expect(t.services.comments.create(as(commenter), source.id, { body: 'Late' })).rejects.toThrow(
      ConflictError,
    );
    expect(await commentCount(source.id)).toBe(0);
  });

  it('GIVEN an unknown post WHEN commenting THEN NotFoundError', async () => {
    const commenter = await aUser(t);
    await expect(
      t.services.comments.create(as(commenter), '01ARZ3NDEKTSV4RRFFQ69G5FAV', { body: 'Hello' }),
    ).rejects.toThrow(NotFoundError);
  });

  it('GIVEN a customer WHEN they comment THEN they follow the post, unless they had unfollowed it', async () => {
    const { post } = await aPost();
    const [commenter, unfollower] = [await aUser(t), await aUser(t)];
    await t.services.comments.create(as(commenter), post.id, { body: 'Following along' });
    expect(await t.stores.subscriptions.get(post.id, commenter.id)).toMatchObject({
      following: true,
      reason: 'commenter',
    });
    expect((await t.services.posts.get(as(commenter), post.id)).following).toBe(true);

    await t.services.posts.follow(as(unfollower), post.id, { following: false });
    await t.services.comments.create(as(unfollower), post.id, { body: 'Just saying' });
    expect((await t.stores.subscriptions.get(post.id, unfollower.id))?.following).toBe(false);
  });
});

describe('editing comments', () => {
  it('GIVEN their own comment WHEN the author edits within 30 minutes THEN it changes, after 31 minutes ForbiddenError', async () => {
    const { post } = await aPost();
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Frist' });

    advanceMinutes(29);
    const edited = await t.services.comments.edit(as(commenter), post.id, comment.id, { body: 'First' });
    expect(edited.body).toBe('First');
    // Edited at the (advanced) time of the edit, 29 minutes after posting.
    expect(Date.parse(edited.editedAt ?? '') - Date.parse(comment.createdAt)).toBeGreaterThanOrEqual(
      29 * 60_000,
    );
    const stored = await t.stores.comments.get(post.id, comment.id);
    expect(stored).toMatchObject({ body: 'First', editedAt: edited.editedAt });

    advanceMinutes(2);
    await expect(
      t.services.comments.edit(as(commenter), post.id, comment.id, { body: 'First!' }),
    ).rejects.toThrow(ForbiddenError);
    expect((await t.stores.comments.get(post.id, comment.id))?.body).toBe('First');
  });

  it('GIVEN someone else’s comment WHEN another customer or staff edit it, even at once THEN ForbiddenError', async () => {
    const { post } = await aPost();
    const [commenter, other, staff] = [await aUser(t), await aUser(t), await aUser(t, { role: 'staff' })];
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Mine' });
    for (const actor of [as(other), as(staff)]) {
      await expect(t.services.comments.edit(actor, post.id, comment.id, { body: 'Yours' })).rejects.toThrow(
        ForbiddenError,
      );
    }
    await expect(t.services.comments.edit(ANONYMOUS, post.id, comment.id, { body: 'Yours' })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect((await t.stores.comments.get(post.id, comment.id))?.body).toBe('Mine');
  });

  it('GIVEN a deleted comment WHEN its author edits it THEN ForbiddenError', async () => {
    const { post } = await aPost();
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Oops' });
    await t.services.comments.delete(as(commenter), post.id, comment.id);
    await expect(
      t.services.comments.edit(as(commenter), post.id, comment.id, { body: 'Back' }),
    ).rejects.toThrow(ForbiddenError);
  });
});
