import type { Actor, Board, Comment, Post } from '../domain/types.ts';
import { CLOSED_STATUSES } from '../domain/types.ts';
import { NotFoundError, UnauthenticatedError, ValidationError } from '../domain/errors.ts';
import {
  boardSlugSchema,
  listPostsQuerySchema,
  newPostSchema,
  parseInput,
  postIdSchema,
} from '../domain/schemas.ts';
import type { BoardStore, Clock, CommentStore, IdGenerator, PostStore, VoteStore } from '../ports/index.ts';

export interface PostSummary extends Post {
  /** Whether the acting user has voted for it (always false for anonymous visitors). */
  viewerHasVoted: boolean;
  votingOpen: boolean;
}

export interface PostList {
  board: Board;
  posts: PostSummary[];
  nextCursor: string | null;
}

export interface PostDetail {
  board: Board;
  post: PostSummary;
  comments: Comment[];
}

export interface PostServiceDeps {
  boards: BoardStore;
  posts: PostStore;
  votes: VoteStore;
  comments: CommentStore;
  clock: Clock;
  ids: IdGenerator;
}

export class PostService {
  constructor(private readonly deps: PostServiceDeps) {}

  async list(actor: Actor, boardSlug: string, query: unknown): Promise<PostList> {
    const slug = parseInput(boardSlugSchema, boardSlug);
    const { sort, limit, cursor } = parseInput(listPostsQuerySchema, query);
    const board = await this.requireBoard(slug);
    const page = await this.deps.posts.listByBoard(slug, sort, limit, cursor);
    const voted = await this.votedBy(actor, page.items);
    return {
      board,
      posts: page.items.map((post) => summarize(post, voted)),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: Actor, postId: string): Promise<PostDetail> {
    const id = parseInput(postIdSchema, postId);
    const post = await this.deps.posts.get(id);
    if (!post) throw new NotFoundError('Post');
    const [board, comments, voted] = await Promise.all([
      this.requireBoard(post.boardSlug),
      this.deps.comments.listByPost(id),
      this.votedBy(actor, [post]),
    ]);
    return { board, post: summarize(post, voted), comments };
  }

  async create(actor: Actor, boardSlug: string, input: unknown): Promise<Post> {
    if (actor.kind !== 'user') throw new UnauthenticatedError('Sign in to post an idea.');
    const slug = parseInput(boardSlugSchema, boardSlug);
    const fields = parseInput(newPostSchema, input);
    const board = await this.requireBoard(slug);
    if (!board.kinds.includes(fields.kind)) {
      throw new ValidationError({
        kind: `The ${board.name} board does not take posts of kind ${fields.kind}.`,
      });
    }
    const now = this.deps.clock.now().toISOString();
    const post: Post = {
      id: this.deps.ids.next(),
      boardSlug: slug,
      kind: fields.kind,
      title: fields.title,
      body: fields.body,
      status: 'open',
      authorId: actor.user.id,
      authorName: actor.user.name,
      voteCount: 0,
      commentCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.posts.create(post);
    return post;
  }

  private async requireBoard(slug: string): Promise<Board> {
    const board = await this.deps.boards.get(slug);
    if (!board) throw new NotFoundError('Board');
    return board;
  }

  private async votedBy(actor: Actor, posts: readonly Post[]): Promise<Set<string>> {
    if (actor.kind !== 'user' || posts.length === 0) return new Set();
    return this.deps.votes.votedPostIds(
      actor.user.id,
      posts.map((p) => p.id),
    );
  }
}

function summarize(post: Post, voted: Set<string>): PostSummary {
  return { ...post, viewerHasVoted: voted.has(post.id), votingOpen: !CLOSED_STATUSES.has(post.status) };
}
