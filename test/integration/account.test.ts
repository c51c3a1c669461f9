import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import type { User } from '../../shared/domain/types.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { hashSessionToken, newSessionToken } from '../../shared/auth/session-token.ts';

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
    const again = await t.services.auth.signInWithSso({
      token: await signSsoToken(
        { sub: 'leaver', email: 'leaver@example.com', name: 'Leaver' },
        TEST_SSO_SECRET,
      ),
    });
    expect(again.user.id).not.toBe(me.id);
  });
});

/** Signs in the way a magic-link user does; resolves to the user and their session token. */
async function magicLinkUser(email: string): Promise<{ user: User; sessionToken: string }> {
  const token = newSessionToken();
  await t.stores.magicLinks.create(hashSessionToken(token), {
    email,
    expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
  });
  return t.services.auth.signInWithMagicLink({ token });
}

async function fieldErrorOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => new Error('Expected a ValidationError'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields.name;
}

describe('your name', () => {
  it('GIVEN a magic-link user named after their address WHEN they rename THEN the name is theirs, on past posts and comments too', async () => {
    const board = await aBoard(t);
    const { user: me } = await magicLinkUser('grace.h@example.com');
    expect(me.name).toBe('grace.h');
    const post = await t.services.posts.create(as(me), board.slug, { title: 'Named idea' });
    const comment = await t.services.comments.create(as(me), post.id, { body: 'Before' });

    const renamed = await t.services.account.rename(as(me), { name: '  Grace   Hopper \n' });
    expect(renamed).toMatchObject({ id: me.id, email: me.email, name: 'Grace   Hopper' });
    expect((await t.stores.users.get(me.id))?.name).toBe('Grace   Hopper');
    expect((await t.stores.posts.get(post.id))?.authorName).toBe('Grace   Hopper');
    expect((await t.stores.comments.get(post.id, comment.id))?.authorName).toBe('Grace   Hopper');
    const later = await t.services.comments.create(as(renamed), post.id, { body: 'After' });
    expect(later.authorName).toBe('Grace   Hopper');
  });

  it('GIVEN a bad name WHEN renaming THEN ValidationError on name and nothing changes; anonymous visitors get UnauthenticatedError', async () => {
    const me = await aUser(t, { name: 'Steady' });
    const bad = [
      ['', 'Enter your name.'],
      ['   \t ', 'Enter your name.'],
      ['x'.repeat(61), 'Keep it to 60 characters.'],
      ['Null\u0000byte', 'Use letters, digits, spaces and punctuation only.'],
      ['Two\nlines', 'Use letters, digits, spaces and punctuation only.'],
      ['\u202Enimda', 'Use letters, digits, spaces and punctuation only.'],
      ['deleted USER', 'That name is reserved for deleted accounts.'],
    ] as const;
    for (const [name, message] of bad) {
      await expect(
        fieldErrorOf(t.services.account.rename(as(me), { name })),
        JSON.stringify(name),
      ).resolves.toBe(message);
    }
    await expect(fieldErrorOf(t.services.account.rename(as(me), {}))).resolves.toBe('Enter your name.');
    expect((await t.stores.users.get(me.id))?.name).toBe('Steady');
    await expect(t.services.account.rename(ANONYMOUS, { name: 'Nobody' })).rejects.toThrow(
      UnauthenticatedError,
    );

    // Sixty characters are fine, counted as people see them (an emoji is one).
    const sixty = `${'🙂'.repeat(10)}${'y'.repeat(50)}`;
    await expect(t.services.account.rename(as(me), { name: sixty })).resolves.toMatchObject({ name: sixty });
  });

  it('GIVEN an SSO user WHEN they rename THEN it holds until the host product signs them in again', async () => {
    const sso = async () =>
      t.services.auth.signInWithSso({
        token: await signSsoToken(
          { sub: 'host-42', email: 'ada@example.com', name: 'Ada Host' },
          TEST_SSO_SECRET,
        ),
      });
    const { user } = await sso();
    await t.services.account.rename(as(user), { name: 'Ada L.' });
    expect((await t.stores.users.get(user.id))?.name).toBe('Ada L.');
    const again = await sso();
    expect(again.user.name).toBe('Ada Host');
  });

  it('PATCH /api/me renames the signed-in user; 400 with the field error; 401 without a session', async () => {
    const router = new Router(routes);
    const runtime = t.runtime();
    const { user, sessionToken } = await magicLinkUser('api.rename@example.com');
    const patch = async (body: object, cookies?: string[]) => {
      const result = await router.handle(
        apiGatewayEvent({
          method: 'PATCH',
          path: '/api/me',
          cookies,
          body: JSON.stringify(body),
          headers: {
            host: 'board.example',
            origin: 'https://board.example',
            'content-type': 'application/json',
          },
        }),
        runtime,
      );
      return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
    };
    const cookies = [`hearth_session=${sessionToken}`];
    const ok = await patch({ name: 'Api Person' }, cookies);
    expect(ok.status).toBe(200);
    expect(ok.json.user).toMatchObject({ id: user.id, name: 'Api Person' });
    const bad = await patch({ name: '' }, cookies);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('Enter your name.');
    expect((await patch({ name: 'Sneaky' })).status).toBe(401);
    expect((await t.stores.users.get(user.id))?.name).toBe('Api Person');
  });
});
