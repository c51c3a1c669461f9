import type { Actor, Board, Tag } from '../domain/types.ts';
import { isStaff } from '../domain/types.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import {
  boardInputSchema,
  boardSlugSchema,
  boardUpdateSchema,
  parseInput,
  tagInputSchema,
} from '../domain/schemas.ts';
import type { BoardStore, Clock, TagStore } from '../ports/index.ts';
import { canSeeBoard, requireAdmin, requireStaff } from './policy.ts';

/** A board as a viewer sees it: which customers' domains may see a private board is for staff only. */
export type BoardView = Omit<Board, 'allowedDomains'> & { allowedDomains?: string[] };

export function boardView(actor: Actor, board: Board): BoardView {
  if (isStaff(actor)) return board;
  const { allowedDomains: _staffOnly, ...rest } = board;
  return rest;
}

export class BoardService {
  constructor(private readonly deps: { boards: BoardStore; tags: TagStore; clock: Clock }) {}

  /** Customers see the live boards; staff also see archived ones, to restore them. */
  async list(actor: Actor): Promise<BoardView[]> {
    const boards = (await this.deps.boards.list()).filter((b) => canSeeBoard(actor, b));
    return (isStaff(actor) ? boards : boards.filter((b) => !b.archived)).map((b) => boardView(actor, b));
  }

  async get(actor: Actor, slug: string): Promise<BoardView> {
    return boardView(actor, await this.requireVisible(actor, slug));
  }

  /** A private board the actor may not see is "Board not found", exactly as a missing one. */
  private async requireVisible(actor: Actor, slug: string): Promise<Board> {
    const board = await this.deps.boards.get(parseInput(boardSlugSchema, slug));
    if (!board || !canSeeBoard(actor, board)) throw new NotFoundError('Board');
    return board;
  }

  async create(actor: Actor, input: unknown): Promise<Board> {
    requireAdmin(actor, 'create boards');
    const fields = parseInput(boardInputSchema, input);
    const board: Board = { ...fields, createdAt: this.deps.clock.now().toISOString() };
    if (!(await this.deps.boards.create(board))) {
      throw new ConflictError(`A board with the slug “${board.slug}” already exists.`);
    }
    return board;
  }

  /** Edits name, description and kinds, and archives or restores the board. */
  async update(actor: Actor, slug: string, input: unknown): Promise<Board> {
    requireAdmin(actor, 'edit boards');
    const existing = await this.requireVisible(actor, slug);
    const board: Board = { ...existing, ...parseInput(boardUpdateSchema, input) };
    if (!(await this.deps.boards.update(board))) throw new NotFoundError('Board');
    return board;
  }

  async tags(_actor: Actor): Promise<Tag[]> {
    return this.deps.tags.list();
  }

  async putTag(actor: Actor, input: unknown): Promise<Tag> {
    requireStaff(actor, 'manage tags');
    const tag = parseInput(tagInputSchema, input);
    await this.deps.tags.put(tag);
    return tag;
  }
}
