/**
 * The moderation audit log as admins read it: a line for each sanction, lift and guidelines save (who,
 * what, why, when, before and after), a month newest first with a cursor, the month's CSV; admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../shared/domain/csv.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { AUDIT_CSV_COLUMNS } from '../../shared/services/moderation/audit-log-service.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aUser, as } from '../setup/fixtures.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient } from '../setup/role-client.ts';

let t: TestTable;
const guard = new ReadOnlyGuard();
const { call, signIn } = roleClient(() => t.runtime(), guard);

beforeAll(async () => {
  t = await createTestTable();
  guard.install(t.db);
});
afterAll(() => t.drop());

const month = () => new Date().toISOString().slice(0, 7);

describe('the moderation audit log', () => {
  it('GIVEN a sanction, a lift and a guidelines save THEN each has a line, newest first, readable by admins only', async () => {
    const admin = await signIn('admin');
    const staff = await signIn('staff');
    const member = await aUser(t);
    await call('PUT', {
      path: `/api/users/${member.id}/sanction`,
      body: { level: 'silence', reason: 'Spam, "again", twice', days: 2 },
      cookies: staff.cookies,
    });
    await call('DELETE', {
      path: `/api/users/${member.id}/sanction`,
      body: { reason: 'Apologised' },
      cookies: staff.cookies,
    });
    await call('PUT', {
      path: '/api/guidelines',
      body: { markdown: 'Be kind.', baseVersion: 0 },
      cookies: admin.cookies,
    });

    expect((await call('GET', { path: '/api/moderation/audit', cookies: staff.cookies })).status).toBe(403);
    const page = await call('GET', { path: '/api/moderation/audit', cookies: admin.cookies });
    expect(page.status).toBe(200);
    const items = page.json.items as Record<string, unknown>[];
    expect(items.map((line) => line.action)).toEqual(['guidelines', 'liftSanction', 'sanction']);
    expect(items[2]).toMatchObject({
      actorId: staff.user.id,
      actorName: staff.user.name,
      target: { kind: 'user', userId: member.id },
      reason: 'Spam, "again", twice',
      after: { level: 'silence', until: expect.any(String) },
    });
    expect(items[2]).not.toHaveProperty('before');
    expect(items[1]).toMatchObject({ reason: 'Apologised', before: { level: 'silence' } });
    expect(items[0]).toMatchObject({
      target: { kind: 'settings' },
      after: { version: 1, markdown: 'Be kind.' },
    });

    // A page at a time, with a cursor.
    const first = await call('GET', {
      path: '/api/moderation/audit',
      query: 'limit=2',
      cookies: admin.cookies,
    });
    expect((first.json.items as unknown[]).length).toBe(2);
    const rest = await call('GET', {
      path: '/api/moderation/audit',
      query: `limit=2&cursor=${encodeURIComponent(String(first.json.cursor))}`,
      cookies: admin.cookies,
    });
    expect((rest.json.items as { action: string }[]).map((l) => l.action)).toEqual(['sanction']);
    expect(rest.json.cursor).toBeUndefined();

    // Another month is another partition.
    const empty = await call('GET', {
      path: '/api/moderation/audit',
      query: 'month=2001-01',
      cookies: admin.cookies,
    });
    expect(empty.json.items).toEqual([]);
    expect(guard.violations).toEqual([]);
  });

  it('exports the month as CSV, oldest first, that a spreadsheet reads back; admins only', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const staff = await aUser(t, { role: 'staff' });
    await expect(t.services.auditLog.csv(as(staff), { month: month() })).rejects.toThrow(ForbiddenError);
    const csv = await t.services.auditLog.csv(as(admin), { month: month() });
    const [header, ...rows] = parseCsv(csv.trimEnd());
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows.map((r) => r[2])).toEqual(['sanction', 'liftSanction', 'guidelines']);
    expect(rows[0]?.[9]).toBe('Spam, "again", twice');
    expect(JSON.parse(rows[0]?.[11] ?? '')).toMatchObject({ level: 'silence' });

    const api = await call('GET', {
      path: '/api/moderation/audit.csv',
      query: `month=${month()}`,
      cookies: (await signIn('admin')).cookies,
    });
    expect(api.status).toBe(200);
    expect(api.json).toEqual({ month: month(), csv });
  });

  it('lines are never rewritten: a put with a line id already used fails', async () => {
    const admin = await aUser(t, { role: 'admin' });
    const [line] = (await t.services.auditLog.page(as(admin), {})).items;
    if (!line) throw new Error('The tests before write lines.');
    const written = await t.stores.users.setSanction({
      userId: admin.id,
      before: undefined,
      after: null,
      audit: { ...line, reason: 'Rewritten' },
    });
    expect(written).toBe(false);
    const again = await t.services.auditLog.page(as(admin), {});
    expect(again.items[0]).toEqual(line);
  });
});
