/**
 * Upvotes on comments and answers: GIVEN a post's comments WHEN people vote THEN one vote per person,
 * never on their own or on hidden ones, the comment and its thread reference carry the count, and a
 * page of comments says which the viewer voted for, in the same requests whatever the page holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ANONYMOUS, type Board, type Post, type User } from '../../shared/domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient } from '../setup/role-client.ts';

let t: TestTable;
let board: Board;
let staff: User;
beforeAll(async () => {
  t = await createTestTable();
  board = await aBoard(t, { kinds: ['idea', 'question'] });
  staff = await aUser(t, { role: 'staff' });
});
afterAll(() => t?.drop());

const threadRefCount = async (post: Post, commentId: string) => {
  const out = await t.db.doc.send(
    new GetCommand({ TableName: t.db.tableName, Key: keys.commentThreadRef(post.id, commentId) }),
  );
  return out.Item?.voteCount as number | undefined;
};

describe('comment votes', () => {
  it('counts one vote per person, idempotently both ways, on the comment and its thread reference', async () => {
    const [author, a, b] = [await aUser(t), await aUser(t), await aUser(t)];
    const post = await aStoredPost(t, board.slug, await aUser(t));
    const comment = await aStoredComment(t, post, author);
    await t.services.commentVotes.vote(as(a), post.id, comment.id);
    expect((await t.services.commentVotes.vote(as(a), post.id, comment.id)).voteCount).toBe(1);
    expect((await t.services.commentVotes.vote(as(b), post.id, comment.id)).voteCount).toBe(2);
    expect((await t.stores.comments.get(post.id, comment.id))?.voteCount).toBe(2);
    expect(await threadRefCount(post, comment.id)).toBe(2);

    expect((await t.services.commentVotes.unvote(as(a), post.id, comment.id)).voteCount).toBe(1);
    expect((await t.services.commentVotes.unvote(as(a), post.id, comment.id)).voteCount).toBe(1);
    expect(await threadRefCount(post, comment.id)).toBe(1);
  });

  it('orders a question’s answers by their votes', async () => {
    const question = await aStoredPost(t, board.slug, await aUser(t), { kind: 'question' });
    const first = await aStoredComment(t, question, await aUser(t), { body: 'First' });
    const second = await aStoredComment(t, question, await aUser(t), { body: 'Second' });
    await t.services.commentVotes.vote(as(await aUser(t)), question.id, second.id);
    const page = await t.services.comments.list(ANONYMOUS, question.id, {});
    expect(page.comments.map((c) => c.id)).toEqual([second.id, first.id]);
  });

  it('keeps a reply’s count on the reply alone', async () => {
    const post = await aStoredPost(t, board.slug, await aUser(t));
    const thread = await aStoredComment(t, post, await aUser(t));
    const reply = await aStoredComment(t, post, await aUser(t), { parentId: thread.id });
    await t.services.commentVotes.vote(as(await aUser(t)), post.id, reply.id);
    expect((await t.stores.comments.get(post.id, reply.id))?.voteCount).toBe(1);
    expect(await threadRefCount(post, thread.id)).toBeUndefined();
  });

  it('refuses anonymous voters, one’s own comment, hidden and deleted comments, and unknown ones', async () => {
    const author = await aUser(t);
    const post = await aStoredPost(t, board.slug, await aUser(t));
    const comment = await aStoredComment(t, post, author);
    const voter = await aUser(t);
    expect(await errorOf(t.services.commentVotes.vote(ANONYMOUS, post.id, comment.id))).toBeInstanceOf(
      UnauthenticatedError,
    );
    expect(await errorOf(t.services.commentVotes.vote(as(author), post.id, comment.id))).toBeInstanceOf(
      ForbiddenError,
    );
    await t.services.comments.setHidden(as(staff), post.id, comment.id, true);
    expect(await errorOf(t.services.commentVotes.vote(as(voter), post.id, comment.id))).toBeInstanceOf(
      ConflictError,
    );
    const deleted = await aStoredComment(t, post, author, { deleted: true });
    expect(await errorOf(t.services.commentVotes.vote(as(voter), post.id, deleted.id))).toBeInstanceOf(
      ConflictError,
    );
    expect(
      await errorOf(t.services.commentVotes.vote(as(voter), post.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV')),
    ).toBeInstanceOf(NotFoundError);
  });

  it('answers 401, 403 and 200 through the API', async () => {
    const author = await aUser(t);
    const post = await aStoredPost(t, board.slug, await aUser(t));
    const comment = await aStoredComment(t, post, author);
    const path = `/api/posts/${post.id}/comments/${comment.id}/vote`;
    const runtime = t.runtime();
    const guard = new ReadOnlyGuard();
    guard.install(t.db);
    const { call, signIn } = roleClient(() => runtime, guard);
    expect((await call('PUT', { path })).status).toBe(401);
    const voter = await signIn('customer', 'voter');
    const res = await call('PUT', { path, cookies: voter.cookies });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ voted: true, voteCount: 1 });
    expect((await call('DELETE', { path, cookies: voter.cookies })).json).toMatchObject({ voted: false });
  });

  it('says which comments of a page the viewer voted for, and their authors’ reputation, in constant requests', async () => {
    const post = await aStoredPost(t, board.slug, await aUser(t));
    const viewer = await aUser(t);
    const authors = await Promise.all(Array.from({ length: 3 }, () => aUser(t)));
    const comments = [];
    for (const author of authors) comments.push(await aStoredComment(t, post, author));
    await t.services.commentVotes.vote(as(viewer), post.id, comments[1]?.id ?? '');

    const page = await t.services.comments.list(as(viewer), post.id, {});
    expect(page.comments.map((c) => c.viewerVoted)).toEqual([false, true, false]);
    expect(page.comments.map((c) => c.authorReputation)).toEqual([0, 10, 0]);
    expect(page.comments.map((c) => c.voteCount ?? 0)).toEqual([0, 1, 0]);

    const cost = async () => {
      t.requests.clear();
      await t.services.comments.list(as(viewer), post.id, {});
      return new Map(t.requests);
    };
    const small = await cost();
    for (let i = 0; i < 30; i++) await aStoredComment(t, post, await aUser(t));
    expect(await cost()).toEqual(small);
    expect(small.has('Scan')).toBe(false);
  });
});
