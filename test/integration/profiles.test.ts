import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor, type Board, type Post, type User } from '../../shared/domain/types.ts';
import { NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import type { ProfilePage } from '../../shared/services/profile-service.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
let staff: User;
let board: Board;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff' });
  board = await aBoard(t);
});
afterAll(() => t.drop());

const post = (author: User, title: string): Promise<Post> =>
  t.services.posts.create(as(author), board.slug, { title });

const profile = (actor: Actor, user: User, query: Record<string, unknown>): Promise<ProfilePage> =>
  t.services.profiles.get(actor, user.id, query);

/** Every page of a tab, following cursors; the ids of the posts (or comments) shown, in order. */
async function allPages(actor: Actor, user: User, tab: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await profile(actor, user, { tab, limit, ...(cursor ? { cursor } : {}) });
    pages.push(tab === 'comments' ? page.comments.map((c) => c.id) : page.posts.map((p) => p.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('profile details', () => {
  it('GIVEN a user WHEN their profile is read THEN the email is shown to themself and staff only', async () => {
    const user = await aUser(t, { name: 'Pat' });
    const other = await aUser(t);
    const self = await profile(as(user), user, {});
    expect(self.user).toMatchObject({ id: user.id, name: 'Pat', role: 'customer', email: user.email });
    expect(self.isSelf).toBe(true);
    expect((await profile(as(staff), user, {})).user.email).toBe(user.email);
    for (const viewer of [as(other), ANONYMOUS]) {
      const page = await profile(viewer, user, {});
      expect(page.user.email).toBeUndefined();
      expect(page.isSelf).toBe(false);
      expect(page.user.name).toBe('Pat');
    }
  });

  it('GIVEN a customer of a company WHEN others read their profile THEN only they and staff see the company and the votes', async () => {
    const known = await aUser(t);
    const customer = await t.stores.users.upsertByIdentity(
      'sso',
      `company-${known.id}`,
      { email: `buyer.${known.id.toLowerCase()}@bigcorp.example`, name: 'Bo Buyer', company: 'BigCorp' },
      new Date().toISOString(),
    );
    const other = await aUser(t);
    const author = await aUser(t);
    const voted = await post(author, 'Single sign-on for BigCorp');
    await t.services.votes.vote(as(customer), voted.id);
    await t.services.comments.create(as(customer), voted.id, { body: 'We need this' });

    for (const viewer of [as(customer), as(staff)]) {
      const page = await profile(viewer, customer, { tab: 'votes' });
      expect(page.user.company).toBe('BigCorp');
      expect(page.tabs).toContain('votes');
      expect(page.posts.map((p) => p.id)).toEqual([voted.id]);
    }
    for (const viewer of [as(other), ANONYMOUS]) {
      const page = await profile(viewer, customer, { tab: 'votes' });
      expect(page.user.company).toBeUndefined();
      expect(page.tabs).toEqual(['posts', 'comments']);
      expect(page.posts).toEqual([]);
      expect(page.nextCursor).toBeNull();
      expect(JSON.stringify(page)).not.toContain('BigCorp');
      // Posts and comments stay public.
      expect((await profile(viewer, customer, { tab: 'comments' })).comments.map((c) => c.body)).toEqual([
        'We need this',
      ]);
    }
  });

  it('GIVEN an unknown user or a bad tab WHEN the profile is read THEN NotFoundError / ValidationError', async () => {
    const user = await aUser(t);
    await expect(t.services.profiles.get(ANONYMOUS, '01ARZ3NDEKTSV4RRFFQ69G5FAV', {})).rejects.toThrow(
      NotFoundError,
    );
    await expect(profile(ANONYMOUS, user, { tab: 'secrets' })).rejects.toThrow(ValidationError);
  });
});

describe('profile tabs', () => {
  it('GIVEN a user’s posts WHEN reading the posts tab THEN they come newest first, page by page', async () => {
    const author = await aUser(t);
    const someoneElse = await aUser(t);
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await post(author, `My idea number ${i}`));
    await post(someoneElse, 'Not theirs');

    const first = await profile(ANONYMOUS, author, { tab: 'posts' });
    expect(first.tab).toBe('posts');
    expect(first.posts.map((p) => p.id)).toEqual(mine.map((p) => p.id).reverse());
    expect(first.comments).toEqual([]);

    const pages = await allPages(ANONYMOUS, author, 'posts', 2);
    expect(pages.slice(0, 3).map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(mine.map((p) => p.id).reverse());
    // A cursor from another user's list is refused.
    const cursor = (await profile(ANONYMOUS, author, { tab: 'posts', limit: 2 })).nextCursor ?? '';
    await expect(profile(ANONYMOUS, someoneElse, { tab: 'posts', cursor })).rejects.toThrow(ValidationError);
  });

  it('GIVEN a user’s votes WHEN reading the votes tab THEN it lists the posts they voted on, newest vote first, paged', async () => {
    const voter = await aUser(t);
    const author = await aUser(t);
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await post(author, `Votable idea ${i}`));
    const notVoted = await post(author, 'Never voted on');
    for (const p of posts) await t.services.votes.vote(as(voter), p.id);

    const page = await profile(as(voter), voter, { tab: 'votes' });
    expect(page.posts.map((p) => p.id)).toEqual(posts.map((p) => p.id).reverse());
    expect(page.posts.every((p) => p.viewerHasVoted)).toBe(true);
    expect(page.posts.map((p) => p.id)).not.toContain(notVoted.id);
    expect((await allPages(as(staff), voter, 'votes', 2)).flat()).toEqual(posts.map((p) => p.id).reverse());

    await t.services.votes.unvote(as(voter), posts[1]?.id ?? '');
    expect((await profile(as(voter), voter, { tab: 'votes' })).posts.map((p) => p.id)).toEqual([
      posts[2]?.id,
      posts[0]?.id,
    ]);
  });

  it('GIVEN a user’s comments WHEN reading the comments tab THEN each comes with its post title, deleted ones never, hidden ones only for staff', async () => {
    const commenter = await aUser(t);
    const other = await aUser(t);
    const target = await post(other, 'Commented idea');
    const first = await t.services.comments.create(as(commenter), target.id, { body: 'First thought' });
    const hidden = await t.services.comments.create(as(commenter), target.id, { body: 'Rude remark' });
    const deleted = await t.services.comments.create(as(commenter), target.id, { body: 'Never mind' });
    const last = await t.services.comments.create(as(commenter), target.id, { body: 'Last thought' });
    await t.services.comments.setHidden(as(staff), target.id, hidden.id, true);
    await t.services.comments.delete(as(commenter), target.id, deleted.id);

    const forOthers = await profile(as(other), commenter, { tab: 'comments' });
    expect(forOthers.comments.map((c) => [c.id, c.body, c.postTitle])).toEqual([
      [last.id, 'Last thought', 'Commented idea'],
      [first.id, 'First thought', 'Commented idea'],
    ]);
    expect((await profile(ANONYMOUS, commenter, { tab: 'comments' })).comments.map((c) => c.id)).toEqual([
      last.id,
      first.id,
    ]);
    const forStaff = await profile(as(staff), commenter, { tab: 'comments' });
    expect(forStaff.comments.map((c) => [c.id, c.body])).toEqual([
      [last.id, 'Last thought'],
      [hidden.id, 'Rude remark'],
      [first.id, 'First thought'],
    ]);

    // Paged by two: hidden and deleted comments drop out of their page, the cursor still goes on.
    const pages = await allPages(as(other), commenter, 'comments', 2);
    expect(pages.flat()).toEqual([last.id, first.id]);
  });

  it('GIVEN a user following posts WHEN reading the following tab THEN only they see the list; others get an empty one', async () => {
    const follower = await aUser(t);
    const author = await aUser(t);
    const own = await post(follower, 'My own idea');
    const voted = await post(author, 'Voted idea');
    const followed = await post(author, 'Followed idea');
    const unfollowed = await post(author, 'Unfollowed idea');
    await t.services.votes.vote(as(follower), voted.id);
    await t.services.posts.follow(as(follower), followed.id, { following: true });
    await t.services.posts.follow(as(follower), unfollowed.id, { following: true });
    await t.services.posts.follow(as(follower), unfollowed.id, { following: false });

    const self = await profile(as(follower), follower, { tab: 'following' });
    expect(self.posts.map((p) => p.id).sort()).toEqual([own.id, voted.id, followed.id].sort());
    expect((await allPages(as(follower), follower, 'following', 2)).flat().sort()).toEqual(
      [own.id, voted.id, followed.id].sort(),
    );

    for (const viewer of [as(author), as(staff), ANONYMOUS]) {
      const page = await profile(viewer, follower, { tab: 'following' });
      expect(page.posts).toEqual([]);
      expect(page.nextCursor).toBeNull();
    }
  });
});
