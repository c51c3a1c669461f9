import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type User } from '../../shared/domain/types.ts';
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

  it('validates allowed domains', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const board = await aBoard(t);
    await expect(
      t.services.boards.update(as(admin), board.slug, { private: true, allowedDomains: ['not a domain'] }),
    ).rejects.toThrow(/look like example.com/);
  });
});
