import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

const votesOn = async (postId: string) =>
  (
    await queryAll(t.db, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.votesPartition(postId) },
    })
  ).length;

describe('your data', () => {
  it('exports everything about the signed-in person, and nothing for anonymous visitors', async () => {
    const board = await aBoard(t);
    const me = await aUser(t, { name: 'Exporter' });
    const other = await aUser(t);
    const mine = await t.services.posts.create(as(me), board.slug, { title: 'My own idea' });
    const theirs = await t.services.posts.create(as(other), board.slug, { title: 'Their idea' });
    await t.services.votes.vote(as(me), theirs.id);
    await t.services.comments.create(as(me), theirs.id, { body: 'Nice one' });
    const data = await t.services.account.export(as(me));
    expect(data.user).toMatchObject({ id: me.id, email: me.email, name: 'Exporter' });
    expect(data.posts.map((p) => p.id)).toEqual([mine.id]);
    expect(data.votes.map((v) => v.postId).sort()).toEqual([mine.id, theirs.id].sort());
    expect(data.comments.map((c) => c.body)).toEqual(['Nice one']);
    expect(data.following.map((s) => s.postId).sort()).toEqual([mine.id, theirs.id].sort());
    await expect(t.services.account.export(ANONYMOUS)).rejects.toThrow(UnauthenticatedError);
  });

  it('deletes the account: votes go and counts follow, posts and comments stay as from a deleted user', async () => {
    const board = await aBoard(t);
    const staff = await aUser(t, { role: 'staff' });
    const token = await signSsoToken(
      { sub: 'leaver', email: 'leaver@example.com', name: 'Leaver' },
      TEST_SSO_SECRET,
    );
    const { user: me, sessionToken } = await t.services.auth.signInWithSso({ token });
    const other = await aUser(t);
    const mine = await t.services.posts.create(as(me), board.slug, { title: 'Leaving idea' });
    const theirs = await t.services.posts.create(as(other), board.slug, { title: 'Shipped idea' });
    await t.services.votes.vote(as(me), theirs.id);
    await t.services.votes.vote(as(other), mine.id);
    const comment = await t.services.comments.create(as(me), theirs.id, { body: 'Bye' });
    // A shipped post's votes are frozen for everyone else, but a deleted account takes its vote along.
    await t.services.posts.changeStatus(as(staff), theirs.id, { status: 'shipped' });

    await expect(t.services.account.delete(as(me), { confirmEmail: 'wrong@example.com' })).rejects.toThrow(
      ValidationError,
    );
    expect(await t.services.account.delete(as(me), { confirmEmail: 'Leaver@Example.com' })).toEqual({
      votesRemoved: 2,
    });

    const [minePost, theirsPost] = await t.stores.posts.getMany([mine.id, theirs.id]);
    expect(minePost).toMatchObject({ authorName: 'Deleted user', voteCount: 1 });
    expect(await votesOn(mine.id)).toBe(1);
    expect(theirsPost).toMatchObject({ voteCount: 1, status: 'shipped' });
    expect(await votesOn(theirs.id)).toBe(1);
    expect(await t.stores.comments.get(theirs.id, comment.id)).toMatchObject({
      authorName: 'Deleted user',
      body: 'Bye',
    });
    expect(await t.stores.users.get(me.id)).toBeNull();
    expect(await t.stores.users.findByEmail('leaver@example.com')).toBeNull();
    expect(await t.services.auth.userForSession(sessionToken)).toBeNull();
    // Signing in again with the same identity starts a new, empty account.
    const again = await t.services.auth.signInWithSso({ token });
    expect(again.user.id).not.toBe(me.id);
  });
});
