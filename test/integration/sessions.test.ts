import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/errors.ts';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aUser, as } from '../setup/fixtures.ts';

const DAY = 86_400_000;
let now = Date.parse('2026-11-01T09:00:00Z');
let t: TestTable;
beforeAll(async () => (t = await createTestTable({ clock: { now: () => new Date(now) } })));
afterAll(() => t.drop());

async function signIn(sub: string) {
  const token = await signSsoToken({ sub, email: `${sub}@example.com`, name: sub }, TEST_SSO_SECRET, {
    now: new Date(now),
  });
  return t.services.auth.signInWithSso({ token });
}

describe('sessions', () => {
  it('slide: a session in use outlives its first 30 days; an idle one expires', async () => {
    const used = await signIn('sliding');
    const idle = await signIn('idle');
    for (let day = 0; day < 40; day += 10) {
      now += 10 * DAY;
      expect(await t.services.auth.userForSession(used.sessionToken)).not.toBeNull();
    }
    expect(await t.services.auth.userForSession(idle.sessionToken)).toBeNull();
  });

  it('sign out everywhere ends every session of that person only', async () => {
    const [laptop, phone, other] = [await signIn('many'), await signIn('many'), await signIn('someone-else')];
    await expect(t.services.auth.signOutEverywhere(ANONYMOUS)).rejects.toThrow(UnauthenticatedError);
    expect(await t.services.auth.signOutEverywhere(as(laptop.user))).toEqual({ sessionsEnded: 2 });
    expect(await t.services.auth.userForSession(laptop.sessionToken)).toBeNull();
    expect(await t.services.auth.userForSession(phone.sessionToken)).toBeNull();
    expect(await t.services.auth.userForSession(other.sessionToken)).not.toBeNull();
  });
});

describe('roles', () => {
  it('admins make staff; nobody else can, and nobody changes their own role', async () => {
    const [admin, staff, customer] = [
      await aUser(t, { role: 'admin' }),
      await aUser(t, { role: 'staff' }),
      await aUser(t),
    ];
    expect((await t.services.profiles.setRole(as(admin), customer.id, { role: 'staff' })).role).toBe('staff');
    expect((await t.stores.users.get(customer.id))?.role).toBe('staff');
    await expect(t.services.profiles.setRole(as(staff), customer.id, { role: 'admin' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.profiles.setRole(as(admin), admin.id, { role: 'customer' })).rejects.toThrow(
      /your own role/,
    );
    await expect(t.services.profiles.setRole(as(admin), customer.id, { role: 'owner' })).rejects.toThrow(
      /Role must be/,
    );
  });

  it('keeps a role an admin gave across SSO sign-ins that send no role; a role claim still wins', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const claims = { sub: 'sso-promoted', email: 'promoted@example.com', name: 'Promoted' };
    const first = await t.services.auth.signInWithSso({
      token: await signSsoToken(claims, TEST_SSO_SECRET, { now: new Date(now) }),
    });
    await t.services.profiles.setRole(as(admin), first.user.id, { role: 'staff' });
    const again = await t.services.auth.signInWithSso({
      token: await signSsoToken(claims, TEST_SSO_SECRET, { now: new Date(now) }),
    });
    expect(again.user.role).toBe('staff');
    const told = await t.services.auth.signInWithSso({
      token: await signSsoToken({ ...claims, role: 'customer' }, TEST_SSO_SECRET, { now: new Date(now) }),
    });
    expect(told.user.role).toBe('customer');
  });
});
