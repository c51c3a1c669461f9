import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ANONYMOUS, type Post } from '../../shared/domain/types.ts';
import {
  ConflictError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
  ServiceUnavailableError,
} from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { DynamoVoteStore } from '../../shared/adapters/dynamodb/vote-store.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';

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
    ExpressionAttributeValues: { ':pk': keys.votesPartition(postId) },
  });
  return items.length;
}

/**
 * The post's count, after checking that its list entries (the board's exactly, the others by rank
 * bucket) and the per-day counters agree with it.
 */
async function storedCount(postId: string): Promise<number | undefined> {
  const post = await t.stores.posts.get(postId);
  const partition = await queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.postPartition(postId) },
  });
  const entries = partition.filter((i) => i.type === 'entry');
  if (post && post.status !== 'merged') expect(entries.length).toBeGreaterThan(0);
  if (post) expectEntryRanks(post, entries);
  const perDay = partition.filter((i) => i.type === 'voteDay').reduce((n, i) => n + (i.votes as number), 0);
  if (post) expect(perDay).toBe(post.voteCount);
  return post?.voteCount;
}

describe('voting', () => {
  it('GIVEN a post WHEN a customer votes twice THEN one vote is counted', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    // The author's own vote comes with the post.
    expect(await storedCount(post.id)).toBe(1);
    expect(await t.services.votes.vote(as(voter), post.id)).toEqual({
      postId: post.id,
      voted: true,
      voteCount: 2,
    });
    expect(await t.services.votes.vote(as(voter), post.id)).toEqual({
      postId: post.id,
      voted: true,
      voteCount: 2,
    });
    expect(await storedCount(post.id)).toBe(2);
    expect(await voteItems(post.id)).toBe(2);
  });

  it('unvotes idempotently', async () => {
    const post = await aPost();
    const voter = await aUser(t);
    await t.services.votes.vote(as(voter), post.id);
    expect((await t.services.votes.unvote(as(voter), post.id)).voteCount).toBe(1);
    expect((await t.services.votes.unvote(as(voter), post.id)).voteCount).toBe(1);
    expect(await storedCount(post.id)).toBe(1);
    expect(await voteItems(post.id)).toBe(1);
    // The trend score goes back to exactly the author's vote's weight.
    const stored = await t.stores.posts.get(post.id);
    expect(stored?.trendScore).toBeCloseTo(post.trendScore, 6);
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

  it('closes voting when a post ships or is declined, and reopens it when staff reopen the post', async () => {
    const post = await aPost();
    const [voter, staff] = [await aUser(t), await aUser(t, { role: 'staff' })];
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'shipped' });
    await expect(t.services.votes.vote(as(voter), post.id)).rejects.toThrow(ConflictError);
    await expect(t.services.votes.unvote(as(voter), post.id)).rejects.toThrow(ConflictError);
    expect(await voteItems(post.id)).toBe(1);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'declined' });
    await expect(t.services.votes.vote(as(voter), post.id)).rejects.toThrow(ConflictError);
    await t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' });
    expect((await t.services.votes.vote(as(voter), post.id)).voteCount).toBe(2);
    expect(await storedCount(post.id)).toBe(2);
  });

  it('keeps counts exact when status and tag changes race votes', async () => {
    const post = await aPost();
    const staff = await aUser(t, { role: 'staff' });
    await t.services.boards.putTag(as(staff), { slug: 'reporting', name: 'Reporting' });
    const voters = await Promise.all(Array.from({ length: 12 }, () => aUser(t)));
    await Promise.all([
      ...voters.map((v) => t.services.votes.vote(as(v), post.id)),
      t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' }),
      t.services.posts.setTags(as(staff), post.id, { tags: ['reporting'] }),
      t.services.posts.changeStatus(as(staff), post.id, { status: 'in_progress', note: 'Started.' }),
    ]);
    expect(await storedCount(post.id)).toBe(13);
    expect(await voteItems(post.id)).toBe(13);
  });

  it('lets staff add a vote on behalf of a customer, recording who, when and from where', async () => {
    const post = await aPost();
    const [staff, customer] = [await aUser(t, { role: 'staff' }), await aUser(t)];
    await expect(
      t.services.votes.voteOnBehalf(as(customer), post.id, { email: 'x@example.com', source: 'call' }),
    ).rejects.toThrow('Only staff');
    await expect(
      t.services.votes.voteOnBehalf(as(staff), post.id, { email: 'nope', source: '' }),
    ).rejects.toThrow(ValidationError);
    const result = await t.services.votes.voteOnBehalf(
      as(staff),
      post.id,
      { email: customer.email.toUpperCase(), source: 'Call with Acme' },
      { ip: '198.51.100.7' },
    );
    expect(result.voteCount).toBe(2);
    const vote = await t.stores.votes.get(post.id, customer.id);
    expect(vote?.onBehalf).toEqual({
      byId: staff.id,
      byName: staff.name,
      source: 'Call with Acme',
      ip: '198.51.100.7',
    });
    // A customer the board has never seen is created from the email, and can sign in later.
    await t.services.votes.voteOnBehalf(as(staff), post.id, {
      email: 'new.lead@example.com',
      name: 'New Lead',
      source: 'Sales demo',
    });
    const lead = await t.stores.users.findByEmail('new.lead@example.com');
    expect(lead?.name).toBe('New Lead');
    expect(await storedCount(post.id)).toBe(3);
  });

  it('keeps count == vote items under 100 concurrent votes and unvotes, some repeated', async () => {
    const post = await aPost();
    const voters = await Promise.all(Array.from({ length: 40 }, () => aUser(t)));
    await t.services.boards.putTag(as(await aUser(t, { role: 'staff' })), { slug: 'many', name: 'Many' });
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
        send: (command: object) => {
          if (failuresLeft > 0 && command.constructor.name === 'TransactWriteCommand') {
            failuresLeft--;
            return Promise.reject(conflict());
          }
          return realSend(command as never);
        },
      },
    } as unknown as typeof t.db;
    const sleeps: number[] = [];
    const store = new DynamoVoteStore(flakyDb, { sleep: async (ms) => void sleeps.push(ms), attempts: 3 });
    const vote = (userId: string) => ({ postId: post.id, userId, votedAt: new Date().toISOString() });
    expect((await store.add(vote(voter.id))).changed).toBe(true);
    expect(sleeps).toHaveLength(2);
    expect(await storedCount(post.id)).toBe(2);

    failuresLeft = 10;
    const other = await aUser(t);
    // Given up, the caller answers 503 with Retry-After: nothing was written, so a retry is safe.
    await expect(store.add(vote(other.id))).rejects.toThrow(ServiceUnavailableError);
    expect(await storedCount(post.id)).toBe(2);
  });
});
