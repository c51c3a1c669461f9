/**
 * Who voted, and what a company asked for, on DynamoDB Local: staff see each voter's company with its
 * MRR and how the vote came in; customers see names and companies only on boards that allow it; a
 * company's page lists its people, its asks newest first, what shipped for it and its open demand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';

let t: TestTable;
let staff: User;
let admin: User;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
  admin = await aUser(t, { role: 'admin' });
});
afterAll(() => t?.drop());

let n = 0;
/** A customer signed in by SSO, with a company claim when given: only those are listed as its people. */
async function person(company?: SsoClaims['company']): Promise<User> {
  const sub = `voters-person-${++n}`;
  const token = await signSsoToken(
    { sub, email: `${sub}@customer.example`, name: `Person ${n}`, ...(company ? { company } : {}) },
    TEST_SSO_SECRET,
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}

let c = 0;
const aCompany = (mrr: number) => ({ id: `voters-co-${++c}`, name: `Voters Company ${c}`, mrr });

async function anIdea(board: string, author: User): Promise<Post> {
  return t.services.posts.create(as(author), board, { title: `Idea ${++n} to vote for`, body: '' });
}

describe('a post’s voters', () => {
  it('staff see every voter, oldest first, with company, MRR and how the vote was added', async () => {
    // GIVEN a post by a person of Acme, voted for by a colleague, someone without a company, and a
    // vote staff added for a Globex customer
    const board = (await aBoard(t)).slug;
    const [acme, globex] = [aCompany(1200), aCompany(300)];
    const author = await person(acme);
    const colleague = await person(acme);
    const loner = await person();
    const customer = await person(globex);
    const post = await anIdea(board, author);
    await t.services.votes.vote(as(colleague), post.id);
    await t.services.votes.vote(as(loner), post.id);
    await t.services.votes.voteOnBehalf(as(staff), post.id, {
      email: customer.email,
      source: 'Sales call',
    });

    // WHEN staff read the voters
    const page = await t.services.demand.voters(as(staff), post.id);

    // THEN all four come, oldest first, with what staff may see
    expect(page.voters.map((v) => v.userId)).toEqual([author.id, colleague.id, loner.id, customer.id]);
    expect(page.voters[0]).toMatchObject({
      name: author.name,
      company: { id: acme.id, name: acme.name, mrr: 1200 },
      source: 'self',
    });
    expect(page.voters[2]?.company).toBeUndefined();
    expect(page.voters[3]).toMatchObject({
      company: { id: globex.id, mrr: 300 },
      source: 'on_behalf',
      onBehalf: { byId: staff.id, byName: 'Sam Staff', note: 'Sales call' },
    });
    expect(page.demand).toEqual({ companies: 2, mrr: 1500 });
    expect(page.nextCursor).toBeNull();
  });

  it('pages through the voters with a cursor', async () => {
    const board = (await aBoard(t)).slug;
    const post = await anIdea(board, await person());
    const others = [await person(), await person(), await person(), await person()];
    for (const p of others) await t.services.votes.vote(as(p), post.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.services.demand.voters(as(staff), post.id, {
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(page.voters.length).toBeLessThanOrEqual(2);
      seen.push(...page.voters.map((v) => v.userId));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(5);
    expect(seen.slice(1)).toEqual(others.map((p) => p.id));
  });

  it('are for staff only, unless an admin lets the board’s customers see names and companies', async () => {
    // GIVEN a post on a board with the default setting
    const board = (await aBoard(t)).slug;
    const acme = aCompany(900);
    const author = await person(acme);
    const reader = await person();
    const post = await anIdea(board, author);
    await t.services.votes.voteOnBehalf(as(staff), post.id, { email: reader.email, source: 'Ticket 12' });

    // THEN a customer is refused, and so is an anonymous visitor
    expect(await errorOf(t.services.demand.voters(as(reader), post.id))).toBeInstanceOf(ForbiddenError);
    expect(await errorOf(t.services.demand.voters({ kind: 'anonymous' }, post.id))).toBeInstanceOf(
      ForbiddenError,
    );
    // and staff may not turn it on; an admin can
    expect(await errorOf(t.services.boards.update(as(staff), board, { votersVisible: true }))).toBeInstanceOf(
      ForbiddenError,
    );
    await t.services.boards.update(as(admin), board, { votersVisible: true });

    // WHEN the customer reads the voters
    const page = await t.services.demand.voters(as(reader), post.id);

    // THEN names and companies, never MRR, how the vote came in, or the post's demand
    expect(page.voters).toEqual([
      {
        userId: author.id,
        name: author.name,
        votedAt: expect.any(String),
        company: { id: acme.id, name: acme.name },
      },
      { userId: reader.id, name: reader.name, votedAt: expect.any(String) },
    ]);
    expect(page.demand).toBeUndefined();
    expect(JSON.stringify(page)).not.toMatch(/mrr|onBehalf|source|Ticket 12/);
  });
});

describe('a company’s page', () => {
  it('lists its people, its asks newest first, what shipped for it and its open demand', async () => {
    // GIVEN two people of a company asking for three posts, one of which ships
    const board = (await aBoard(t)).slug;
    const initech = aCompany(450);
    const ana = await person(initech);
    const ben = await person(initech);
    const outsider = await person(aCompany(5));
    const first = await anIdea(board, outsider);
    const second = await anIdea(board, outsider);
    const third = await anIdea(board, outsider);
    await t.services.votes.vote(as(ana), first.id);
    await t.services.votes.vote(as(ben), first.id);
    await t.services.votes.vote(as(ana), second.id);
    await t.services.votes.vote(as(ben), third.id);
    await t.services.posts.changeStatus(as(staff), second.id, { status: 'shipped' });

    // WHEN staff open the company
    const page = await t.services.demand.company(as(staff), initech.id);

    // THEN
    expect(page.company).toMatchObject({ id: initech.id, name: initech.name, mrr: 450, source: 'sso' });
    expect(page.people.map((p) => p.id).sort()).toEqual([ana.id, ben.id].sort());
    expect(page.people[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      email: expect.any(String),
    });
    expect(page.morePeople).toBe(false);
    expect(page.asks.map((a) => a.post.id)).toEqual([third.id, second.id, first.id]);
    const firstAsk = page.asks.find((a) => a.post.id === first.id);
    expect(firstAsk).toMatchObject({
      voters: 2,
      post: {
        title: first.title,
        boardSlug: board,
        status: 'open',
        voteCount: 3,
        demand: { companies: 2, mrr: 455 },
      },
    });
    expect(page.asks.map((a) => a.lastVotedAt)).toEqual(
      [...page.asks.map((a) => a.lastVotedAt)].sort().reverse(),
    );
    expect(page.shipped.map((a) => a.post.id)).toEqual([second.id]);
    expect(page.shipped[0]?.post.shippedAt).toEqual(expect.any(String));
    expect(page.openDemand).toEqual({ posts: 2, votes: 3, mrr: 450 });
  });

  it('is for staff, and an unknown company is not found', async () => {
    const umbrella = aCompany(10);
    const customer = await person(umbrella);
    expect(await errorOf(t.services.demand.company(as(customer), umbrella.id))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await errorOf(t.services.demand.company(as(staff), 'no-such-company'))).toBeInstanceOf(
      NotFoundError,
    );
  });

  it('says so when a company has no people or asks yet', async () => {
    const quiet = aCompany(77);
    await t.services.companies.upsert(as(admin), quiet.id, { name: quiet.name, mrr: quiet.mrr });
    const page = await t.services.demand.company(as(staff), quiet.id);
    expect(page).toMatchObject({ people: [], morePeople: false, asks: [], shipped: [] });
    expect(page.openDemand).toEqual({ posts: 0, votes: 0, mrr: 77 });
  });
});
