/**
 * The community guidelines: admins write versions, members accept one before their first post or
 * comment (the version and time are kept), staff are exempt.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, GuidelinesNotAcceptedError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type User } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { auditLines } from '../setup/moderation-fixtures.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient } from '../setup/role-client.ts';

let t: TestTable;
const guard = new ReadOnlyGuard();
const { call, signIn } = roleClient(() => t.runtime(), guard);
let boardSlug: string;

/** While set, every GetItem of the table: its key and whether it was a consistent read. */
let gets: { key: string; consistent: boolean }[] | undefined;

beforeAll(async () => {
  t = await createTestTable();
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
  boardSlug = (await aBoard(t)).slug;
});
afterAll(() => t.drop());

const fresh = async (user: User) => (await t.stores.users.get(user.id)) as User;
const idea = (title: string) => ({ kind: 'idea', title, body: 'Details' });

describe('community guidelines', () => {
  it('GIVEN no guidelines THEN anyone posts; the API answers 204', async () => {
    expect((await call('GET', { path: '/api/guidelines' })).status).toBe(204);
    const member = await aUser(t);
    expect(await t.services.guidelines.needsAcceptance(as(member))).toBeNull();
    await t.services.posts.create(as(member), boardSlug, idea('Before any guidelines'));
  });

  it('only admins write them; each save is a new version, rendered safely', async () => {
    const staff = await signIn('staff');
    const admin = await signIn('admin');
    const body = { markdown: '# Be kind\n\nNo spam. <script>alert(1)</script>', baseVersion: 0 };
    expect((await call('PUT', { path: '/api/guidelines', body, cookies: staff.cookies })).status).toBe(403);
    const first = await call('PUT', { path: '/api/guidelines', body, cookies: admin.cookies });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ version: 1, updatedByName: admin.user.name });
    expect(first.json.html).toMatch(/<h\d>Be kind<\/h\d>/);
    expect(first.json.html).not.toContain('<script');
    const second = await call('PUT', {
      path: '/api/guidelines',
      body: { markdown: '# Be kind\n\nNo spam, no ads.', baseVersion: 1 },
      cookies: admin.cookies,
    });
    expect(second.json.version).toBe(2);
    const read = await call('GET', { path: '/api/guidelines' });
    expect(read.json).toMatchObject({ version: 2, markdown: '# Be kind\n\nNo spam, no ads.' });
  });

  it('GIVEN guidelines THEN a member cannot post or comment until they accept; acceptance keeps the version and time', async () => {
    const current = await t.services.guidelines.get();
    if (!current) throw new Error('The test before writes the guidelines.');
    const member = await signIn('customer', 'newcomer');
    const post = await aStoredPost(t, boardSlug, await aUser(t));

    const refused = await call('POST', {
      path: `/api/boards/${boardSlug}/posts`,
      body: idea('Refused'),
      cookies: member.cookies,
    });
    expect(refused.status, JSON.stringify(refused.json)).toBe(409);
    expect(refused.json.error?.message).toBe(
      'Accept the community guidelines before your first post or comment.',
    );
    await expect(
      t.services.comments.create(as(member.user), post.id, { body: 'Refused too' }),
    ).rejects.toThrow(GuidelinesNotAcceptedError);
    expect(await t.services.guidelines.needsAcceptance(as(member.user))).toMatchObject({
      version: current.version,
    });

    // An old version is not accepted.
    const stale = await call('POST', {
      path: '/api/guidelines/accept',
      body: { version: current.version - 1 },
      cookies: member.cookies,
    });
    expect(stale.status).toBe(409);
    const accepted = await call('POST', {
      path: '/api/guidelines/accept',
      body: { version: current.version },
      cookies: member.cookies,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ version: current.version, at: expect.any(String) });
    expect((await fresh(member.user)).guidelinesAccepted).toEqual(accepted.json);

    const posted = await call('POST', {
      path: `/api/boards/${boardSlug}/posts`,
      body: idea('Accepted first'),
      cookies: member.cookies,
    });
    expect(posted.status).toBe(201);
    await t.services.comments.create(as(await fresh(member.user)), post.id, { body: 'Now I may' });
    expect(await t.services.guidelines.needsAcceptance(as(await fresh(member.user)))).toBeNull();
  });

  it('GIVEN a member who accepted an earlier version THEN they still post after a new version', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const member = await aUser(t);
    const current = await t.services.guidelines.get();
    await t.services.guidelines.accept(as(member), { version: current?.version });
    await t.services.guidelines.update(as(admin), {
      markdown: 'Be kind, version three.',
      baseVersion: current?.version,
    });
    await t.services.posts.create(as(await fresh(member)), boardSlug, idea('Still fine'));
  });

  it('staff are exempt; anonymous people cannot accept', async () => {
    const staff = await aUser(t, { role: 'staff' });
    expect(await t.services.guidelines.needsAcceptance(as(staff))).toBeNull();
    await t.services.posts.create(as(staff), boardSlug, idea('Staff post'));
    await expect(t.services.guidelines.accept(ANONYMOUS, { version: 1 })).rejects.toThrow(/Sign in/);
    await expect(
      t.services.guidelines.update(as(staff), { markdown: 'Mine', baseVersion: 0 }),
    ).rejects.toThrow(ForbiddenError);
  });

  it('GIVEN an admin who edited an older version THEN their save is refused (409), nothing is lost', async () => {
    const admin = await signIn('admin');
    const other = await aUser(t, { role: 'admin' });
    const base = (await t.services.guidelines.get())?.version ?? 0;
    await t.services.guidelines.update(as(other), { markdown: 'Saved first.', baseVersion: base });
    const stale = await call('PUT', {
      path: '/api/guidelines',
      body: { markdown: 'Saved over it.', baseVersion: base },
      cookies: admin.cookies,
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error?.message).toBe(
      'Someone saved the guidelines meanwhile: reload them and try again.',
    );
    expect(await t.services.guidelines.get()).toMatchObject({ version: base + 1, markdown: 'Saved first.' });
    const missing = await call('PUT', {
      path: '/api/guidelines',
      body: { markdown: 'No base.' },
      cookies: admin.cookies,
    });
    expect(missing.status).toBe(400);
    expect((missing.json.error as { fields?: object }).fields).toHaveProperty('baseVersion');
  });

  it('each save’s audit line keeps the text before and after, so what a member accepted can be shown', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const before = await t.services.guidelines.get();
    if (!before) throw new Error('The tests before write the guidelines.');
    await t.services.guidelines.update(as(admin), { markdown: 'Kinder still.', baseVersion: before.version });
    const line = (await auditLines(t)).filter((l) => l.action === 'guidelines').at(-1);
    expect(line).toMatchObject({
      before: { version: before.version, markdown: before.markdown },
      after: { version: before.version + 1, markdown: 'Kinder still.' },
    });
  });

  it('saving and accepting read the guidelines consistently: the version decides the write', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const member = await aUser(t);
    const key = `${keys.settings('GUIDELINES').pk}|${keys.settings('GUIDELINES').sk}`;
    const base = (await t.services.guidelines.get())?.version ?? 0;
    gets = [];
    try {
      await t.services.guidelines.update(as(admin), { markdown: 'Read me.', baseVersion: base });
      await t.services.guidelines.accept(as(member), { version: base + 1 });
      const reads = gets.filter((g) => g.key === key);
      expect(reads).toHaveLength(2);
      expect(reads.every((g) => g.consistent)).toBe(true);
    } finally {
      gets = undefined;
    }
  });

  it('two admins saving from the same version: the second is told to reload', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const current = await t.services.guidelines.get();
    const ok = await t.stores.guidelines.save(
      {
        markdown: 'Racing',
        version: (current?.version ?? 0) + 1,
        updatedAt: new Date().toISOString(),
        updatedById: admin.id,
        updatedByName: admin.name,
      },
      {
        id: `race-${Date.now()}`,
        at: new Date().toISOString(),
        action: 'guidelines',
        actorId: admin.id,
        actorName: admin.name,
        target: { kind: 'settings' },
      },
    );
    expect(ok).toBe(true);
    const again = await t.stores.guidelines.save(
      {
        markdown: 'Racing too',
        version: (current?.version ?? 0) + 1,
        updatedAt: new Date().toISOString(),
        updatedById: admin.id,
        updatedByName: admin.name,
      },
      {
        id: `race2-${Date.now()}`,
        at: new Date().toISOString(),
        action: 'guidelines',
        actorId: admin.id,
        actorName: admin.name,
        target: { kind: 'settings' },
      },
    );
    expect(again).toBe(false);
    expect(ConflictError).toBeDefined();
    expect(guard.violations).toEqual([]);
  });
});
