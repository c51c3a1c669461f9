/**
 * Demand on DynamoDB Local: each post counts the distinct companies behind its votes and their summed
 * MRR, each company once however many of its people vote, exact through unvotes, races, merges, a
 * person moving company and a company's MRR changing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { ForbiddenError } from '../../shared/domain/errors.ts';
import { listIds } from '../../shared/domain/lists.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { GetCommand } from '@aws-sdk/lib-dynamodb';

let t: TestTable;
let staff: User;
let board: string;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff' });
  board = (await aBoard(t)).slug;
});
afterAll(() => t?.drop());

let n = 0;
/** A customer signed in by SSO with a company claim, as the host product would send it. */
async function person(company?: SsoClaims['company'], sub = `demand-person-${++n}`): Promise<User> {
  const token = await signSsoToken(
    { sub, email: `${sub}@customer.example`, name: `Person ${sub}`, ...(company ? { company } : {}) },
    TEST_SSO_SECRET,
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}

let c = 0;
const aCompany = (mrr: number) => ({ id: `co-${++c}`, name: `Company ${c}`, mrr });

async function anIdea(author: User): Promise<Post> {
  return t.services.posts.create(as(author), board, { title: `Idea ${++n} for demand`, body: '' });
}

/** The post's demand as staff read it, and as the board's exact entry holds it. */
async function demandOf(postId: string) {
  const post = await t.stores.posts.get(postId);
  const entry = await t.db.doc.send(
    new GetCommand({
      TableName: t.db.tableName,
      Key: keys.listEntry(postId, listIds.board(board)),
      ConsistentRead: true,
    }),
  );
  const fromPost = { companies: post?.demandCompanies ?? 0, mrr: post?.demandMrr ?? 0 };
  if (entry.Item) {
    expect({ companies: entry.Item.demandCompanies, mrr: entry.Item.demandMrr }).toEqual(fromPost);
  }
  return fromPost;
}

describe('demand per post', () => {
  it('counts a company once, however many of its people vote, and takes it back with its last vote', async () => {
    const acme = aCompany(1000);
    const globex = aCompany(250);
    const author = await person(acme);
    const colleague = await person(acme);
    const other = await person(globex);
    const loner = await person();
    const post = await anIdea(author);
    expect(await demandOf(post.id)).toEqual({ companies: 1, mrr: 1000 });

    await t.services.votes.vote(as(colleague), post.id);
    await t.services.votes.vote(as(colleague), post.id); // a retry changes nothing
    expect(await demandOf(post.id)).toEqual({ companies: 1, mrr: 1000 });
    await t.services.votes.vote(as(other), post.id);
    await t.services.votes.vote(as(loner), post.id);
    expect(await demandOf(post.id)).toEqual({ companies: 2, mrr: 1250 });
    expect((await t.stores.posts.get(post.id))?.voteCount).toBe(4);

    await t.services.votes.unvote(as(author), post.id);
    expect(await demandOf(post.id)).toEqual({ companies: 2, mrr: 1250 });
    await t.services.votes.unvote(as(colleague), post.id);
    await t.services.votes.unvote(as(colleague), post.id);
    expect(await demandOf(post.id)).toEqual({ companies: 1, mrr: 250 });
    await t.services.votes.unvote(as(other), post.id);
    expect(await demandOf(post.id)).toEqual({ companies: 0, mrr: 0 });
  });

  it('stays exact when many people of one company vote at the same moment', async () => {
    const initech = aCompany(700);
    const people = await Promise.all(Array.from({ length: 6 }, () => person(initech)));
    const post = await anIdea(await person());
    await Promise.all(people.map((p) => t.services.votes.vote(as(p), post.id)));
    expect(await demandOf(post.id)).toEqual({ companies: 1, mrr: 700 });
    await Promise.all(people.map((p) => t.services.votes.unvote(as(p), post.id)));
    expect(await demandOf(post.id)).toEqual({ companies: 0, mrr: 0 });
  });

  it('a merge moves demand exactly: a company behind both posts counts once on the target', async () => {
    const [a, b, c2] = [aCompany(100), aCompany(20), aCompany(3)];
    const [pa, pb, pb2, pc] = [await person(a), await person(b), await person(b), await person(c2)];
    const from = await anIdea(pa);
    await t.services.votes.vote(as(pb), from.id);
    const into = await anIdea(pb2);
    await t.services.votes.vote(as(pc), into.id);
    expect(await demandOf(from.id)).toEqual({ companies: 2, mrr: 120 });
    expect(await demandOf(into.id)).toEqual({ companies: 2, mrr: 23 });

    await t.services.posts.merge(as(staff), from.id, { into: into.id });
    expect(await demandOf(into.id)).toEqual({ companies: 3, mrr: 123 });
    expect(await demandOf(from.id)).toEqual({ companies: 0, mrr: 0 });
    // pb's vote moved to the target, where pb2 already counts company b: b still counts once.
    await t.services.votes.unvote(as(pb2), into.id);
    expect(await demandOf(into.id)).toEqual({ companies: 3, mrr: 123 });
    await t.services.votes.unvote(as(pb), into.id);
    expect(await demandOf(into.id)).toEqual({ companies: 2, mrr: 103 });
  });

  it('a person who moves company takes their future votes along and leaves the old ones where they were', async () => {
    const [oldCo, newCo] = [aCompany(40), aCompany(9)];
    const sub = `mover-${++n}`;
    const mover = await person(oldCo, sub);
    const first = await anIdea(await person());
    await t.services.votes.vote(as(mover), first.id);
    const moved = await person(newCo, sub);
    expect(moved.companyId).toBe(newCo.id);
    const second = await anIdea(await person());
    await t.services.votes.vote(as(moved), second.id);
    expect(await demandOf(first.id)).toEqual({ companies: 1, mrr: 40 });
    expect(await demandOf(second.id)).toEqual({ companies: 1, mrr: 9 });
    // Unvoting takes the vote back from the company it was cast for.
    await t.services.votes.unvote(as(moved), first.id);
    expect(await demandOf(first.id)).toEqual({ companies: 0, mrr: 0 });
  });

  it("a company's new MRR reprices every post it backs, and the demand order follows", async () => {
    const [big, small] = [aCompany(500), aCompany(50)];
    const bigPost = await anIdea(await person(big));
    const smallPost = await anIdea(await person(small));
    await t.services.companies.upsert(as(staff), small.id, { name: small.name, mrr: 5000 });
    expect(await demandOf(smallPost.id)).toEqual({ companies: 1, mrr: 5000 });
    const page = await t.services.posts.list(as(staff), board, { sort: 'mrr', limit: 100 });
    const order = page.posts.map((p) => p.id);
    expect(order.indexOf(smallPost.id)).toBeLessThan(order.indexOf(bigPost.id));
    // A threshold is part of the key condition: only posts at or above it.
    const rich = await t.services.posts.list(as(staff), board, { sort: 'mrr', minMrr: 1000 });
    expect(rich.posts.map((p) => p.id)).toContain(smallPost.id);
    expect(rich.posts.every((p) => (p.demand?.mrr ?? 0) >= 1000)).toBe(true);
    // A colleague signing in later (a claim without MRR keeps it) joins at the company's MRR now.
    const colleague = await person({ id: small.id, name: small.name });
    await t.services.votes.vote(as(colleague), bigPost.id);
    expect(await demandOf(bigPost.id)).toEqual({ companies: 2, mrr: 5500 });
    await t.services.votes.unvote(as(colleague), bigPost.id);
    expect(await demandOf(bigPost.id)).toEqual({ companies: 1, mrr: 500 });
    // The SSO claim is an upsert too: the host product sending a new MRR reprices as the API does.
    await person({ ...small, mrr: 60 });
    expect(await demandOf(smallPost.id)).toEqual({ companies: 1, mrr: 60 });
  });

  it('is for staff: customers neither see it nor sort or filter by it', async () => {
    const customer = await person(aCompany(10));
    const post = await anIdea(customer);
    const asCustomer = await t.services.posts.list(as(customer), board, {});
    expect(asCustomer.posts.find((p) => p.id === post.id)?.demand).toBeUndefined();
    expect((await t.services.posts.get(as(customer), post.id)).post.demand).toBeUndefined();
    expect((await t.services.posts.get(as(staff), post.id)).post.demand).toEqual({ companies: 1, mrr: 10 });
    for (const query of [{ sort: 'mrr' }, { sort: 'companies' }, { minMrr: 1 }, { minCompanies: 1 }]) {
      expect(await errorOf(t.services.posts.list(as(customer), board, query))).toBeInstanceOf(ForbiddenError);
    }
  });
});
