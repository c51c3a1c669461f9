/** Small builders for test data, written through the real stores. */
import type { Actor, Board, User } from '../../shared/domain/types.ts';
import type { TestTable } from './table.ts';

let n = 0;

export async function aBoard(t: TestTable, overrides: Partial<Board> = {}): Promise<Board> {
  const board: Board = {
    slug: `board-${++n}`,
    name: 'Feature requests',
    description: 'Ideas',
    kinds: ['idea'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: new Date().toISOString(),
    ...overrides,
  };
  await t.stores.boards.create(board);
  return board;
}

export async function aUser(
  t: TestTable,
  overrides: Partial<{ name: string; role: User['role'] }> = {},
): Promise<User> {
  const i = ++n;
  return t.stores.users.upsertByIdentity(
    'sso',
    `user-${i}-${Math.random()}`,
    {
      email: `user${i}@example.com`,
      name: overrides.name ?? `User ${i}`,
      role: overrides.role ?? 'customer',
    },
    new Date().toISOString(),
  );
}

export const as = (user: User): Actor => ({ kind: 'user', user });
