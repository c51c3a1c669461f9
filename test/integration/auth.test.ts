import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { signSsoToken, type SignOptions } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { hashSessionToken } from '../../shared/auth/session-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';

let t: TestTable;
let now = new Date('2026-11-23T10:00:00Z');
beforeAll(async () => (t = await createTestTable({ clock: { now: () => now } })));
afterAll(() => t.drop());

const claims = { sub: 'host-42', email: 'Ada@Example.com', name: 'Ada Lovelace', company: 'Analytical' };
const secret = new TextEncoder().encode(TEST_SSO_SECRET);
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A fresh token, issued on the test's clock. */
const sign = (c: SsoClaims, opts: SignOptions = {}, key = TEST_SSO_SECRET) =>
  signSsoToken(c, key, { now, ...opts });

async function failure(token: unknown): Promise<string> {
  const error = await t.services.auth.signInWithSso({ token }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UnauthenticatedError);
  return (error as Error).message;
}

describe('SSO sign-in', () => {
  it('signs in a new user, then finds the same user and takes profile changes', async () => {
    const first = await t.services.auth.signInWithSso({ token: await sign(claims) });
    expect(first.user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      company: 'Analytical',
    });
    const again = await t.services.auth.signInWithSso({
      token: await sign({ ...claims, name: 'Ada King', role: 'staff', company: undefined }),
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
      .setIssuedAt(seconds(now) - 120)
      .setExpirationTime(seconds(now) - 60)
      .sign(secret);
    expect(await failure(expired)).toMatch(/expired/);

    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'x', email: claims.email, name: 'n' })).toString(
      'base64url',
    );
    expect(await failure(`${header}.${body}.`)).toMatch(/HS256/);

    expect(await failure(await sign(claims, {}, 'another-secret-another-secret-another'))).toMatch(
      /signature/,
    );
    expect(await failure('not.a.jwt')).toMatch(/malformed/);
    const noEmail = await new SignJWT({ name: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('s')
      .setIssuedAt(seconds(now))
      .setExpirationTime(seconds(now) + 300)
      .sign(secret);
    expect(await failure(noEmail)).toMatch(/claims.*email/);
  });

  it('requires exp and iat, at most 10 minutes apart, and no iat in the future', async () => {
    const unsigned = (c: object) =>
      new SignJWT({ email: claims.email, name: claims.name, ...c })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('t');
    // The token that started this: no exp, so it never expired.
    expect(await failure(await unsigned({ iat: seconds(now) }).sign(secret))).toMatch(/lacks.*exp/);
    expect(await failure(await unsigned({ exp: seconds(now) + 60 }).sign(secret))).toMatch(/lacks.*iat/);
    expect(await failure(await sign(claims, { expiresInSeconds: 10 * 60 + 1 }))).toMatch(
      /at most 10 minutes/,
    );
    expect(await failure(await sign(claims, { now: new Date(now.getTime() + 5 * 60_000) }))).toMatch(
      /issued in the future/,
    );
    // A host clock a little ahead of ours is fine.
    const ahead = await sign({ ...claims, sub: 'skewed' }, { now: new Date(now.getTime() + 30_000) });
    await expect(t.services.auth.signInWithSso({ token: ahead })).resolves.toBeTruthy();
    const tenMinutes = await sign({ ...claims, sub: 'ten-minutes' }, { expiresInSeconds: 10 * 60 });
    await expect(t.services.auth.signInWithSso({ token: tenMinutes })).resolves.toBeTruthy();
  });

  it('accepts each token once: a replay, by the same token or the same jti, is a 401 that says so', async () => {
    const token = await sign({ ...claims, sub: 'once' });
    await t.services.auth.signInWithSso({ token });
    expect(await failure(token)).toMatch(/already used/);

    // Without a jti the token itself (its hash) is what gets spent.
    const noJti = await new SignJWT({ email: claims.email, name: claims.name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('once-no-jti')
      .setIssuedAt(seconds(now))
      .setExpirationTime(seconds(now) + 300)
      .sign(secret);
    await t.services.auth.signInWithSso({ token: noJti });
    expect(await failure(noJti)).toMatch(/already used/);

    await t.services.auth.signInWithSso({ token: await sign(claims, { jti: 'host-jti-1' }) });
    expect(await failure(await sign({ ...claims, name: 'Other' }, { jti: 'host-jti-1' }))).toMatch(
      /already used/,
    );
  });

  it('POST /api/auth/sso answers a replayed token with a 401 that says so', async () => {
    const router = new Router(routes);
    const token = await sign({ ...claims, sub: 'api-replay' });
    const post = () =>
      router.handle(
        apiGatewayEvent({
          method: 'POST',
          path: '/api/auth/sso',
          body: JSON.stringify({ token }),
          headers: { host: 'board.example', 'content-type': 'application/json' },
        }),
        t.runtime(),
      );
    expect((await post()).statusCode).toBe(200);
    const replay = await post();
    expect(replay.statusCode).toBe(401);
    expect(replay.body).toMatch(/already used/);
  });

  it('lets only one of several racing sign-ins with one token through', async () => {
    const token = await sign({ ...claims, sub: 'racer' });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => t.services.auth.signInWithSso({ token })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('does not call a sign-in a replay when the SDK retries its own write whose answer was lost', async () => {
    let lost = false;
    // Each attempt passes here (inside the SDK's retry): the first spend reaches DynamoDB, then its answer
    // is lost as on a timeout, and the SDK sends the same put again.
    t.db.raw.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { Item?: { pk?: { S?: string } } };
        if (!lost && context.commandName === 'PutItemCommand' && input.Item?.pk?.S?.startsWith('SSOTOKEN#')) {
          lost = true;
          throw Object.assign(new Error('The answer was lost'), { name: 'TimeoutError', $metadata: {} });
        }
        return result;
      },
      { step: 'deserialize', name: 'loseFirstSpendAnswer' },
    );
    try {
      const token = await sign({ ...claims, sub: 'retried' });
      await expect(t.services.auth.signInWithSso({ token })).resolves.toBeTruthy();
      expect(lost).toBe(true);
      expect(await failure(token)).toMatch(/already used/);
    } finally {
      t.db.raw.middlewareStack.remove('loseFirstSpendAnswer');
    }
  });

  it('forgets a spent token once it has expired, even while TTL has not removed the record', async () => {
    await t.services.auth.signInWithSso({
      token: await sign(claims, { jti: 'reused', expiresInSeconds: 60 }),
    });
    const before = now;
    now = new Date(before.getTime() + 2 * 60_000);
    try {
      // The old token is refused as expired; a new one with the same jti is not mistaken for it.
      await expect(
        t.services.auth.signInWithSso({ token: await sign(claims, { jti: 'reused' }) }),
      ).resolves.toBeTruthy();
    } finally {
      now = before;
    }
  });

  it('rejects a missing token as a validation error', async () => {
    await expect(t.services.auth.signInWithSso({})).rejects.toThrow(ValidationError);
  });
});

describe('sessions', () => {
  it('stores only a hash of the token, and ends on sign-out', async () => {
    const { sessionToken } = await t.services.auth.signInWithSso({
      token: await sign({ ...claims, sub: 's2' }),
    });
    expect(await t.stores.sessions.get(sessionToken, now)).toBeNull();
    expect(await t.stores.sessions.get(hashSessionToken(sessionToken), now)).not.toBeNull();
    await t.services.auth.signOut(sessionToken);
    expect(await t.services.auth.userForSession(sessionToken)).toBeNull();
  });

  it('treats an expired session as absent even while TTL has not removed it', async () => {
    const { sessionToken } = await t.services.auth.signInWithSso({
      token: await sign({ ...claims, sub: 's3' }),
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
