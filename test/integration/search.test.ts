import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicFactory } from 'ulid';
import { DynamoSearchIndex } from '../../shared/adapters/dynamodb/search-index.ts';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

type Indexed = Pick<Post, 'id' | 'boardSlug' | 'title' | 'body'>;

let t: TestTable;
let search: DynamoSearchIndex;
beforeAll(async () => {
  t = await createTestTable();
  search = new DynamoSearchIndex(t.db);
});
afterAll(() => t.drop());

const nextId = monotonicFactory();
let boardCount = 0;
// Tests share the table: each gets its own board, so that one test's posts never show in another's hits.
const aBoardSlug = () => `search-board-${++boardCount}`;

async function indexed(boardSlug: string, title: string, body = ''): Promise<Indexed> {
  const post = { id: nextId(), boardSlug, title, body };
  await search.index(post);
  return post;
}

async function ids(query: string, boardSlug?: string, limit = 20): Promise<string[]> {
  return (await search.search(query, { boardSlug, limit })).map((hit) => hit.postId);
}

/** The post's postings, term by term, read back with a Query on each term's partition. */
async function postingsOf(postId: string, terms: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const partition of new Set(terms.map((term) => keys.searchPartition(term)))) {
    const items = await queryAll(t.db, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partition },
    });
    for (const item of items) {
      if (item.postId !== postId) continue;
      const term = item.term as string;
      counts.set(term, (counts.get(term) ?? 0) + 1);
    }
  }
  return counts;
}

const totalRequests = () => [...t.requests.values()].reduce((sum, n) => sum + n, 0);

describe('search', () => {
  it('finds a post by a word of its title and by a word of its body', async () => {
    const board = aBoardSlug();
    const post = await indexed(board, 'Dark mode for the dashboard', 'Night shifts hurt my eyes.');
    await indexed(board, 'Something else entirely');
    expect(await ids('dashboard', board)).toEqual([post.id]);
    expect(await ids('eyes', board)).toEqual([post.id]);
    expect(await ids('Night shift ', board)).toEqual([post.id]);
  });

  it('matches plural and singular forms either way', async () => {
    const board = aBoardSlug();
    const categories = await indexed(board, 'Custom categories');
    const webhook = await indexed(board, 'Add a webhook', 'For deploys');
    expect(await ids('category ', board)).toEqual([categories.id]);
    expect(await ids('webhooks ', board)).toEqual([webhook.id]);
    expect(await ids('deploy ', board)).toEqual([webhook.id]);
  });

  it('matches the word still being typed by its prefix', async () => {
    const board = aBoardSlug();
    const post = await indexed(board, 'Export to CSV', 'Spreadsheets please');
    for (const typed of ['exp', 'Expo', 'export to c', 'export to cs', 'spreadsheet']) {
      expect(await ids(typed, board), typed).toEqual([post.id]);
    }
    expect(await ids('expa', board)).toEqual([]);
    expect(await ids('exp ', board), 'a finished word is not a prefix').toEqual([]);
  });

  it('ranks a title match above a body-only match', async () => {
    const board = aBoardSlug();
    const inBody = await indexed(board, 'Integrations wishlist', 'Something for pelican users');
    const inTitle = await indexed(board, 'Pelican integration', 'Would be nice');
    expect(await ids('pelican', board)).toEqual([inTitle.id, inBody.id]);
  });

  it('ranks posts matching more of the query above posts matching one word often', async () => {
    const board = aBoardSlug();
    const both = await indexed(board, 'Sea creatures', 'A walrus and a narwhal');
    const one = await indexed(board, 'Walrus walrus', 'walrus walrus walrus walrus walrus walrus');
    const hits = await search.search('walrus narwhal', { boardSlug: board, limit: 10 });
    expect(hits.map((h) => h.postId)).toEqual([both.id, one.id]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('ranks a complete word above a longer word it is the start of', async () => {
    const board = aBoardSlug();
    const longer = await indexed(board, 'Sharing settings');
    const exact = await indexed(board, 'Share button');
    expect(await ids('share', board)).toEqual([exact.id, longer.id]);
  });

  it('keeps to one board when asked', async () => {
    const [a, b] = [aBoardSlug(), aBoardSlug()];
    const inA = await indexed(a, 'Tapir mode');
    const inB = await indexed(b, 'Tapir mode');
    expect(await ids('tapir', a)).toEqual([inA.id]);
    expect(await ids('tapir', b)).toEqual([inB.id]);
    expect(new Set(await ids('tapir'))).toEqual(new Set([inA.id, inB.id]));
  });

  it('after an edit, drops the old terms and keeps one posting per term', async () => {
    const board = aBoardSlug();
    const before = await indexed(board, 'Gecko sync', 'Slow tortoise, slow');
    const after = { ...before, body: 'Fast hares' };
    await search.index(after, before);
    // The same text again, with and without `previous`: puts replace, nothing piles up.
    await search.index(after, after);
    await search.index(after);

    expect(await ids('tortoise', board)).toEqual([]);
    expect(await ids('slow', board)).toEqual([]);
    expect(await ids('hare', board)).toEqual([after.id]);
    expect(await ids('gecko', board)).toEqual([after.id]);
    const postings = await postingsOf(after.id, ['gecko', 'sync', 'slow', 'tortoise', 'fast', 'hare']);
    expect(postings).toEqual(
      new Map([
        ['gecko', 1],
        ['sync', 1],
        ['fast', 1],
        ['hare', 1],
      ]),
    );
  });

  it('forgets a removed post', async () => {
    const board = aBoardSlug();
    const post = await indexed(board, 'Axolotl avatars', 'Axolotl everywhere');
    expect(await ids('axolotl', board)).toEqual([post.id]);
    await search.remove(post);
    expect(await ids('axolotl', board)).toEqual([]);
    expect(await ids('avatar', board)).toEqual([]);
    expect((await postingsOf(post.id, ['axolotl', 'avatar', 'everywhere'])).size).toBe(0);
  });

  it('ignores diacritics both ways', async () => {
    const board = aBoardSlug();
    const accented = await indexed(board, 'Café opening hours');
    const plain = await indexed(board, 'Cafe creme menu');
    expect(new Set(await ids('cafe', board))).toEqual(new Set([accented.id, plain.id]));
    expect(new Set(await ids('CAFÉ ', board))).toEqual(new Set([accented.id, plain.id]));
    expect(await ids('crème', board)).toEqual([plain.id]);
  });

  it('answers a blank or stopword-only query with nothing, without a request', async () => {
    t.requests.clear();
    for (const query of ['', '   ', 'the', 'how do I ', '?!', 'a']) {
      expect(await ids(query), JSON.stringify(query)).toEqual([]);
    }
    expect(totalRequests()).toBe(0);
  });

  it('returns at most `limit` hits', async () => {
    const board = aBoardSlug();
    for (let i = 0; i < 5; i++) await indexed(board, `Ibis feature ${i}`);
    expect(await ids('ibis', board, 3)).toHaveLength(3);
  });

  it('costs the same number of requests for 20 matching posts as for 300', async () => {
    const board = aBoardSlug();
    const posts: Indexed[] = [];
    const addPosts = async (n: number) => {
      const batch = Array.from({ length: n }, () => ({
        id: nextId(),
        boardSlug: board,
        title: 'Quokka request',
        body: '',
      }));
      posts.push(...batch);
      // A few at a time: DynamoDB Local takes a few hundred writes a second.
      for (let i = 0; i < batch.length; i += 10) {
        await Promise.all(batch.slice(i, i + 10).map((post) => search.index(post)));
      }
    };
    const measure = async () => {
      t.requests.clear();
      const hits = await search.search('quokka req', { boardSlug: board, limit: 10 });
      return { hits, requests: new Map(t.requests) };
    };

    await addPosts(20);
    const few = await measure();
    await addPosts(280);
    const many = await measure();

    // One Query per term ("quokka", "req") and one for the prefix "req".
    expect(few.requests).toEqual(new Map([['Query', 3]]));
    expect(many.requests).toEqual(few.requests);
    expect(few.hits).toHaveLength(10);
    expect(many.hits).toHaveLength(10);
    // Equal scores: the newest posts come first.
    expect(many.hits.map((h) => h.postId)).toEqual(
      posts
        .slice(-10)
        .map((p) => p.id)
        .reverse(),
    );
  });
});

describe('search and private boards', () => {
  async function boards() {
    const admin = await aUser(t, { role: 'admin' });
    const staff = await aUser(t, { role: 'staff' });
    const open = await aBoard(t);
    const closed = await aBoard(t);
    await t.services.boards.update(as(admin), closed.slug, {
      private: true,
      allowedDomains: ['acme.example'],
    });
    const known = await aUser(t);
    const outsider: User = await t.stores.users.upsertByIdentity(
      'sso',
      `outsider-${known.id}`,
      { email: `someone.${known.id.toLowerCase()}@other.example`, name: 'Outsider' },
      new Date().toISOString(),
    );
    return { staff, open, closed, viewers: [ANONYMOUS, as(outsider)] };
  }

  const found = async (who: Parameters<typeof t.services.posts.search>[0], q: string, limit: number) =>
    (await t.services.posts.search(who, { q, limit })).map((p) => p.id);

  it('GIVEN a hidden match that outranks a visible one WHEN searching with limit=1 and limit=2 THEN both answer the visible one alone', async () => {
    const { staff, open, closed, viewers } = await boards();
    const visible = await t.services.posts.create(as(staff), open.slug, { title: 'Okapi sightings' });
    // Newer, so it wins the tie: filtered after the limit, it would take limit=1's only place.
    const hidden = await t.services.posts.create(as(staff), closed.slug, { title: 'Okapi sightings' });
    for (const who of viewers) {
      expect(await found(who, 'okapi sightings', 1)).toEqual([visible.id]);
      expect(await found(who, 'okapi sightings', 2)).toEqual([visible.id]);
    }
    expect(await found(as(staff), 'okapi sightings', 1)).toEqual([hidden.id]);
    expect(await found(as(staff), 'okapi sightings', 2)).toEqual([hidden.id, visible.id]);
  });

  it('GIVEN hidden posts sharing one query word WHEN searching THEN the order of the visible results does not change', async () => {
    const { staff, open, closed, viewers } = await boards();
    const numbat = await t.services.posts.create(as(staff), open.slug, { title: 'Numbat export' });
    const bilby = await t.services.posts.create(as(staff), open.slug, { title: 'Bilby import' });
    const before = await found(ANONYMOUS, 'bilby numbat', 5);
    // Many hidden posts with "bilby" would make it look common, and so weigh less, if they were counted.
    for (let i = 0; i < 4; i++) {
      await t.services.posts.create(as(staff), closed.slug, { title: `Bilby secret ${i}` });
    }
    expect(before).toEqual([bilby.id, numbat.id]);
    for (const who of viewers) expect(await found(who, 'bilby numbat', 5)).toEqual(before);
  });
});
