/**
 * `npm run repair:lists` (shared/maintenance/repair-lists.ts): entries broken in every way it knows are
 * rewritten from their posts, by the script itself, and a second run finds nothing to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { entryItems } from '../../shared/adapters/dynamodb/list-entries.ts';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { listIds, memberships } from '../../shared/domain/lists.ts';
import type { Post } from '../../shared/domain/types.ts';
import { repairLists } from '../../shared/maintenance/repair-lists.ts';
import { keys } from '../../shared/table/keys.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';
import { runMaintenanceCli } from '../setup/maintenance-cli.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

async function entriesOf(postId: string) {
  return queryAll(t.db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :list)',
    ExpressionAttributeValues: { ':pk': keys.postPartition(postId), ':list': keys.listEntryPrefix },
    ConsistentRead: true,
  });
}

describe('repair:lists', () => {
  it('rewrites missing, stale and extra entries from their posts, and then finds nothing to do', async () => {
    const board = await aBoard(t);
    const staff = await aUser(t, { role: 'staff' });
    const created = await t.services.posts.create(as(await aUser(t)), board.slug, { title: 'Dark mode' });
    for (let i = 0; i < 9; i++) await t.services.votes.vote(as(await aUser(t)), created.id);
    await t.services.posts.changeStatus(as(staff), created.id, { status: 'planned' });
    const post = (await t.stores.posts.get(created.id)) as Post;
    expect(post.voteCount).toBe(10);
    const put = (Item: Record<string, unknown>) =>
      t.db.doc.send(new PutCommand({ TableName: t.db.tableName, Item }));
    const [board_, status, kind, roadmap] = [
      listIds.board(board.slug),
      listIds.boardStatus(board.slug, 'planned'),
      listIds.boardKind(board.slug, post.kind),
      listIds.status('planned'),
    ];

    // Stale: a bucket a failed rewrite left behind, an exact count off, a roadmap entry in the old layout.
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.listEntry(post.id, status),
        UpdateExpression: 'SET voteCount = :v',
        ExpressionAttributeValues: { ':v': 6 },
      }),
    );
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.listEntry(post.id, board_),
        UpdateExpression: 'SET voteCount = :v',
        ExpressionAttributeValues: { ':v': 9 },
      }),
    );
    const oldRoadmap = entryItems(post).find((e) => e.listId === roadmap) ?? {};
    await put({ ...oldRoadmap, trendPk: oldRoadmap.topPk, trendScore: post.trendScore, voteCount: 10 });
    // Missing.
    await t.db.doc.send(new DeleteCommand({ TableName: t.db.tableName, Key: keys.listEntry(post.id, kind) }));
    // Extra: a list the post left, and an entry whose post is gone.
    const open = listIds.boardStatus(board.slug, 'open');
    const stray = entryItems({ ...post, status: 'open' }).find((e) => e.listId === open) ?? {};
    await put(stray);
    await put({
      ...stray,
      ...keys.listEntry('01GONE00000000000000000000', open),
      postId: '01GONE00000000000000000000',
    });

    const stdout = await runMaintenanceCli(t, 'repair-lists-cli.ts');
    const lines = stdout.trim().split('\n');
    expect(lines.slice(0, -1).sort()).toEqual(
      [
        `fixed stale entry ${status} of post ${post.id}`,
        `fixed stale entry ${board_} of post ${post.id}`,
        `fixed stale entry ${roadmap} of post ${post.id}`,
        `fixed missing entry ${kind} of post ${post.id}`,
        `fixed extra entry ${open} of post ${post.id}`,
        `fixed orphan entry ${open} of post 01GONE00000000000000000000`,
      ].sort(),
    );
    expect(lines.at(-1)).toMatch(/: \d+ posts, 6 entries fixed$/);

    const entries = await entriesOf(post.id);
    expect(entries.map((e) => e.listId).sort()).toEqual(
      memberships(post)
        .map((m) => m.listId)
        .sort(),
    );
    expectEntryRanks(post, entries);
    expect(entries.find((e) => e.listId === board_)?.voteCount).toBe(10);
    expect(entries.find((e) => e.listId === roadmap)?.trendPk).toBeUndefined();
    expect(await entriesOf('01GONE00000000000000000000')).toEqual([]);

    const again = await repairLists(t.db);
    expect(again.fixes).toEqual([]);
    expect(again.skipped).toEqual([]);
    // Votes still land where they should after the repair.
    await t.services.votes.vote(as(await aUser(t)), post.id);
    expectEntryRanks((await t.stores.posts.get(post.id)) as Post, await entriesOf(post.id));
  });

  it('leaves a post alone in a dry run', async () => {
    const board = await aBoard(t);
    const created = await t.services.posts.create(as(await aUser(t)), board.slug, { title: 'Exports' });
    const kind = listIds.boardKind(board.slug, created.kind);
    await t.db.doc.send(
      new DeleteCommand({ TableName: t.db.tableName, Key: keys.listEntry(created.id, kind) }),
    );
    const dry = await repairLists(t.db, { dryRun: true });
    expect(dry.fixes).toContainEqual({ postId: created.id, listId: kind, what: 'missing' });
    expect((await entriesOf(created.id)).map((e) => e.listId)).not.toContain(kind);
    await repairLists(t.db);
    expect((await entriesOf(created.id)).map((e) => e.listId)).toContain(kind);
  });
});
