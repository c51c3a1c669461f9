/**
 * Sanctions across the services, the API and sign-in: warn, silence, suspend, ban and lifting them;
 * who may sanction whom; that an ended silence no longer blocks; that a suspended person's sessions end.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { hashSessionToken, newSessionToken } from '../../shared/auth/session-token.ts';
import { ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import type { User } from '../../shared/domain/types.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { auditLines } from '../setup/moderation-fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient } from '../setup/role-client.ts';

const { clock, advanceMinutes } = offsetClock();
const DAY_MINUTES = 24 * 60;

let t: TestTable;
const guard = new ReadOnlyGuard();
const { call, signIn } = roleClient(() => t.runtime(), guard);
let boardSlug: string;

/** While set, every GetItem of the table: its key and whether it was a consistent read. */
let gets: { key: string; consistent: boolean }[] | undefined;

beforeAll(async () => {
  t = await createTestTable({ clock });
  guard.install(t.db);
  t.db.raw.middlewareStack.add(
    (next, context) => async (args) => {
      if (gets && (context as { commandName?: string }).commandName === 'GetItemCommand') {
        const input = args.input as { Key?: { pk?: unknown; sk?: unknown }; ConsistentRead?: boolean };
        gets.push({
          key: `${String(input.Key?.pk)}|${String(input.Key?.sk)}`,
          consistent: !!input.ConsistentRead,
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'consistentReadRecorder' },
  );
  boardSlug = (await aBoard(t, { kinds: ['idea', 'question'] })).slug;
});
afterAll(() => t.drop());

/** The person as stored now: what their next request's session would carry. */
const fresh = async (user: User) => (await t.stores.users.get(user.id)) as User;

let subs = 0;
/** A person who signs in by SSO, and a way to sign them in again. */
async function ssoPerson(role: User['role'] = 'customer') {
  const sub = `sanctions-${++subs}`;
  const claims = { sub, email: `${sub}@example.com`, name: `Person ${subs}`, role };
  const token = () => signSsoToken(claims, TEST_SSO_SECRET, { now: clock.now() });
  const signInAgain = async () => t.services.auth.signInWithSso({ token: await token() });
  const { user, sessionToken } = await signInAgain();
  return { user, sessionToken, signInAgain, token };
}

async function magicLinkSignIn(email: string) {
  const token = newSessionToken();
  await t.stores.magicLinks.create(hashSessionToken(token), {
    email,
    expiresAt: new Date(clock.now().getTime() + 10 * 60_000).toISOString(),
  });
  return t.services.auth.signInWithMagicLink({ token });
}

describe('silence', () => {
  it('GIVEN a silenced customer THEN they can read, but posting, commenting and voting are refused with the end and the reason, by the services and the API', async () => {
    const staff = await signIn('staff');
    const member = await signIn('customer', 'silenced');
    const post = await aStoredPost(t, boardSlug, (await aUser(t)) as User);

    const res = await call('PUT', {
      path: `/api/users/${member.user.id}/sanction`,
      body: { level: 'silence', reason: 'Flooding the board', days: 3 },
      cookies: staff.cookies,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.sanction).toMatchObject({
      level: 'silence',
      reason: 'Flooding the board',
      inForce: true,
    });

    const refusals = [
      call('POST', {
        path: `/api/boards/${boardSlug}/posts`,
        body: { kind: 'idea', title: 'Another one', body: 'Again' },
        cookies: member.cookies,
      }),
      call('POST', {
        path: `/api/posts/${post.id}/comments`,
        body: { body: 'Me again' },
        cookies: member.cookies,
      }),
      call('PUT', { path: `/api/posts/${post.id}/vote`, cookies: member.cookies }),
    ];
    for (const refused of await Promise.all(refusals)) {
      expect(refused.status).toBe(403);
      expect(refused.json.error?.message).toMatch(
        /^You are silenced until \d{4}-\d\d-\d\d .*: Flooding the board$/,
      );
    }
    // Reading is untouched.
    expect((await call('GET', { path: `/api/posts/${post.id}`, cookies: member.cookies })).status).toBe(200);
    expect((await call('GET', { path: '/api/me', cookies: member.cookies })).status).toBe(200);

    // The services refuse alike (the pages call them).
    const silenced = as(await fresh(member.user));
    await expect(t.services.comments.create(silenced, post.id, { body: 'Via the page' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.votes.vote(silenced, post.id)).rejects.toThrow(/silenced/);
  });

  it('a silence or suspension needs its days; a warning does not forbid anything', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await aUser(t);
    await expect(
      t.services.sanctions.sanction(as(staff), member.id, { level: 'silence', reason: 'No end' }),
    ).rejects.toThrow(ValidationError);
    await expect(
      t.services.sanctions.sanction(as(staff), member.id, { level: 'warn', reason: '' }),
    ).rejects.toThrow(ValidationError);
    await t.services.sanctions.sanction(as(staff), member.id, { level: 'warn', reason: 'Mind the tone' });
    const post = await aStoredPost(t, boardSlug, staff);
    await t.services.votes.vote(as(await fresh(member)), post.id);
  });
});

describe('suspension', () => {
  it('GIVEN a suspended person THEN SSO and magic-link sign-in are refused with the end and the reason, no link is sent, and their existing sessions stop working', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await ssoPerson();
    const second = await member.signInAgain();
    expect(await t.services.auth.userForSession(member.sessionToken)).not.toBeNull();

    const standing = await t.services.sanctions.sanction(as(staff), member.user.id, {
      level: 'suspend',
      reason: 'Harassing another member',
      days: 7,
    });
    expect(standing.sanction).toMatchObject({ level: 'suspend', inForce: true, until: expect.any(String) });

    // Every session ended, on every device.
    expect(await t.services.auth.userForSession(member.sessionToken)).toBeNull();
    expect(await t.services.auth.userForSession(second.sessionToken)).toBeNull();

    await expect(member.signInAgain()).rejects.toThrow(
      /^You are suspended until \d{4}-\d\d-\d\d .*: Harassing another member$/,
    );
    await expect(magicLinkSignIn(member.user.email)).rejects.toThrow(ForbiddenError);

    // Asking for a link answers as for anyone, and sends nothing.
    await t.services.auth.requestMagicLink({ email: member.user.email }, { ip: '203.0.113.9' });
    expect((await listOutbox(t.outboxDir)).filter((m) => m.to === member.user.email)).toEqual([]);
  });

  it('GIVEN a session that outlived the clean-up THEN its next use ends it, and the API answers 401', async () => {
    const admin = await signIn('admin');
    const member = await signIn('customer', 'raced');
    // As if deleteAllForUser had missed a session: the sanction is written by the store alone.
    const at = clock.now().toISOString();
    await t.stores.users.setSanction({
      userId: member.user.id,
      before: undefined,
      after: {
        level: 'suspend',
        reason: 'Raced',
        at,
        byId: admin.user.id,
        byName: admin.user.name,
        until: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      },
      audit: {
        id: `audit-${at}`,
        at,
        action: 'sanction',
        actorId: admin.user.id,
        actorName: admin.user.name,
        target: { kind: 'user', userId: member.user.id },
      },
    });
    expect((await call('GET', { path: '/api/me', cookies: member.cookies })).status).toBe(401);
    // Lifted, the old session stays ended: they sign in again.
    await t.services.sanctions.lift(as(admin.user), member.user.id, { reason: 'Mistake' });
    expect((await call('GET', { path: '/api/me', cookies: member.cookies })).status).toBe(401);
    expect(guard.violations).toEqual([]);
  });
});

describe('ban and lifting', () => {
  it('GIVEN staff THEN they cannot ban; an admin bans; the banned person cannot sign in; lifting restores it', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const admin = await aUser(t, { role: 'admin' });
    const member = await ssoPerson();

    await expect(
      t.services.sanctions.sanction(as(staff), member.user.id, { level: 'ban', reason: 'Spam' }),
    ).rejects.toThrow(/Only admins can ban/);
    await t.services.sanctions.sanction(as(admin), member.user.id, { level: 'ban', reason: 'Spam account' });
    expect(await t.services.auth.userForSession(member.sessionToken)).toBeNull();
    await expect(member.signInAgain()).rejects.toThrow(/^You are banned: Spam account$/);

    await expect(t.services.sanctions.lift(as(staff), member.user.id, {})).rejects.toThrow(ForbiddenError);
    const lifted = await t.services.sanctions.lift(as(admin), member.user.id, { reason: 'Appeal upheld' });
    expect(lifted.sanction).toBeUndefined();
    expect(lifted.history.map((line) => line.action)).toEqual(['liftSanction', 'sanction']);

    const again = await member.signInAgain();
    expect(await t.services.auth.userForSession(again.sessionToken)).toMatchObject({ id: member.user.id });

    // Each decision reached the person privately, in their inbox, with its reason.
    await t.drainEvents();
    const inbox = await t.services.inbox.list(as(await fresh(member.user)), {});
    expect(inbox.items.map((item) => [item.kind, item.excerpt])).toEqual([
      ['moderation', expect.stringContaining('Appeal upheld')],
      ['moderation', expect.stringContaining('Spam account')],
    ]);
  });

  it('staff sanction customers only; admins sanction staff; nobody sanctions themself', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const otherStaff = await aUser(t, { role: 'staff' });
    const admin = await aUser(t, { role: 'admin' });
    const warn = { level: 'warn', reason: 'Tone' };
    await expect(t.services.sanctions.sanction(as(staff), otherStaff.id, warn)).rejects.toThrow(
      /Only admins can sanction staff/,
    );
    await expect(t.services.sanctions.sanction(as(staff), staff.id, warn)).rejects.toThrow(/yourself/);
    await expect(t.services.sanctions.sanction(as(admin), admin.id, warn)).rejects.toThrow(ForbiddenError);
    const standing = await t.services.sanctions.sanction(as(admin), otherStaff.id, warn);
    expect(standing.sanction).toMatchObject({ level: 'warn', byId: admin.id });
  });
});

describe('review findings', () => {
  it('GIVEN an admin’s ban THEN staff cannot replace it by a lighter sanction; an admin can', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const admin = await aUser(t, { role: 'admin' });
    const member = await aUser(t);
    await t.services.sanctions.sanction(as(admin), member.id, { level: 'ban', reason: 'Spam account' });
    const res = await call('PUT', {
      path: `/api/users/${member.id}/sanction`,
      body: { level: 'warn', reason: 'Softer' },
      cookies: (await signIn('staff')).cookies,
    });
    expect(res.status).toBe(403);
    expect(res.json.error?.message).toBe('Only admins can change a ban.');
    await expect(
      t.services.sanctions.sanction(as(staff), member.id, { level: 'silence', reason: 'Softer', days: 1 }),
    ).rejects.toThrow('Only admins can change a ban.');
    expect((await fresh(member)).sanction).toMatchObject({ level: 'ban' });
    const softened = await t.services.sanctions.sanction(as(admin), member.id, {
      level: 'suspend',
      reason: 'Appeal: a week instead',
      days: 7,
    });
    expect(softened.sanction).toMatchObject({ level: 'suspend' });
  });

  it('GET /api/me and the sign-in answer show the sanction without the moderator, and no flag tallies', async () => {
    const staff = await signIn('staff');
    const member = await ssoPerson();
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.user(member.user.id),
        UpdateExpression: 'SET flagsAgreed = :a, flagsDisagreed = :d',
        ExpressionAttributeValues: { ':a': 3, ':d': 1 },
      }),
    );
    await call('PUT', {
      path: `/api/users/${member.user.id}/sanction`,
      body: { level: 'warn', reason: 'Mind the tone' },
      cookies: staff.cookies,
    });
    const cookies = [`hearth_session=${member.sessionToken}`];
    const me = await call('GET', { path: '/api/me', cookies });
    expect(me.status).toBe(200);
    const user = me.json.user as Record<string, unknown>;
    expect(user.sanction).toEqual({ level: 'warn', reason: 'Mind the tone', at: expect.any(String) });
    expect(user).not.toHaveProperty('flagsAgreed');
    expect(user).not.toHaveProperty('flagsDisagreed');
    expect(JSON.stringify(me.json)).not.toContain(staff.user.id);

    const again = await call('POST', { path: '/api/auth/sso', body: { token: await member.token() } });
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect((again.json.user as User).id).toBe(member.user.id);
    expect((again.json.user as User).sanction).toEqual({
      level: 'warn',
      reason: 'Mind the tone',
      at: expect.any(String),
    });
    expect(JSON.stringify(again.json)).not.toContain(staff.user.id);
    expect(again.json.user).not.toHaveProperty('flagsAgreed');
  });

  it('GIVEN a silenced person THEN they can neither rename themself nor delete their account; warned, they can', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await ssoPerson();
    await t.services.sanctions.sanction(as(staff), member.user.id, {
      level: 'silence',
      reason: 'Cooling off',
      days: 2,
    });
    const cookies = [`hearth_session=${member.sessionToken}`];
    const rename = await call('PATCH', { path: '/api/me', body: { name: 'Fresh Start' }, cookies });
    expect(rename.status).toBe(403);
    expect(rename.json.error?.message).toMatch(/^You are silenced until .*: Cooling off$/);
    const del = await call('DELETE', {
      path: '/api/me',
      body: { confirmEmail: member.user.email },
      cookies,
    });
    expect(del.status).toBe(403);
    expect(del.json.error?.message).toMatch(/^You are silenced until .*: Cooling off$/);
    expect(await fresh(member.user)).toMatchObject({ name: member.user.name });

    const warned = await aUser(t);
    await t.services.sanctions.sanction(as(staff), warned.id, { level: 'warn', reason: 'Tone' });
    expect((await t.services.account.rename(as(await fresh(warned)), { name: 'Still Me' })).name).toBe(
      'Still Me',
    );
    await t.services.account.delete(as(await fresh(warned)), { confirmEmail: warned.email });
    expect(await t.stores.users.get(warned.id)).toBeNull();
  });

  it('a sanction sent twice is written once: one audit line, one notice', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await aUser(t);
    const input = { level: 'silence', reason: 'Sent twice', days: 3 };
    const first = await t.services.sanctions.sanction(as(staff), member.id, input);
    const second = await t.services.sanctions.sanction(as(staff), member.id, input);
    expect(second.sanction).toEqual(first.sanction);
    const about = (await auditLines(t)).filter((line) => line.target.userId === member.id);
    expect(about.map((line) => line.action)).toEqual(['sanction']);
    await t.drainEvents();
    expect((await t.services.inbox.list(as(await fresh(member)), {})).items).toHaveLength(1);
    // Another reason is another decision.
    await t.services.sanctions.sanction(as(staff), member.id, { ...input, reason: 'Sent again, on purpose' });
    expect((await auditLines(t)).filter((line) => line.target.userId === member.id)).toHaveLength(2);
  });

  it('sanctioning and lifting read the person consistently: the write is conditioned on what was read', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await aUser(t);
    const key = `${keys.user(member.id).pk}|${keys.user(member.id).sk}`;
    gets = [];
    try {
      await t.services.sanctions.sanction(as(staff), member.id, { level: 'warn', reason: 'Read me' });
      await t.services.sanctions.lift(as(staff), member.id, {});
      const reads = gets.filter((g) => g.key === key);
      expect(reads.length).toBeGreaterThanOrEqual(2);
      expect(reads.every((g) => g.consistent)).toBe(true);
    } finally {
      gets = undefined;
    }
  });
});

describe('standing', () => {
  it('the person sees their own standing without the moderator named; other customers may not look; staff may', async () => {
    const staff = await signIn('staff');
    const member = await signIn('customer', 'standing');
    const other = await signIn('customer', 'nosy');
    await call('PUT', {
      path: `/api/users/${member.user.id}/sanction`,
      body: { level: 'warn', reason: 'Keep it civil' },
      cookies: staff.cookies,
    });
    const own = await call('GET', { path: `/api/users/${member.user.id}/standing`, cookies: member.cookies });
    expect(own.status).toBe(200);
    expect(own.json.sanction).toMatchObject({
      level: 'warn',
      reason: 'Keep it civil',
      byName: 'The moderators',
    });
    expect(own.json.history).toEqual([
      expect.objectContaining({ action: 'sanction', actorName: 'The moderators', reason: 'Keep it civil' }),
    ]);
    expect(JSON.stringify(own.json)).not.toContain(staff.user.id);
    expect(
      (await call('GET', { path: `/api/users/${member.user.id}/standing`, cookies: other.cookies })).status,
    ).toBe(403);
    const seen = await call('GET', { path: `/api/users/${member.user.id}/standing`, cookies: staff.cookies });
    expect(seen.json.sanction).toMatchObject({ byId: staff.user.id });
  });
});

// Last: it moves the clock on, which the API's SSO tokens signed at real time would not survive.
describe('an ended silence', () => {
  it('GIVEN a silence that has ended THEN it no longer blocks, and the standing says it is not in force', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const member = await aUser(t);
    const post = await aStoredPost(t, boardSlug, staff);
    await t.services.sanctions.sanction(as(staff), member.id, {
      level: 'silence',
      reason: 'Cool off',
      days: 1,
    });
    await expect(
      t.services.comments.create(as(await fresh(member)), post.id, { body: 'Too soon' }),
    ).rejects.toThrow(ForbiddenError);

    advanceMinutes(DAY_MINUTES + 1);
    const comment = await t.services.comments.create(as(await fresh(member)), post.id, {
      body: 'Back, calmer',
    });
    expect(comment.body).toBe('Back, calmer');
    const standing = await t.services.sanctions.standing(as(staff), member.id);
    expect(standing.sanction).toMatchObject({ level: 'silence', inForce: false });
  });
});
