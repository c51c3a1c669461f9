/**
 * Companies as records: one upsert fed by SSO claims, the API and the CSV import, on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { ForbiddenError, PayloadTooLargeError, ValidationError } from '../../shared/domain/errors.ts';
import type { User } from '../../shared/domain/types.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aUser, as } from '../setup/fixtures.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient, type Session } from '../setup/role-client.ts';

let t: TestTable;
let runtime: Runtime;
const guard = new ReadOnlyGuard();
const { call, signIn } = roleClient(() => runtime, guard);
let staff: Session;
let customer: Session;
let admin: User;

beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
  guard.install(t.db);
  staff = await signIn('staff');
  customer = await signIn('customer');
  admin = await aUser(t, { role: 'admin' });
});
afterAll(() => t?.drop());

let n = 0;
async function ssoSignIn(company: SsoClaims['company'], sub = `person-${++n}`) {
  const token = await signSsoToken(
    { sub, email: `${sub}@customer.example`, name: `Person ${n}`, ...(company ? { company } : {}) },
    TEST_SSO_SECRET,
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}
const stored = async (id: string) => (await t.stores.companies.get(id))?.company;
const fieldsOf = (res: { json: { error?: object } }) =>
  (res.json.error as { fields?: Record<string, string> } | undefined)?.fields ?? {};
const WRITES = ['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems'];
const writesSince = () => WRITES.filter((op) => t.requests.has(op));

describe('one company record, from three sources', () => {
  it('SSO, the API and the CSV import upsert the same record, each keeping what the others set', async () => {
    await ssoSignIn({ id: 'acme-co', name: 'Acme', mrr: 100, plan: 'Pro' });
    expect(await stored('acme-co')).toMatchObject({ name: 'Acme', mrr: 100, plan: 'Pro', source: 'sso' });

    const put = await call('PUT', {
      path: '/api/companies/acme-co',
      body: { name: 'Acme', mrr: 250, owner: 'Rep@Hearth.example' },
      cookies: staff.cookies,
    });
    expect(put.status).toBe(200);
    expect(put.json.company).toMatchObject({
      id: 'acme-co',
      mrr: 250,
      plan: 'Pro',
      owner: 'rep@hearth.example',
      source: 'api',
    });

    const report = await t.services.companies.importCsv(
      as(admin),
      'id,name,mrr,plan,owner\r\nacme-co,"Acme, Inc.",300,,\r\n',
      { dryRun: false },
    );
    expect(report.rows).toEqual([{ row: 2, id: 'acme-co', name: 'Acme, Inc.', outcome: 'updated' }]);
    expect(await stored('acme-co')).toMatchObject({
      name: 'Acme, Inc.',
      mrr: 300,
      plan: 'Pro',
      owner: 'rep@hearth.example',
      source: 'import',
    });

    const got = await call('GET', { path: '/api/companies/acme-co', cookies: staff.cookies });
    expect(got.json.company).toMatchObject({ id: 'acme-co', name: 'Acme, Inc.', mrr: 300 });
    // null clears; the same facts again write nothing.
    await t.services.companies.upsert(as(staff.user), 'acme-co', { name: 'Acme, Inc.', plan: null });
    expect((await stored('acme-co'))?.plan).toBeUndefined();
    t.requests.clear();
    const again = await t.services.companies.upsert(as(staff.user), 'acme-co', { name: 'Acme, Inc.' });
    expect(again.outcome).toBe('unchanged');
    expect(writesSince()).toEqual([]);
  });

  it('takes the SSO claim as a bare name (id slugified) or as an object, and links the person to it', async () => {
    const byName = await ssoSignIn('Globex Corporation');
    expect(byName).toMatchObject({ company: 'Globex Corporation', companyId: 'globex-corporation' });
    expect(await stored('globex-corporation')).toMatchObject({ name: 'Globex Corporation', source: 'sso' });

    await t.services.companies.upsert(as(staff.user), 'globex-corporation', {
      name: 'Globex Corporation',
      mrr: 990,
    });
    // A later sign-in naming only the company leaves the back office's MRR alone.
    await ssoSignIn('Globex Corporation');
    expect((await stored('globex-corporation'))?.mrr).toBe(990);

    const byObject = await ssoSignIn({ id: 'Initech_42', name: 'Initech', owner: 'sam@hearth.example' });
    expect(byObject).toMatchObject({ company: 'Initech', companyId: 'Initech_42' });
    expect(await stored('Initech_42')).toMatchObject({ name: 'Initech', owner: 'sam@hearth.example' });
    // Stored on the user, not only answered.
    expect(await t.stores.users.get(byObject.id)).toMatchObject({ companyId: 'Initech_42' });
  });

  it('refuses a company claim with a bad field as a bad sign-in token', async () => {
    const error = await ssoSignIn({ id: 'bad id', name: 'X' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/company/);
  });

  it('moves a person to the company their latest sign-in names, leaving the old company as it was', async () => {
    const sub = `mover-${++n}`;
    const first = await ssoSignIn({ id: 'old-co', name: 'Old Co', mrr: 10 }, sub);
    const moved = await ssoSignIn({ id: 'new-co', name: 'New Co' }, sub);
    expect(moved.id).toBe(first.id);
    expect(moved).toMatchObject({ companyId: 'new-co', company: 'New Co' });
    expect(await t.stores.users.get(first.id)).toMatchObject({ companyId: 'new-co', company: 'New Co' });
    expect(await stored('old-co')).toMatchObject({ name: 'Old Co', mrr: 10 });
    // No company in the claim: the person belongs to none, as the company name did before.
    const none = await ssoSignIn(undefined, sub);
    expect(none.companyId).toBeUndefined();
    expect((await t.stores.users.get(first.id))?.companyId).toBeUndefined();
  });
});

describe('the API', () => {
  it('answers 400 with a message for each bad field', async () => {
    const res = await call('PUT', {
      path: '/api/companies/valid-id',
      body: { name: '', mrr: -1, plan: 5, owner: 'not an email' },
      cookies: staff.cookies,
    });
    expect(res.status).toBe(400);
    const fields = fieldsOf(res);
    expect(Object.keys(fields).sort()).toEqual(['mrr', 'name', 'owner', 'plan']);
    expect(fields.mrr).toMatch(/negative/);

    const cents = await call('PUT', {
      path: '/api/companies/valid-id',
      body: { name: 'Cents', mrr: 12.5 },
      cookies: staff.cookies,
    });
    expect(fieldsOf(cents).mrr).toMatch(/whole/);

    const badId = await call('PUT', {
      path: '/api/companies/no%20spaces',
      body: { name: 'Spaces' },
      cookies: staff.cookies,
    });
    expect(badId.status).toBe(400);
    expect(fieldsOf(badId)).toHaveProperty('id');
    expect(await stored('valid-id')).toBeUndefined();
  });

  it('is for staff: customers get 403, anonymous callers 401', async () => {
    for (const [method, path] of [
      ['PUT', '/api/companies/acme-co'],
      ['GET', '/api/companies/acme-co'],
      ['GET', '/api/companies'],
    ] as const) {
      const body = method === 'PUT' ? { name: 'Hijacked' } : undefined;
      expect((await call(method, { path, body, cookies: customer.cookies })).status, path).toBe(403);
      expect((await call(method, { path, body })).status, path).toBe(401);
    }
    expect((await stored('acme-co'))?.name).not.toBe('Hijacked');
    expect(guard.violations).toEqual([]);
  });

  it('answers 404 for a company that does not exist', async () => {
    expect((await call('GET', { path: '/api/companies/nobody', cookies: staff.cookies })).status).toBe(404);
  });
});

describe('the CSV import', () => {
  const header = 'id,name,mrr,plan,owner';

  it('previews per row on a dry run, writing nothing, and reports each bad row and field', async () => {
    await t.services.companies.upsert(as(staff.user), 'same-co', { name: 'Same Co', mrr: 5 });
    await t.services.companies.upsert(as(staff.user), 'changed-co', { name: 'Changed Co', mrr: 5 });
    const csv = [
      header,
      'fresh-co,"Fresh, ""the"" Co",1200,Pro,Rep@Hearth.example',
      'same-co,Same Co,,,',
      'changed-co,Changed Co,6,,',
      '',
      'bad-mrr,Bad MRR,12.50,,',
      'bad owner id!,Owner,1,,nobody',
      'fresh-co,Again,1,,',
      'short,row',
      ',,,,',
    ].join('\n');
    t.requests.clear();
    const preview = await t.services.companies.importCsv(as(admin), csv, { dryRun: true });
    expect(writesSince()).toEqual([]);
    expect(await stored('fresh-co')).toBeUndefined();
    expect(preview.dryRun).toBe(true);
    expect(preview.rows).toEqual([
      { row: 2, id: 'fresh-co', name: 'Fresh, "the" Co', outcome: 'created' },
      { row: 3, id: 'same-co', name: 'Same Co', outcome: 'unchanged' },
      { row: 4, id: 'changed-co', name: 'Changed Co', outcome: 'updated' },
      {
        row: 6,
        outcome: 'error',
        errors: [{ field: 'mrr', message: 'MRR must be a whole number (whole currency units, no cents).' }],
      },
      {
        row: 7,
        outcome: 'error',
        errors: [
          { field: 'id', message: expect.stringMatching(/Company id/) },
          { field: 'owner', message: expect.stringMatching(/email/) },
        ],
      },
      {
        row: 8,
        outcome: 'error',
        errors: [{ field: 'id', message: 'Company id fresh-co is already on row 2.' }],
      },
      { row: 9, outcome: 'error', errors: [{ field: 'row', message: expect.stringMatching(/Expected 5/) }] },
    ]);
    expect(preview.counts).toEqual({ created: 1, updated: 1, unchanged: 1, error: 4 });

    const done = await t.services.companies.importCsv(as(admin), csv, { dryRun: false });
    expect(done.counts).toEqual({ created: 1, updated: 1, unchanged: 1, error: 4 });
    expect(await stored('fresh-co')).toMatchObject({
      name: 'Fresh, "the" Co',
      mrr: 1200,
      plan: 'Pro',
      owner: 'rep@hearth.example',
      source: 'import',
    });
    expect((await stored('changed-co'))?.mrr).toBe(6);
    expect(await stored('same-co')).toMatchObject({ mrr: 5, source: 'api' });
  });

  it('takes the columns in any order, and refuses a file without a usable header', async () => {
    const report = await t.services.companies.importCsv(as(admin), 'name,id\nOrdered,ordered-co\n', {
      dryRun: true,
    });
    expect(report.rows).toEqual([{ row: 2, id: 'ordered-co', name: 'Ordered', outcome: 'created' }]);
    for (const csv of ['name,mrr\nAcme,1', 'id,name,seats\nacme,Acme,3', '']) {
      const error = await t.services.companies.importCsv(as(admin), csv, { dryRun: true }).catch((e) => e);
      expect(error, csv).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toHaveProperty('header');
    }
    const unclosed = await t.services.companies
      .importCsv(as(admin), `${header}\nacme,"Acme`, { dryRun: true })
      .catch((e: unknown) => e);
    expect((unclosed as ValidationError).fields.csv).toMatch(/Row 2/);
  });

  it('caps the file at 5 MB and 10,000 rows with a 413 that says which', async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `co-${i},Company ${i},,,`);
    const tooMany = await t.services.companies
      .importCsv(as(admin), [header, ...rows].join('\n'), { dryRun: true })
      .catch((e: unknown) => e);
    expect(tooMany).toBeInstanceOf(PayloadTooLargeError);
    expect((tooMany as Error).message).toMatch(/10,001 rows; at most 10,000/);
    const tooBig = await t.services.companies
      .importCsv(as(admin), `${header}\nbig,"${'x'.repeat(5 * 1024 * 1024)}",,,`, { dryRun: true })
      .catch((e: unknown) => e);
    expect(tooBig).toBeInstanceOf(PayloadTooLargeError);
    expect((tooBig as Error).message).toMatch(/larger than 5 MB/);
  });

  it('is for admins only', async () => {
    for (const user of [staff.user, customer.user]) {
      const error = await t.services.companies
        .importCsv(as(user), `${header}\nx,X,,,`, { dryRun: true })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
    }
  });
});

describe('the list of companies', () => {
  it('pages by name, and a page costs one Query however many companies there are', async () => {
    const list = await createTestTable();
    try {
      const staffActor = as(await aUser(list, { role: 'staff' }));
      const addCompanies = async (from: number, count: number) => {
        for (let i = from; i < from + count; i += 25) {
          await Promise.all(
            Array.from({ length: Math.min(25, from + count - i) }, (_, j) =>
              list.stores.companies.put(
                {
                  id: `co-${String(i + j).padStart(4, '0')}`,
                  name: `Company ${String(i + j).padStart(4, '0')}`,
                  updatedAt: new Date().toISOString(),
                  source: 'import',
                },
                null,
              ),
            ),
          );
        }
      };
      const cost = async () => {
        const first = await list.services.companies.list(staffActor, { limit: '10' });
        list.requests.clear();
        const second = await list.services.companies.list(staffActor, {
          limit: 10,
          cursor: first.nextCursor,
        });
        return { requests: Object.fromEntries(list.requests), first, second };
      };
      await addCompanies(0, 25);
      const small = await cost();
      await addCompanies(25, 475);
      const large = await cost();
      expect(small.requests).toEqual({ Query: 1 });
      expect(large.requests).toEqual(small.requests);
      const names = [...large.first.companies, ...large.second.companies].map((c) => c.name);
      expect(names).toEqual(Array.from({ length: 20 }, (_, i) => `Company ${String(i).padStart(4, '0')}`));
      expect(large.second.nextCursor).not.toBeNull();
    } finally {
      await list.drop();
    }
  }, 120_000);
});
