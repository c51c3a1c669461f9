import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aUser } from '../setup/fixtures.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { keys } from '../../shared/table/keys.ts';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

let now = Date.parse('2026-11-23T09:00:00Z');
let t: TestTable;
beforeAll(async () => (t = await createTestTable({ clock: { now: () => new Date(now) } })));
afterAll(() => t.drop());

/** The token in the newest sign-in email to this address. */
async function linkTokenFor(email: string): Promise<string> {
  const mail = (await listOutbox(t.outboxDir)).find(
    (m) => m.to === email && m.subject.includes('sign-in link'),
  );
  const token = /\/auth\/magic\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`No sign-in email to ${email}`);
  return token;
}

async function ssoSignIn(claims: SsoClaims) {
  const token = await signSsoToken(claims, TEST_SSO_SECRET, { now: new Date(now) });
  return t.services.auth.signInWithSso({ token });
}

async function magicSignIn(email: string, ip: string) {
  await t.services.auth.requestMagicLink({ email }, { ip });
  return t.services.auth.signInWithMagicLink({ token: await linkTokenFor(email) });
}

describe('magic-link sign-in', () => {
  it('emails a single-use link that signs a new address up as a customer', async () => {
    await t.services.auth.requestMagicLink({ email: 'New.Person@Example.com' }, { ip: '203.0.113.1' });
    const token = await linkTokenFor('new.person@example.com');
    const { user, sessionToken } = await t.services.auth.signInWithMagicLink({ token });
    expect(user).toMatchObject({ email: 'new.person@example.com', role: 'customer' });
    expect((await t.services.auth.userForSession(sessionToken))?.id).toBe(user.id);
    await expect(t.services.auth.signInWithMagicLink({ token })).rejects.toThrow(UnauthenticatedError);
  });

  it('signs a known address in as that person, role intact', async () => {
    const staff = await aUser(t, { role: 'staff' });
    await t.services.auth.requestMagicLink({ email: staff.email }, { ip: '203.0.113.2' });
    const { user } = await t.services.auth.signInWithMagicLink({ token: await linkTokenFor(staff.email) });
    expect(user).toMatchObject({ id: staff.id, role: 'staff' });
  });

  it('makes ADMIN_EMAILS admins, which is how a new site gets its first admin', async () => {
    await t.services.auth.requestMagicLink({ email: 'first.admin@example.com' }, { ip: '203.0.113.3' });
    const { user } = await t.services.auth.signInWithMagicLink({
      token: await linkTokenFor('first.admin@example.com'),
    });
    expect(user.role).toBe('admin');
  });

  it('expires links after 15 minutes', async () => {
    await t.services.auth.requestMagicLink({ email: 'slow@example.com' }, { ip: '203.0.113.4' });
    const token = await linkTokenFor('slow@example.com');
    now += 16 * 60_000;
    await expect(t.services.auth.signInWithMagicLink({ token })).rejects.toThrow(
      /expired or was already used/,
    );
  });

  it('answers known and unknown addresses alike, validates input, and limits requests per inbox', async () => {
    const known = await aUser(t);
    // Neither call says anything: both resolve with nothing, and both send the same email.
    await expect(
      t.services.auth.requestMagicLink({ email: known.email }, { ip: '203.0.113.5' }),
    ).resolves.toBeUndefined();
    await expect(
      t.services.auth.requestMagicLink({ email: 'nobody@example.com' }, { ip: '203.0.113.5' }),
    ).resolves.toBeUndefined();
    const subjects = (await listOutbox(t.outboxDir))
      .filter((m) => m.to === known.email || m.to === 'nobody@example.com')
      .map((m) => m.subject);
    expect(new Set(subjects).size).toBe(1);
    await expect(t.services.auth.requestMagicLink({ email: 'not an email' })).rejects.toThrow(
      ValidationError,
    );
    await expect(t.services.auth.signInWithMagicLink({ token: 'short' })).rejects.toThrow(ValidationError);
    for (let i = 0; i < 4; i++)
      await t.services.auth.requestMagicLink({ email: 'flood@example.com' }, { ip: `198.51.100.${i}` });
    await t.services.auth.requestMagicLink({ email: 'flood@example.com' }, { ip: '198.51.100.9' });
    await expect(
      t.services.auth.requestMagicLink({ email: 'flood@example.com' }, { ip: '198.51.100.10' }),
    ).rejects.toThrow(RateLimitedError);
  });

  it('folds plus-addresses and case into one inbox for the per-inbox limit, and mails the address as typed', async () => {
    for (let i = 1; i <= 5; i++)
      await t.services.auth.requestMagicLink({ email: `Victim+${i}@Example.com` }, { ip: `192.0.2.${i}` });
    await expect(
      t.services.auth.requestMagicLink({ email: 'victim+6@example.com' }, { ip: '192.0.2.6' }),
    ).rejects.toThrow(RateLimitedError);
    await expect(
      t.services.auth.requestMagicLink({ email: 'VICTIM@example.com' }, { ip: '192.0.2.7' }),
    ).rejects.toThrow(RateLimitedError);
    expect((await listOutbox(t.outboxDir)).some((m) => m.to === 'victim+3@example.com')).toBe(true);
  });
});

describe('one account per email address', () => {
  it("after the host changes an SSO user's email, the old address no longer signs in to that account", async () => {
    const host = { sub: 'mover', name: 'Mover', role: 'staff' } as const;
    const first = await ssoSignIn({ ...host, email: 'a@x.example' });
    const moved = await ssoSignIn({ ...host, email: 'b@x.example' });
    expect(moved.user).toMatchObject({ id: first.user.id, email: 'b@x.example', role: 'staff' });

    const viaOld = await magicSignIn('a@x.example', '203.0.113.20');
    expect(viaOld.user.id).not.toBe(first.user.id);
    expect(viaOld.user).toMatchObject({ email: 'a@x.example', role: 'customer' });

    const viaNew = await magicSignIn('b@x.example', '203.0.113.21');
    expect(viaNew.user).toMatchObject({ id: first.user.id, role: 'staff' });
    expect((await t.stores.users.findByEmail('a@x.example'))?.id).toBe(viaOld.user.id);
  });

  it('gives an address to the SSO user the host vouches for; the account that had it loses it', async () => {
    const byEmail = await magicSignIn('shared@x.example', '203.0.113.22');
    const sso = await ssoSignIn({ sub: 'claimer', email: 'Shared@X.example', name: 'Claimer' });
    expect(sso.user.id).not.toBe(byEmail.user.id);
    expect((await magicSignIn('shared@x.example', '203.0.113.23')).user.id).toBe(sso.user.id);
    // Moving on frees the address; it is not handed back to anyone silently.
    await ssoSignIn({ sub: 'claimer', email: 'claimer@x.example', name: 'Claimer' });
    expect(await t.stores.users.findByEmail('shared@x.example')).toBeNull();
  });

  it('ignores a mapping whose account has moved to another address (data from before moves)', async () => {
    const user = await aUser(t);
    await t.db.doc.send(
      new PutCommand({
        TableName: t.db.tableName,
        Item: { ...keys.email('stale@x.example'), type: 'email', email: 'stale@x.example', userId: user.id },
      }),
    );
    expect(await t.stores.users.findByEmail('stale@x.example')).toBeNull();
    expect((await magicSignIn('stale@x.example', '203.0.113.24')).user.id).not.toBe(user.id);
  });
});
