/**
 * Staff exports on DynamoDB Local: a board's posts as CSV and JSON and a post's voters as CSV, read a
 * page of the store at a time and only as fast as the reader takes them, with cells a spreadsheet
 * would run as formulas made inert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type User } from '../../shared/domain/types.ts';
import { primedTextStream, textStream } from '../../shared/http/text-stream.ts';
import { POST_CSV_COLUMNS, VOTER_CSV_COLUMNS } from '../../shared/services/export-service.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { bulkPosts } from '../setup/bulk-posts.ts';
import { errorOf } from '../setup/error-of.ts';

let t: TestTable;
let staff: User;
let customer: User;
beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
  customer = await aUser(t);
});
afterAll(() => t?.drop());

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

/** Reads a stream to its end, as the browser saving a download does. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

const requests = () => Object.fromEntries(t.requests);

describe('a board of 10,000 posts', () => {
  let slug: string;
  beforeAll(async () => {
    slug = (await aBoard(t)).slug;
    await bulkPosts(t.db, slug, 10_000, staff.id);
  }, 300_000);

  it('exports every post as CSV, a Query and a BatchGet a hundred posts', async () => {
    t.requests.clear();
    const text = await readAll(await primedTextStream(t.services.exports.boardCsv(as(staff), slug)));
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...POST_CSV_COLUMNS]);
    expect(rows).toHaveLength(10_000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(10_000);
    // Newest first, with the figures and a link to the post.
    expect(rows[0]?.[1]).toBe('Bulk idea 9999');
    const last = rows.at(-1) ?? [];
    expect(last.slice(1, 7)).toEqual(['Bulk idea 0', 'open', 'idea', '0', '0', '0']);
    expect(last[7]).toBe('bulk');
    expect(last[8]).toBe(`https://board.example/p/${last[0]}`);
    // The board is read once; then a hundred pages of a hundred posts (the last Query may find nothing).
    const { GetItem, Query, BatchGetItem, ...other } = requests();
    expect({ GetItem, BatchGetItem, other }).toEqual({ GetItem: 1, BatchGetItem: 100, other: {} });
    expect(Query).toBeGreaterThanOrEqual(100);
    expect(Query).toBeLessThanOrEqual(101);
  }, 120_000);

  it('exports every post as one valid JSON array', async () => {
    t.requests.clear();
    const text = await readAll(await primedTextStream(t.services.exports.boardJson(as(staff), slug)));
    const items = JSON.parse(text) as Record<string, unknown>[];
    expect(items).toHaveLength(10_000);
    expect(Object.keys(items[0] ?? {})).toEqual([
      'id',
      'title',
      'status',
      'kind',
      'votes',
      'companies',
      'mrr',
      'tags',
      'link',
      'createdAt',
    ]);
    const sample = items.find((i) => i.title === 'Bulk idea 8') ?? {};
    // As bulkPosts wrote it: 8 % 7 companies, paying (8 % 7) * ((8 * 37) % 1000).
    expect(sample).toMatchObject({ votes: 8, companies: 1, mrr: 296, tags: ['bulk'], status: 'planned' });
    expect(requests().BatchGetItem).toBe(100);
  }, 120_000);

  it('reads only as far as the reader: one chunk costs the first page', async () => {
    t.requests.clear();
    const stream = await primedTextStream(t.services.exports.boardCsv(as(staff), slug));
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe(`${POST_CSV_COLUMNS.join(',')}\r\n`);
    expect(requests()).toEqual({ GetItem: 1, Query: 1, BatchGetItem: 1 });

    // 150 more lines: into the second page, not beyond.
    for (let i = 0; i < 150; i++) await reader.read();
    expect(requests()).toEqual({ GetItem: 1, Query: 2, BatchGetItem: 2 });

    // A cancelled download ends the export: nothing more is read.
    await reader.cancel();
    expect(requests()).toEqual({ GetItem: 1, Query: 2, BatchGetItem: 2 });
  });

  it('reads nothing until the first read when not primed', async () => {
    t.requests.clear();
    const stream = textStream(t.services.exports.boardJson(as(staff), slug));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests()).toEqual({});
    const reader = stream.getReader();
    await reader.read();
    expect(requests()).toEqual({ GetItem: 1, Query: 1, BatchGetItem: 1 });
    await reader.cancel();
  });
});

describe('what a cell holds', () => {
  it('makes formulas inert and keeps commas, quotes and line breaks in their cell', async () => {
    const { slug } = await aBoard(t);
    const titles = [
      '=HYPERLINK("http://evil.example","Click me")',
      '+1+cmd|calc',
      '-2+3 to everything',
      '@SUM(A1:A9)',
      'Plain, with "quotes"\nand a second line',
    ];
    for (const title of titles) await aStoredPost(t, slug, staff, { title, tags: ['a', 'b'] });
    const text = await collect(t.services.exports.boardCsv(as(staff), slug));
    const rows = parseCsv(text).slice(1);
    // Posts written in the same millisecond may list in either order: compared as a set.
    expect(rows.map((r) => r[1]).toSorted()).toEqual(
      [
        `'=HYPERLINK("http://evil.example","Click me")`,
        `'+1+cmd|calc`,
        `'-2+3 to everything`,
        `'@SUM(A1:A9)`,
        'Plain, with "quotes"\nand a second line',
      ].toSorted(),
    );
    expect(rows.every((r) => r[7] === 'a;b')).toBe(true);
    // In the JSON, text is text: no quote added.
    const json = JSON.parse(await collect(t.services.exports.boardJson(as(staff), slug))) as {
      title: string;
    }[];
    expect(json.map((p) => p.title).toSorted()).toEqual(titles.toSorted());
  });

  it('an empty board is a header, or an empty array', async () => {
    const { slug } = await aBoard(t);
    await expect(collect(t.services.exports.boardCsv(as(staff), slug))).resolves.toBe(
      `${POST_CSV_COLUMNS.join(',')}\r\n`,
    );
    expect(JSON.parse(await collect(t.services.exports.boardJson(as(staff), slug)))).toEqual([]);
  });
});

describe('who may export', () => {
  it('refuses customers and visitors, and a board that does not exist, before any text', async () => {
    const { slug } = await aBoard(t);
    const post = await aStoredPost(t, slug, customer);
    for (const pieces of [
      t.services.exports.boardCsv(as(customer), slug),
      t.services.exports.boardJson(as(customer), slug),
      t.services.exports.votersCsv(as(customer), post.id),
    ]) {
      expect(await errorOf(pieces.next())).toBeInstanceOf(ForbiddenError);
    }
    expect(await errorOf(t.services.exports.boardCsv(ANONYMOUS, slug).next())).toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await errorOf(t.services.exports.boardCsv(as(staff), 'no-such-board').next())).toBeInstanceOf(
      NotFoundError,
    );
    expect(
      await errorOf(t.services.exports.votersCsv(as(staff), '01ARZ3NDEKTSV4RRFFQ69G5FAV').next()),
    ).toBeInstanceOf(NotFoundError);
  });
});

describe("a post's voters", () => {
  let n = 0;
  async function person(company?: SsoClaims['company']): Promise<User> {
    const sub = `export-person-${++n}`;
    const token = await signSsoToken(
      { sub, email: `${sub}@customer.example`, name: `Person ${n}`, ...(company ? { company } : {}) },
      TEST_SSO_SECRET,
    );
    return (await t.services.auth.signInWithSso({ token })).user;
  }

  it('lists each voter with company, MRR, when, and who added the vote and why', async () => {
    const { slug } = await aBoard(t);
    const author = await person({ id: 'exp-acme', name: 'Acme, Inc.', mrr: 1250 });
    const loner = await person();
    const post = await t.services.posts.create(as(author), slug, { title: 'Export voters please', body: '' });
    await t.services.votes.vote(as(loner), post.id);
    await t.services.votes.voteOnBehalf(as(staff), post.id, {
      email: 'cfo@globex.example',
      name: 'Gloria CFO',
      source: '=call on Tuesday',
    });

    const rows = parseCsv(await collect(t.services.exports.votersCsv(as(staff), post.id)));
    expect(rows[0]).toEqual([...VOTER_CSV_COLUMNS]);
    const body = rows.slice(1).map(([name, company, mrr, votedAt, ...rest]) => {
      expect(Date.parse(votedAt ?? '')).not.toBeNaN();
      return [name, company, mrr, ...rest];
    });
    expect(body).toEqual([
      [author.name, 'Acme, Inc.', '1250', 'self', '', ''],
      [loner.name, '', '', 'self', '', ''],
      ['Gloria CFO', '', '', 'on_behalf', 'Sam Staff', "'=call on Tuesday"],
    ]);
  });
});
