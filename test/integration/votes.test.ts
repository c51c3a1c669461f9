import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ANONYMOUS, type Post } from '../../shared/domain/types.ts';
import {
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { DynamoVoteStore } from '../../shared/adapters/dynamodb/vote-store.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

async function aPost(): Promise<Post> {
  const board = await aBoard(t);
  const author = await aUser(t);
  return t.services.posts.create(as(author), board.slug, { title: 'Export to CSV' });
}

async function voteItems(postId: string): Promise<number> {
  const items = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.vote(postId, 'x').pk },
  });
  return items.length;
}

const storedCount = async (postId: string) => (await t.stores.posts.get(postId))?.voteCount;

describe('voting', () => {
  it('GIVEN a post WHEN a customer votes twice THEN one vote is counted', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    expect(await t.services.votes.vote(as(voter), post.id)).toEqual({
      postId: post.id,
      voted: true,
      voteCount: 1,
    });
    expect(await t.services.votes.vote(as(voter), post.id)).toEqual({
      postId: post.id,
      voted: true,
      voteCount: 1,
    });
    expect(await storedCount(post.id)).toBe(1);
    expect(await voteItems(post.id)).toBe(1);
  });

  it('unvotes idempotently', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    await t.services.votes.vote(as(voter), post.id);
    expect((await t.services.votes.unvote(as(voter), post.id)).voteCount).toBe(0);
    expect((await t.services.votes.unvote(as(voter), post.id)).voteCount).toBe(0);
    expect(await storedCount(post.id)).toBe(0);
    expect(await voteItems(post.id)).toBe(0);
  });

  it('shows each viewer whether they voted', async () => {
    const post = await aPost();
    const [voter, other] = [await aUser(t), await aUser(t)];
    await t.services.votes.vote(as(voter), post.id);
    const list = await t.services.posts.list(as(voter), post.boardSlug, {});
    expect(list.posts[0]?.viewerHasVoted).toBe(true);
    expect((await t.services.posts.list(as(other), post.boardSlug, {})).posts[0]?.viewerHasVoted).toBe(false);
    expect((await t.services.posts.list(ANONYMOUS, post.boardSlug, {})).posts[0]?.viewerHasVoted).toBe(false);
  });

  it('refuses anonymous voters, unknown posts and malformed ids', async () => {
    const post = await aPost();
    await expect(t.services.votes.vote(ANONYMOUS, post.id)).rejects.toThrow(UnauthenticatedError);
    const voter = await aUser(t);
    await expect(t.services.votes.vote(as(voter), '01ARZ3NDEKTSV4RRFFQ69G5FAV')).rejects.toThrow(
      NotFoundError,
    );
    await expect(t.services.votes.vote(as(voter), 'nope')).rejects.toThrow(ValidationError);
  });

  it('closes voting on shipped posts, also against a status change racing the vote', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.post(post.id),
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'shipped' },
      }),
    );
    await expect(t.services.votes.vote(as(voter), post.id)).rejects.toThrow(ConflictError);
    // The store's own condition holds even when the service's read was stale.
    await expect(t.stores.votes.add(post.id, voter.id, new Date().toISOString())).rejects.toThrow(
      ConflictError,
    );
    expect(await voteItems(post.id)).toBe(0);
    expect(await storedCount(post.id)).toBe(0);
  });

  it('keeps count == vote items under 100 concurrent votes and unvotes, some repeated', async () => {
    const post = await aPost();
    const voters = await Promise.all(Array.from({ length: 40 }, () => aUser(t)));
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      const voter = voters[i % voters.length];
      if (!voter) continue;
      // Every voter votes at least once; some vote again, some unvote, in no particular order.
      const unvote = i >= 60 && i % 3 === 0;
      ops.push(
        unvote ? t.services.votes.unvote(as(voter), post.id) : t.services.votes.vote(as(voter), post.id),
      );
    }
    await Promise.all(ops);
    const items = await voteItems(post.id);
    expect(items).toBeGreaterThan(0);
    expect(await storedCount(post.id)).toBe(items);
  });

  it('retries a transaction DynamoDB cancels for a conflict, and gives up after the last attempt', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    const conflict = () =>
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      });
    let failuresLeft = 2;
    const realSend = t.db.doc.send.bind(t.db.doc);
    const flakyDb = {
      ...t.db,
      doc: {
        send: (command: unknown) => {
          if (failuresLeft > 0) {
            failuresLeft--;
            return Promise.reject(conflict());
          }
          return realSend(command as never);
        },
      },
    } as unknown as typeof t.db;
    const sleeps: number[] = [];
    const store = new DynamoVoteStore(flakyDb, { sleep: async (ms) => void sleeps.push(ms), attempts: 3 });
    expect(await store.add(post.id, voter.id, new Date().toISOString())).toEqual({ changed: true });
    expect(sleeps).toHaveLength(2);
    expect(await storedCount(post.id)).toBe(1);

    failuresLeft = 10;
    const other = await aUser(t);
    await expect(store.add(post.id, other.id, new Date().toISOString())).rejects.toThrow(
      TransactionCanceledException,
    );
    expect(await storedCount(post.id)).toBe(1);
  });
});
