import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type Actor, type User } from '../../shared/domain/types.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

async function customerAt(domain: string): Promise<User> {
  const user = await aUser(t);
  return t.stores.users.upsertByIdentity(
    'sso',
    `${domain}-${user.id}`,
    { email: `someone.${user.id.toLowerCase()}@${domain}`, name: `Someone at ${domain}`, role: 'customer' },
    new Date().toISOString(),
  );
}

describe('private boards', () => {
  it('are seen by staff and by customers of the listed domains, and by nobody else, anywhere', async () => {
    const [admin, staff] = [await aUser(t, { role: 'admin' }), await aUser(t, { role: 'staff' })];
    const insider = await customerAt('acme.example');
    const outsider = await customerAt('other.example');
    const board = await aBoard(t);
    await t.services.boards.update(as(admin), board.slug, {
      private: true,
      allowedDomains: ['ACME.example'],
    });
    const post = await t.services.posts.create(as(insider), board.slug, { title: 'Secret roadmap wish' });
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });

    for (const who of [as(staff), as(insider)]) {
      expect((await t.services.boards.list(who)).map((b) => b.slug)).toContain(board.slug);
      expect((await t.services.posts.list(who, board.slug, {})).posts.map((p) => p.id)).toEqual([post.id]);
      expect((await t.services.posts.get(who, post.id)).post.id).toBe(post.id);
      expect((await t.services.posts.roadmap(who)).planned.map((p) => p.id)).toContain(post.id);
      expect((await t.services.posts.search(who, { q: 'secret roadmap' })).map((p) => p.id)).toEqual([
        post.id,
      ]);
    }
    for (const who of [ANONYMOUS, as(outsider)]) {
      expect((await t.services.boards.list(who)).map((b) => b.slug)).not.toContain(board.slug);
      await expect(t.services.boards.get(who, board.slug)).rejects.toThrow(NotFoundError);
      await expect(t.services.posts.list(who, board.slug, {})).rejects.toThrow(NotFoundError);
      await expect(t.services.posts.get(who, post.id)).rejects.toThrow(NotFoundError);
      expect((await t.services.posts.roadmap(who)).planned.map((p) => p.id)).not.toContain(post.id);
      expect(await t.services.posts.search(who, { q: 'secret roadmap' })).toEqual([]);
      expect((await t.services.profiles.get(who, insider.id, { tab: 'posts' })).posts).toEqual([]);
    }
    await expect(t.services.votes.vote(as(outsider), post.id)).rejects.toThrow(NotFoundError);
    await expect(t.services.comments.create(as(outsider), post.id, { body: 'Let me in' })).rejects.toThrow(
      NotFoundError,
    );
    await expect(
      t.services.posts.create(as(outsider), board.slug, { title: 'Sneaking in a post' }),
    ).rejects.toThrow(NotFoundError);
    expect((await t.services.votes.vote(as(insider), post.id)).voteCount).toBe(1);
  });

  it('GIVEN a post on a private board WHEN an outsider or anonymous visitor does anything with it THEN the answer is exactly that for a missing post', async () => {
    const [admin, staff] = [await aUser(t, { role: 'admin' }), await aUser(t, { role: 'staff' })];
    const insider = await customerAt('acme.example');
    const outsider = await customerAt('other.example');
    const board = await aBoard(t);
    await t.services.boards.update(as(admin), board.slug, {
      private: true,
      allowedDomains: ['acme.example'],
    });
    const elsewhere = await t.services.posts.create(as(outsider), (await aBoard(t)).slug, {
      title: 'A public post',
    });
    const post = await t.services.posts.create(as(insider), board.slug, { title: 'Private plans' });
    const comment = await t.services.comments.create(as(staff), post.id, { body: 'Noted' });
    const missing = { postId: '01KC0000000000000000000000', commentId: '01KC0000000000000000000001' };

    type Op = (who: Actor, postId: string, commentId: string) => Promise<unknown>;
    const ops: Record<string, Op> = {
      read: (who, id) => t.services.posts.get(who, id),
      vote: (who, id) => t.services.votes.vote(who, id),
      unvote: (who, id) => t.services.votes.unvote(who, id),
      comment: (who, id) => t.services.comments.create(who, id, { body: 'Let me in' }),
      reply: (who, id, c) => t.services.comments.create(who, id, { body: 'Let me in', parentId: c }),
      follow: (who, id) => t.services.posts.follow(who, id, { following: true }),
      edit: (who, id) => t.services.posts.edit(who, id, { title: 'Renamed from outside' }),
      delete: (who, id) => t.services.posts.delete(who, id),
      acceptAnswer: (who, id, c) => t.services.posts.acceptAnswer(who, id, { commentId: c }),
      status: (who, id) => t.services.posts.changeStatus(who, id, { status: 'planned' }),
      tags: (who, id) => t.services.posts.setTags(who, id, { tags: [] }),
      merge: (who, id) => t.services.posts.merge(who, id, { into: elsewhere.id }),
      mergeInto: (who, id) => t.services.posts.merge(who, elsewhere.id, { into: id }),
      editComment: (who, id, c) => t.services.comments.edit(who, id, c, { body: 'Changed' }),
      deleteComment: (who, id, c) => t.services.comments.delete(who, id, c),
      hideComment: (who, id, c) => t.services.comments.setHidden(who, id, c, true),
    };
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => 'done',
        (error: Error) => `${error.constructor.name}: ${error.message}`,
      );
    for (const who of [ANONYMOUS, as(outsider)]) {
      for (const [name, op] of Object.entries(ops)) {
        const onPrivate = await outcome(op(who, post.id, comment.id));
        const onMissing = await outcome(op(who, missing.postId, missing.commentId));
        expect(onPrivate, `${name} as ${who.kind === 'user' ? 'outsider' : 'anonymous'}`).toBe(onMissing);
      }
      const boardOps = [
        (slug: string) => t.services.boards.get(who, slug),
        (slug: string) => t.services.posts.list(who, slug, {}),
        (slug: string) => t.services.posts.create(who, slug, { title: 'Sneaking in a post' }),
        (slug: string) => t.services.posts.search(who, { q: 'private plans', board: slug }),
      ];
      for (const op of boardOps) {
        expect(await outcome(op(board.slug))).toBe(await outcome(op('no-such-board')));
      }
    }
    // Nothing of it changed.
    expect(await t.stores.posts.get(post.id)).toMatchObject({ title: 'Private plans', status: 'open' });
    expect((await t.services.posts.get(as(insider), post.id)).comments.map((c) => c.body)).toEqual(['Noted']);
  });

  it('validates allowed domains', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const board = await aBoard(t);
    await expect(
      t.services.boards.update(as(admin), board.slug, { private: true, allowedDomains: ['not a domain'] }),
    ).rejects.toThrow(/look like example.com/);
  });
});
