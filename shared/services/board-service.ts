import type { Actor, Board } from '../domain/types.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { BoardStore } from '../ports/index.ts';

export class BoardService {
  constructor(private readonly boards: BoardStore) {}

  // Every board is public for now; private boards (issue 4) will filter on the actor here.
  async list(_actor: Actor): Promise<Board[]> {
    return this.boards.list();
  }

  async get(_actor: Actor, slug: string): Promise<Board> {
    const board = await this.boards.get(slug);
    if (!board) throw new NotFoundError('Board');
    return board;
  }
}
