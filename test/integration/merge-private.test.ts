/** Merging across a private board: only those who see the board learn what was merged where. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
let staff: User;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
});
afterAll(() => t.drop());

let n = 0;

describe('merges across a private board', () => {
  async function customerAt(domain: string): Promise<User> {
    const user = await aUser(t);
    return t.stores.users.upsertByIdentity(
      'sso',
      `${domain}-${user.id}`,
      { email: `someone.${user.id.toLowerCase()}@${domain}`, name: `Someone at ${domain}` },
      new Date().toISOString(),
    );
  }

  /** A public and a private board, a post on each, and a viewer of every kind. */
  async function publicAndPrivate() {
    const admin = await aUser(t, { role: 'admin' });
    const publicBoard = await aBoard(t);
    const privateBoard = await aBoard(t);
    await t.services.boards.update(as(admin), privateBoard.slug, {
      private: true,
      allowedDomains: ['acme.example'],
    });
    const [insider, outsider] = [await customerAt('acme.example'), await customerAt('other.example')];
    const open = await t.services.posts.create(as(outsider), publicBoard.slug, {
      title: `Public wish ${++n}`,
    });
    const secret = await t.services.posts.create(as(insider), privateBoard.slug, {
      title: `Codename Nightjar ${n}`,
      body: 'Only for Acme',
    });
    return { open, secret, insider, outsider, privateSlug: privateBoard.slug };
  }

  /** Whatever a viewer gets must not name the private post: not its title, id or board. */
  const expectNoTraceOf = (value: unknown, secret: Post) => {
    const json = JSON.stringify(value);
    expect(json).not.toContain(secret.title);
    expect(json).not.toContain(secret.id);
    expect(json).not.toContain(`"${secret.boardSlug}"`);
  };

  it('GIVEN a public post merged into a private one WHEN each kind of viewer reads it THEN only those who see the private board learn where it went', async () => {
    const { open, secret, insider, outsider } = await publicAndPrivate();
    const follower = await customerAt('elsewhere.example');
    await t.services.votes.vote(as(follower), open.id);
    await t.services.posts.merge(as(staff), open.id, { into: secret.id });

    for (const who of [ANONYMOUS, as(outsider), as(follower)]) {
      const detail = await t.services.posts.get(who, open.id);
      expect(detail.mergedInto).toBeNull();
      expect(detail.post.status).toBe('merged');
      expect(detail.post.mergedInto).toBeUndefined();
      expect(detail.post.statusNote?.body).toBe('Merged into another post.');
      expect(detail.history.map((h) => h.note)).toEqual(['Merged into another post.']);
      expectNoTraceOf(detail, secret);
      expectNoTraceOf(await t.services.profiles.get(who, outsider.id, { tab: 'posts' }), secret);
    }
    for (const who of [as(insider), as(staff)]) {
      const detail = await t.services.posts.get(who, open.id);
      expect(detail.mergedInto).toEqual({ id: secret.id, title: secret.title, boardSlug: secret.boardSlug });
      expect(detail.post.mergedInto).toBe(secret.id);
      expect(detail.post.statusNote?.body).toContain(secret.title);
      expect(detail.history[0]?.note).toContain(secret.title);
      expect((await t.services.posts.get(who, secret.id)).mergedFrom.map((p) => p.id)).toEqual([open.id]);
    }

    // Their own data, downloaded, does not name it either (the follower's vote moved there).
    expectNoTraceOf(await t.services.account.export(as(outsider)), secret);
    expectNoTraceOf(await t.services.account.export(as(follower)), secret);
    expect(JSON.stringify(await t.services.account.export(as(insider)))).toContain(secret.id);

    // The merge email: its followers who may not see the private board are told it went "elsewhere".
    await t.drainEvents();
    const mergeMail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${open.title}”`));
    const toFollower = mergeMail.filter((m) => m.to === follower.email);
    expect(toFollower).toHaveLength(1);
    expect(toFollower[0]?.text).toContain('Merged into another post.');
    expectNoTraceOf(toFollower[0], secret);

    // They now follow the private post through the merge, but hear nothing of it; its own people do.
    await t.services.posts.follow(as(insider), secret.id, { following: true });
    await t.services.posts.changeStatus(as(staff), secret.id, { status: 'planned', note: 'Next quarter' });
    await t.drainEvents();
    const secretMail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${secret.title}”`));
    expect(secretMail.map((m) => m.to)).toContain(insider.email);
    expect(secretMail.map((m) => m.to)).not.toContain(follower.email);
    expect(secretMail.map((m) => m.to)).not.toContain(outsider.email);
  });

  it('GIVEN a private post merged into a public one WHEN each kind of viewer reads the public one THEN only those who see the private board see it listed as merged in', async () => {
    const { open, secret, insider, outsider } = await publicAndPrivate();
    await t.services.posts.merge(as(staff), secret.id, { into: open.id });

    for (const who of [ANONYMOUS, as(outsider)]) {
      const detail = await t.services.posts.get(who, open.id);
      expect(detail.mergedFrom).toEqual([]);
      expectNoTraceOf(detail, secret);
      expectNoTraceOf(await t.services.posts.list(who, open.boardSlug, {}), secret);
    }
    for (const who of [as(insider), as(staff)]) {
      const detail = await t.services.posts.get(who, open.id);
      expect(detail.mergedFrom).toEqual([
        { id: secret.id, title: secret.title, boardSlug: secret.boardSlug },
      ]);
      const source = await t.services.posts.get(who, secret.id);
      expect(source.mergedInto?.id).toBe(open.id);
      expect(source.post.statusNote?.body).toContain(open.title);
    }
  });
});
