import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from '../../shared/domain/types.ts';
import { NotFoundError } from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

/** Reads of one board's item, by GetItem or BatchGetItem, since the last clear. */
function boardItemReads(t: TestTable) {
  const seen: string[] = [];
  t.db.raw.middlewareStack.add(
    (next) => async (args) => {
      seen.push(JSON.stringify(args.input));
      return next(args);
    },
    { step: 'initialize', name: `boardItemReads${Math.random()}` },
  );
  return {
    of: (slug: string) => {
      const key = JSON.stringify(keys.board(slug)).slice(1, -1);
      return seen.filter((input) => input.includes(key)).length;
    },
    clear: () => void (seen.length = 0),
  };
}

describe('the board page', () => {
  it('reads the board item once: the list takes the board the page read', async () => {
    const reads = boardItemReads(t);
    const author = await aUser(t);
    const board = await aBoard(t);
    await aStoredPost(t, board.slug, author);
    const actor = as(await aUser(t));

    // As b/[slug]/+page.server.ts loads it: board and tags, then the list given the board.
    reads.clear();
    const [shown] = await Promise.all([
      t.services.boards.get(actor, board.slug),
      t.services.boards.tags(actor),
    ]);
    const list = await t.services.posts.list(actor, shown.slug, { sort: 'trending' }, { board: shown });
    expect(reads.of(board.slug)).toBe(1);
    expect(list.board).toEqual(shown);
    expect(list.posts).toHaveLength(1);

    // Without a board read before it (the API), the list reads it itself, once.
    reads.clear();
    const api = await t.services.posts.list(actor, board.slug, {});
    expect(reads.of(board.slug)).toBe(1);
    expect(api).toEqual(list);
  });

  it('still answers 404 for a missing or private board, with the list read alongside', async () => {
    const hidden = await aBoard(t, { private: true, allowedDomains: ['inside.example'] });
    await expect(t.services.posts.list(ANONYMOUS, hidden.slug, {})).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.services.posts.list(ANONYMOUS, 'no-such-board', {})).rejects.toBeInstanceOf(NotFoundError);
    // A board passed for another slug is not taken for it.
    const open = await aBoard(t);
    const shown = await t.services.boards.get(ANONYMOUS, open.slug);
    await expect(t.services.posts.list(ANONYMOUS, hidden.slug, {}, { board: shown })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
