/**
 * A post's comments a page of threads at a time: every comment once, each reply with its thread (also
 * replies written long after their thread began), a question's accepted answer leading the first page,
 * cursors checked like every other list's, and a page that costs the same requests however many
 * comments the post has.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import type { CommentView } from '../../shared/domain/views.ts';
import { ANONYMOUS, type Comment, type Post, type User } from '../../shared/domain/types.ts';
import { backfillThreadRefs } from '../../shared/maintenance/backfill-comment-threads.ts';
import { keys } from '../../shared/table/keys.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
const router = new Router(routes);
const nextId = monotonicFactory();

beforeAll(async () => {
  t = await createTestTable();
});
afterAll(() => t.drop());

async function get(path: string, query = '') {
  const result = await router.handle(apiGatewayEvent({ path, query }), t.runtime());
  return { status: result.statusCode, json: result.body ? JSON.parse(result.body) : undefined };
}

/** Comments with increasing ids, in the order given: a reply names its thread's index. */
async function writeComments(post: Post, author: User, plan: (number | null)[]): Promise<Comment[]> {
  const written: Comment[] = [];
  for (const [i, parent] of plan.entries()) {
    const parentId = parent === null ? undefined : written[parent]?.id;
    written.push(
      await aStoredComment(t, post, author, {
        id: nextId(),
        body: `Comment ${i}`,
        ...(parentId ? { parentId } : {}),
      }),
    );
  }
  return written;
}

/** Each thread as [first comment's body, ...its replies' bodies], in page order. */
function threadsOf(comments: readonly CommentView[]): string[][] {
  const threads: string[][] = [];
  for (const c of comments) {
    if (c.parentId) threads.at(-1)?.push(c.body);
    else threads.push([c.body]);
  }
  return threads;
}

describe('pages of comments', () => {
  let post: Post;
  let comments: Comment[];
  let top: Comment[];

  beforeAll(async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const author = await aUser(t);
    post = await aStoredPost(t, board.slug, author, { kind: 'question' });
    // 95 threads; replies to the first thread come last of all, long after the threads around them.
    const plan: (number | null)[] = Array.from({ length: 95 }, () => null);
    plan.push(49, 49, 49, 50, 50, 70, 70, 94, 94, 94, 94, 0, 0, 0, 0, 0);
    comments = await writeComments(post, author, plan);
    top = comments.filter((c) => !c.parentId);
    // The accepted answer is a reply in a thread of the second page.
    const answer = comments.find((c) => c.parentId === top[70]?.id);
    await t.services.posts.acceptAnswer(as(author), post.id, { commentId: answer?.id });
  }, 120_000);

  it('holds 111 comments, counted on the post', async () => {
    expect(comments).toHaveLength(111);
    expect((await t.stores.posts.get(post.id))?.commentCount).toBe(111);
  });

  it('pages 50 threads at a time, each reply with its thread, the accepted answer first', async () => {
    const first = await t.services.comments.list(ANONYMOUS, post.id, {});
    const firstThreads = threadsOf(first.comments);
    expect(firstThreads[0]).toEqual(['Comment 70', 'Comment 100', 'Comment 101']);
    expect(firstThreads.slice(1).map((th) => th[0])).toEqual(
      Array.from({ length: 50 }, (_, i) => `Comment ${i}`),
    );
    expect(firstThreads[1]).toEqual(['Comment 0', ...[106, 107, 108, 109, 110].map((i) => `Comment ${i}`)]);
    expect(firstThreads[50]).toEqual(['Comment 49', 'Comment 95', 'Comment 96', 'Comment 97']);
    expect(first.nextCursor).toEqual(expect.any(String));

    const second = await t.services.comments.list(ANONYMOUS, post.id, { cursor: first.nextCursor });
    const secondThreads = threadsOf(second.comments);
    // The accepted answer's thread is not shown twice.
    expect(secondThreads.map((th) => th[0])).toEqual(
      Array.from({ length: 45 }, (_, i) => `Comment ${i + 50}`).filter((b) => b !== 'Comment 70'),
    );
    expect(secondThreads[0]).toEqual(['Comment 50', 'Comment 98', 'Comment 99']);
    expect(secondThreads.at(-1)).toEqual(['Comment 94', ...[102, 103, 104, 105].map((i) => `Comment ${i}`)]);
    expect(second.nextCursor).toBeNull();

    const all = [...first.comments, ...second.comments].map((c) => c.id);
    expect(new Set(all).size).toBe(111);
    expect(all.sort()).toEqual(comments.map((c) => c.id).sort());
  });

  it('finds the page that shows a comment, for sending its writer back to it', async () => {
    const pageOf = (c: Comment | undefined) => t.services.comments.pageOf(ANONYMOUS, post.id, c?.id ?? '');
    const byBody = (i: number) => comments.find((c) => c.body === `Comment ${i}`);
    // On the first page: thread 49 (the 50th), a late reply to thread 0, the accepted answer's thread.
    for (const i of [0, 49, 96, 106, 70, 100]) expect(await pageOf(byBody(i)), String(i)).toBeNull();
    for (const [i, thread] of [
      [50, 'Comment 50'],
      [99, 'Comment 50'],
      [94, 'Comment 94'],
      [103, 'Comment 94'],
    ] as const) {
      const cursor = await pageOf(byBody(i));
      const page = await t.services.comments.list(ANONYMOUS, post.id, { cursor });
      expect(threadsOf(page.comments)[0]?.[0], String(i)).toBe(thread);
      expect(page.comments.map((c) => c.id)).toContain(byBody(i)?.id);
    }
  });

  it('gives the post page the first page and the cursor of the next', async () => {
    const detail = await t.services.posts.get(ANONYMOUS, post.id);
    const first = await t.services.comments.list(ANONYMOUS, post.id, {});
    expect(detail.comments.map((c) => c.id)).toEqual(first.comments.map((c) => c.id));
    expect(detail.commentsNextCursor).toBe(first.nextCursor);
    const later = await t.services.posts.get(ANONYMOUS, post.id, {
      commentsCursor: detail.commentsNextCursor ?? '',
    });
    expect(threadsOf(later.comments)[0]?.[0]).toBe('Comment 50');
    expect(later.commentsNextCursor).toBeNull();
  });

  it('answers the same pages through the API, with a declared limit', async () => {
    const detail = await get(`/api/posts/${post.id}`);
    expect(detail.status).toBe(200);
    expect(detail.json.comments).toHaveLength(61);
    const page = await get(`/api/posts/${post.id}/comments`, `cursor=${detail.json.commentsNextCursor}`);
    expect(page.status).toBe(200);
    expect(page.json.comments).toHaveLength(50);
    expect(page.json.nextCursor).toBeNull();

    const small = await get(`/api/posts/${post.id}/comments`, 'limit=10');
    expect(threadsOf(small.json.comments)).toHaveLength(11);
    const next = await get(`/api/posts/${post.id}/comments`, `limit=10&cursor=${small.json.nextCursor}`);
    expect(threadsOf(next.json.comments)[0]?.[0]).toBe('Comment 10');
    expect((await get(`/api/posts/${post.id}/comments`, 'limit=101')).status).toBe(400);
  });

  it('refuses a forged cursor, or one of another list, with a 400 that names it', async () => {
    const other = await aStoredPost(t, (await aBoard(t)).slug, await aUser(t));
    const author = await aUser(t);
    await writeComments(other, author, [null, null, null]);
    const otherCursor = (await t.services.comments.list(ANONYMOUS, other.id, { limit: 1 })).nextCursor;
    expect(otherCursor).toEqual(expect.any(String));
    const board = await aBoard(t);
    await aStoredPost(t, board.slug, author);
    await aStoredPost(t, board.slug, author);
    const listCursor = (await t.services.posts.list(ANONYMOUS, board.slug, { sort: 'new', limit: 1 }))
      .nextCursor;
    const token = (tag: string, sk: string) =>
      Buffer.from(JSON.stringify([tag, `POST#${post.id}`, sk])).toString('base64url');
    const tag = createHash('sha256').update(`POST#${post.id}|threads`).digest('base64url').slice(0, 10);
    // Well tagged, but starting outside the threads: DynamoDB's own refusal is still the client's 400.
    const outside = token(tag, 'COMMENT#0');
    for (const cursor of ['garbage', otherCursor, listCursor, token('x', 'THREAD#0'), outside]) {
      const answer = await get(`/api/posts/${post.id}/comments`, `cursor=${cursor}`);
      expect(answer.status, String(cursor)).toBe(400);
      expect(answer.json.error.fields.cursor).toBe('The cursor is not valid for this list.');
      await expect(
        t.services.posts.get(ANONYMOUS, post.id, { commentsCursor: cursor ?? '' }),
      ).rejects.toMatchObject({ fields: { cursor: expect.any(String) } });
    }
  });

  it('answers 404 for a post on a board the viewer may not see', async () => {
    const hidden = await aBoard(t, { private: true, allowedDomains: ['corp.example'] });
    const secret = await aStoredPost(t, hidden.slug, await aUser(t));
    expect((await get(`/api/posts/${secret.id}/comments`)).status).toBe(404);
  });

  it('costs the same requests per page on a post of 111 comments and on one of 300', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const author = await aUser(t);
    const big = await aStoredPost(t, board.slug, author, { kind: 'question' });
    // 250 threads, and 50 replies to the first, written after all of them. A question's answers are
    // read by votes: one Query on byVotes (replies' ids are on their answer's reference) and a BatchGet.
    await writeComments(big, author, [...Array.from({ length: 250 }, () => null), ...Array(50).fill(0)]);
    const viewer = await aUser(t);
    const cost = async (postId: string, cursor?: string) => {
      t.requests.clear();
      const page = await t.services.comments.list(as(viewer), postId, { cursor });
      return { requests: Object.fromEntries(t.requests), page };
    };
    // The 111-comment post's accepted answer is on its second page: its first page reads that thread too.
    // Each page also makes two more BatchGetItems, whatever it holds: the viewer's upvotes on its comments
    // and its authors' reputation (comment-pages.ts).
    const small = await cost(post.id);
    const large = await cost(big.id);
    expect(large.requests).toEqual({ GetItem: 2, Query: 1, BatchGetItem: 3 });
    expect(small.requests).toEqual({ GetItem: 3, Query: 2, BatchGetItem: 4 });
    const [smallNext, largeNext] = [
      await cost(post.id, small.page.nextCursor ?? ''),
      await cost(big.id, large.page.nextCursor ?? ''),
    ];
    expect(smallNext.requests).toEqual(largeNext.requests);
    expect(largeNext.requests).toEqual({ GetItem: 2, Query: 1, BatchGetItem: 3 });
    expect(threadsOf(large.page.comments)[0]).toHaveLength(51);
  }, 120_000);

  it('still tells an author alone on a long first page whether anyone else commented', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const own = await aStoredPost(t, board.slug, author);
    await writeComments(
      own,
      author,
      Array.from({ length: 60 }, () => null),
    );
    const detail = await t.services.posts.get(as(author), own.id);
    expect(detail.permissions.delete).toBe(true);
    await aStoredComment(t, own, await aUser(t), { id: nextId() });
    expect((await t.services.posts.get(as(author), own.id)).permissions.delete).toBe(false);
  });
});

describe('comments stored before thread references', () => {
  it('are on their pages once the backfill wrote their references', async () => {
    const board = await aBoard(t);
    const author = await aUser(t);
    const post = await aStoredPost(t, board.slug, author);
    const [first, reply] = await writeComments(post, author, [null, 0]);
    // As an older version stored them: the comment items alone.
    await t.db.doc.send(
      new DeleteCommand({ TableName: t.db.tableName, Key: keys.commentThreadRef(post.id, first?.id ?? '') }),
    );
    await t.db.doc.send(
      new DeleteCommand({
        TableName: t.db.tableName,
        Key: keys.commentReplyRef(post.id, first?.id ?? '', reply?.id ?? ''),
      }),
    );
    expect((await t.services.comments.list(ANONYMOUS, post.id, {})).comments).toEqual([]);
    expect(await backfillThreadRefs(t.db)).toBeGreaterThanOrEqual(2);
    const page = await t.services.comments.list(ANONYMOUS, post.id, {});
    expect(page.comments.map((c) => c.id)).toEqual([first?.id, reply?.id]);
  });
});
