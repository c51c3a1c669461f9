import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import { RateLimitedError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aUser } from '../setup/fixtures.ts';

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
});
