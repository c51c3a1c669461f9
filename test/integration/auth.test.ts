import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { hashSessionToken } from '../../shared/auth/session-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';

let t: TestTable;
let now = new Date('2026-11-23T10:00:00Z');
beforeAll(async () => (t = await createTestTable({ clock: { now: () => now } })));
afterAll(() => t.drop());

const claims = { sub: 'host-42', email: 'Ada@Example.com', name: 'Ada Lovelace', company: 'Analytical' };
const secret = new TextEncoder().encode(TEST_SSO_SECRET);

async function failure(token: unknown): Promise<string> {
  const error = await t.services.auth.signInWithSso({ token }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
}

describe('SSO sign-in', () => {
  it('signs in a new user, then finds the same user and takes profile changes', async () => {
    const first = await t.services.auth.signInWithSso({ token: await signSsoToken(claims, TEST_SSO_SECRET) });
    expect(first.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      company: 'Analytical',
    });
    const again = await t.services.auth.signInWithSso({
      token: await signSsoToken(
        { ...claims, name: 'Ada King', role: 'staff', company: undefined },
        TEST_SSO_SECRET,
      ),
    });
    expect(again.user.id).toBe(first.user.id);
    expect(again.user).toMatchObject({ name: 'Ada King', role: 'staff' });
    expect(again.user.company).toBeUndefined();
    expect(await t.services.auth.userForSession(first.sessionToken)).toMatchObject({
      id: first.user.id,
      name: 'Ada King',
    });
  });

  it('gives a clear 401 reason for expired, unsigned, wrongly signed and malformed tokens', async () => {
    const expired = await new SignJWT({ email: claims.email, name: claims.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    expect(await failure(expired)).toMatch(/expired/);

    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', email: claims.email, name: 'n' })).toString(
      'base64url',
    );
    expect(await failure(`${header}.${body}.`)).toMatch(/HS256/);

    expect(await failure(await signSsoToken(claims, 'another-secret-another-secret-another'))).toMatch(
      /signature/,
    );
    expect(await failure('not.a.jwt')).toMatch(/malformed/);
    const noEmail = await new SignJWT({ name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setExpirationTime('5m')
      .sign(secret);
    expect(await failure(noEmail)).toMatch(/claims.*email/);
  });

  it('rejects a missing token as a validation error', async () => {
    await expect(t.services.auth.signInWithSso({})).rejects.toThrow(ValidationError);
  });
});

describe('sessions', () => {
  it('stores only a hash of the token, and ends on sign-out', async () => {
    const { sessionToken } = await t.services.auth.signInWithSso({
      token: await signSsoToken({ ...claims, sub: 's2' }, TEST_SSO_SECRET),
    });
    expect(await t.stores.sessions.get(sessionToken, now)).toBeNull();
    expect(await t.stores.sessions.get(hashSessionToken(sessionToken), now)).not.toBeNull();
    await t.services.auth.signOut(sessionToken);
    expect(await t.services.auth.userForSession(sessionToken)).toBeNull();
  });

  it('treats an expired session as absent even while TTL has not removed it', async () => {
    const { sessionToken } = await t.services.auth.signInWithSso({
      token: await signSsoToken({ ...claims, sub: 's3' }, TEST_SSO_SECRET),
    });
    const before = now;
    now = new Date(before.getTime() + 31 * 86_400_000);
    try {
      expect(await t.services.auth.userForSession(sessionToken)).toBeNull();
    } finally {
      now = before;
    }
    expect(await t.services.auth.userForSession(sessionToken)).not.toBeNull();
    expect(await t.services.auth.userForSession('made-up')).toBeNull();
    expect(await t.services.auth.userForSession(undefined)).toBeNull();
  });
});
