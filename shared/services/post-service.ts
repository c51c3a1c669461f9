import type { Actor, Board, Comment, Post, StatusChange } from '../domain/types.ts';
import { CLOSED_STATUSES, isStaff } from '../domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../domain/errors.ts';
import { listFor, listIds } from '../domain/lists.ts';
import { voteWeight } from '../domain/trend.ts';
import {
  acceptAnswerSchema,
  boardSlugSchema,
  editPostSchema,
  followSchema,
  listPostsQuerySchema,
  mergeSchema,
  newPostSchema,
  pageQuerySchema,
  parseInput,
  postIdSchema,
  postTagsSchema,
  searchQuerySchema,
  statusChangeSchema,
} from '../domain/schemas.ts';
import type {
  BoardStore,
  Clock,
  CommentStore,
  EventBus,
  IdempotencyStore,
  IdGenerator,
  PostStore,
  SearchIndex,
  SubscriptionStore,
  TagStore,
  VoteStore,
} from '../ports/index.ts';
import {
  canAcceptAnswer,
  canDeletePost,
  canEditPost,
  canSeeBoard,
  MERGED_ELSEWHERE_NOTE,
  requireStaff,
  requireUser,
} from './policy.ts';
import { maskComment } from './comment-service.ts';
import { boardView, type BoardView } from './board-service.ts';
import type { RateLimits } from './rate-limits.ts';
import { idempotencyClaim, type IdempotencyClaim } from './idempotency.ts';

/** What any viewer may see of a post: the stored post without the counters that keep its lists right. */
export type PublicPost = Omit<Post, 'trendScore' | 'rev' | 'voteSeq'>;

export interface PostSummary extends PublicPost {
  /** Whether the acting user has voted for it (always false for anonymous visitors). */
  viewerHasVoted: boolean;
  votingOpen: boolean;
}

export interface PostList {
  board: BoardView;
  posts: PostSummary[];
  nextCursor: string | null;
}

export interface PostPermissions {
  edit: boolean;
  delete: boolean;
  moderate: boolean;
  acceptAnswer: boolean;
}

export interface PostRef {
  id: string;
  title: string;
  boardSlug: string;
}

export interface PostDetail {
  board: BoardView;
  post: PostSummary;
  comments: Comment[];
  history: StatusChange[];
  voteDays: { day: string; votes: number }[];
  mergedInto: PostRef | null;
  mergedFrom: PostRef[];
  following: boolean;
  permissions: PostPermissions;
}

export interface Roadmap {
  planned: PostSummary[];
  in_progress: PostSummary[];
  shipped: PostSummary[];
}

export interface PostServiceDeps {
  boards: BoardStore;
  tags: TagStore;
  posts: PostStore;
  votes: VoteStore;
  comments: CommentStore;
  subscriptions: SubscriptionStore;
  search: SearchIndex;
  events: EventBus;
  limits: RateLimits;
  clock: Clock;
  ids: IdGenerator;
  idempotency: IdempotencyStore;
}

/** A membership change that keeps losing to concurrent votes gives up after this many reads. */
const CHANGE_ATTEMPTS = 8;
const ROADMAP_COLUMN_SIZE = 50;

export class PostService {
  constructor(private readonly deps: PostServiceDeps) {}

  async list(actor: Actor, boardSlug: string, query: unknown): Promise<PostList> {
    const slug = parseInput(boardSlugSchema, boardSlug);
    const { sort, limit, cursor, ...filter } = parseInput(listPostsQuerySchema, query);
    const board = await this.requireBoard(slug, actor);
    const { listId, residual } = listFor(slug, filter);
    const page = await this.deps.posts.list({ listId, sort, limit, cursor, residual });
    return {
      board: boardView(actor, board),
      posts: await this.summarize(actor, page.items),
      nextCursor: page.nextCursor,
    };
  }

  async roadmap(actor: Actor): Promise<Roadmap> {
    const column = (status: 'planned' | 'in_progress' | 'shipped') =>
      this.deps.posts.list({ listId: listIds.status(status), sort: 'top', limit: ROADMAP_COLUMN_SIZE });
    const [planned, inProgress, shipped] = await Promise.all([
      column('planned'),
      column('in_progress'),
      column('shipped'),
    ]);
    const summaries = await this.summarize(
      actor,
      await this.visibleTo(actor, [...planned.items, ...inProgress.items, ...shipped.items]),
    );
    const byId = new Map(summaries.map((s) => [s.id, s]));
    const pick = (posts: Post[]) => posts.flatMap((p) => byId.get(p.id) ?? []);
    return {
      planned: pick(planned.items),
      in_progress: pick(inProgress.items),
      shipped: pick(shipped.items),
    };
  }

  /** Shipped posts, the most recently shipped first. */
  async changelog(
    actor: Actor,
    query: unknown,
  ): Promise<{ posts: PostSummary[]; nextCursor: string | null }> {
    const { limit, cursor } = parseInput(pageQuerySchema, query);
    const page = await this.deps.posts.list({ listId: listIds.changelog(), sort: 'new', limit, cursor });
    return {
      posts: await this.summarize(actor, await this.visibleTo(actor, page.items)),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: Actor, postId: string): Promise<PostDetail> {
    const { post, board } = await this.requireVisiblePost(actor, postId);
    const userId = actor.kind === 'user' ? actor.user.id : null;
    const [comments, history, voteDays, related, subscription, voted] = await Promise.all([
      this.deps.comments.listByPost(post.id),
      this.deps.posts.statusHistory(post.id),
      this.deps.posts.voteDays(post.id),
      // Posts merged into or from this one are shown only to those who may see their boards.
      this.deps.posts
        .mergedIn(post.id)
        .then((ids) => this.deps.posts.getMany([...(post.mergedInto ? [post.mergedInto] : []), ...ids]))
        .then((posts) => this.visibleTo(actor, posts)),
      userId ? this.deps.subscriptions.get(post.id, userId) : null,
      this.votedIds(actor, [post]),
    ]);
    const ref = (p: Post): PostRef => ({ id: p.id, title: p.title, boardSlug: p.boardSlug });
    const target = related.find((p) => p.id === post.mergedInto);
    const targetHidden = post.mergedInto !== undefined && !target;
    const summary = present(post, voted, targetHidden);
    const now = this.deps.clock.now();
    // Only the author can delete, so only for them is it worth a read to know whose the one vote is.
    const authorVoted =
      userId === post.authorId && (await this.deps.votes.get(post.id, post.authorId)) !== null;
    return {
      board: boardView(actor, board),
      post: summary,
      comments: comments.map((c) => maskComment(actor, c)),
      // The merge's note names the post it went to; a viewer who may not see that post reads neither.
      history: targetHidden
        ? history.map((h) => (h.to === 'merged' && h.note ? { ...h, note: MERGED_ELSEWHERE_NOTE } : h))
        : history,
      voteDays,
      mergedInto: target ? ref(target) : null,
      mergedFrom: related.filter((p) => p.id !== post.mergedInto).map(ref),
      following: subscription?.following ?? false,
      permissions: {
        edit: canEditPost(actor, post, now),
        delete: canDeletePost(actor, post, othersInvolved(post, comments, authorVoted)),
        moderate: isStaff(actor),
        acceptAnswer: canAcceptAnswer(actor, post),
      },
    };
  }

  /**
   * `idempotencyKey`: the same key with the same request answers with the post the first request made
   * (even if its answer was lost), before any rate limit counts it again.
   */
  async create(
    actor: Actor,
    boardSlug: string,
    input: unknown,
    opts: { idempotencyKey?: string } = {},
  ): Promise<Post> {
    const user = requireUser(actor, 'Sign in to post.');
    const slug = parseInput(boardSlugSchema, boardSlug);
    const fields = parseInput(newPostSchema, input);
    const claim = idempotencyClaim(opts.idempotencyKey, ['createPost', slug, fields]);
    const earlier = claim && (await this.replayCreate(user.id, claim));
    if (earlier) return earlier;
    const board = await this.requireBoard(slug, actor);
    await this.deps.limits.check('post', { userId: user.id, ip: actor.ip });
    if (board.archived)
      throw new ConflictError(`The ${board.name} board is archived and takes no new posts.`);
    const kind = fields.kind ?? board.kinds[0] ?? 'idea';
    if (!board.kinds.includes(kind)) {
      throw new ValidationError({ kind: `The ${board.name} board does not take posts of kind ${kind}.` });
    }
    const now = this.deps.clock.now().toISOString();
    const post: Post = {
      id: this.deps.ids.next(),
      boardSlug: slug,
      kind,
      title: fields.title,
      body: fields.body,
      status: 'open',
      authorId: user.id,
      authorName: user.name,
      // Authors back their own idea, as on Canny and Fider: the post starts with their vote.
      voteCount: 1,
      trendScore: voteWeight(now),
      commentCount: 0,
      tags: [],
      rev: 0,
      voteSeq: 0,
      createdAt: now,
      updatedAt: now,
    };
    // The author's vote and subscription and the search postings are written with the post.
    const outcome = await this.deps.posts.create(
      post,
      { postId: post.id, userId: user.id, votedAt: now },
      claim ? { idempotency: { userId: user.id, ...claim, resourceId: post.id, createdAt: now } } : {},
    );
    if (outcome === 'keyTaken' && claim) {
      // A concurrent request with the same key got there first: answer as it did.
      const winner = await this.replayCreate(user.id, claim);
      if (winner) return winner;
    }
    return post;
  }

  private async replayCreate(userId: string, claim: IdempotencyClaim): Promise<Post | null> {
    const record = await this.deps.idempotency.get(userId, claim.keyHash, this.deps.clock.now());
    if (!record) return null;
    if (record.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
    const post = await this.deps.posts.get(record.resourceId);
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  async edit(actor: Actor, postId: string, input: unknown): Promise<Post> {
    requireUser(actor, 'Sign in to edit.');
    const { post } = await this.requireVisiblePost(actor, postId);
    const fields = parseInput(editPostSchema, input);
    if (!canEditPost(actor, post, this.deps.clock.now())) {
      throw new ForbiddenError('Authors can edit a post for 30 minutes after posting it.');
    }
    const updatedAt = this.deps.clock.now().toISOString();
    await this.deps.posts.updateContent(post.id, { ...fields, updatedAt });
    const edited = { ...post, ...fields, updatedAt };
    await this.deps.search.index(edited, post);
    return edited;
  }

  async delete(actor: Actor, postId: string): Promise<void> {
    requireUser(actor, 'Sign in to delete.');
    const { post } = await this.requireVisiblePost(actor, postId);
    const [comments, authorVote] = await Promise.all([
      this.deps.comments.listByPost(post.id),
      this.deps.votes.get(post.id, post.authorId),
    ]);
    const authorVoted = authorVote !== null;
    if (!canDeletePost(actor, post, othersInvolved(post, comments, authorVoted))) {
      throw new ForbiddenError('Authors can delete a post only while nobody else has voted or commented.');
    }
    if (!(await this.deps.posts.delete(post, authorVoted))) {
      throw new ConflictError('Someone voted or commented just now; the post can no longer be deleted.');
    }
    await this.deps.search.remove(post);
  }

  async changeStatus(actor: Actor, postId: string, input: unknown): Promise<Post> {
    const staff = requireStaff(actor, 'change a post’s status');
    const { status, note } = parseInput(statusChangeSchema, input);
    let changed: { before: Post; after: Post; change: StatusChange } | undefined;
    const after = await this.changeLists(postId, (post, now) => {
      // Called again after losing a race: only the attempt that is written may publish its change.
      changed = undefined;
      if (post.status === 'merged') throw new ConflictError('A merged post’s status cannot change.');
      if (post.status === status && note === (post.statusNote?.body ?? undefined)) return null;
      const change: StatusChange = {
        id: this.deps.ids.next(),
        postId: post.id,
        from: post.status,
        to: status,
        ...(note ? { note } : {}),
        byId: staff.id,
        byName: staff.name,
        at: now,
      };
      const next: Post = {
        ...post,
        status,
        statusChangedAt: now,
        updatedAt: now,
        statusNote: note ? { body: note, byId: staff.id, byName: staff.name, at: now } : undefined,
        shippedAt: status === 'shipped' ? (post.status === 'shipped' ? post.shippedAt : now) : undefined,
      };
      changed = { before: post, after: next, change };
      return { after: next, extra: { statusChange: change } };
    });
    if (changed && changed.before.status !== changed.after.status) {
      await this.publishStatusChange(changed.after, changed.change);
    }
    return after;
  }

  async setTags(actor: Actor, postId: string, input: unknown): Promise<Post> {
    requireStaff(actor, 'tag posts');
    const { tags } = parseInput(postTagsSchema, input);
    const known = new Set((await this.deps.tags.list()).map((t) => t.slug));
    const unknown = tags.filter((t) => !known.has(t));
    if (unknown.length > 0) throw new ValidationError({ tags: `Unknown tag: ${unknown.join(', ')}.` });
    return this.changeLists(postId, (post, now) => {
      if (post.status === 'merged') throw new ConflictError('A merged post cannot be tagged.');
      return { after: { ...post, tags, updatedAt: now } };
    });
  }

  /**
   * Merges a post into another: the source closes as "merged", its votes move to the target (a voter
   * of both keeps one vote), its followers follow the target, and its comments stay readable on it.
   * Moving votes is one transaction per vote, so a merge interrupted halfway is finished by merging again.
   */
  async merge(actor: Actor, postId: string, input: unknown): Promise<{ from: Post; into: Post }> {
    const staff = requireStaff(actor, 'merge posts');
    const { into: intoId } = parseInput(mergeSchema, input);
    const sourceId = parseInput(postIdSchema, postId);
    if (sourceId === intoId) throw new ValidationError({ into: 'A post cannot be merged into itself.' });
    const target = await this.requirePost(intoId);
    if (target.status === 'merged') {
      throw new ValidationError({ into: 'That post was itself merged; merge into the post it went to.' });
    }
    let change: StatusChange | undefined;
    const from = await this.changeLists(sourceId, (post, now) => {
      change = undefined; // as in changeStatus: a retry that finds the merge done has nothing to announce
      if (post.status === 'merged') {
        if (post.mergedInto === intoId) return null; // finishing an interrupted merge
        throw new ConflictError('This post was already merged into another.');
      }
      const note = `Merged into “${target.title}”.`;
      change = {
        id: this.deps.ids.next(),
        postId: post.id,
        from: post.status,
        to: 'merged',
        note,
        byId: staff.id,
        byName: staff.name,
        at: now,
      };
      const after: Post = {
        ...post,
        status: 'merged',
        mergedInto: intoId,
        statusChangedAt: now,
        updatedAt: now,
        statusNote: { body: note, byId: staff.id, byName: staff.name, at: now },
        shippedAt: undefined,
      };
      return { after, extra: { statusChange: change, mergedFrom: post.id } };
    });

    for (let cursor: string | undefined; ;) {
      const page = await this.deps.votes.listByPost(from.id, 100, cursor);
      for (const vote of page.items) await this.deps.votes.move(vote, intoId);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const now = this.deps.clock.now().toISOString();
    for (const sub of await this.deps.subscriptions.followers(from.id)) {
      await this.deps.subscriptions.ensure({
        postId: intoId,
        userId: sub.userId,
        following: true,
        reason: 'merge',
        since: now,
      });
    }
    await this.deps.search.remove(from);
    if (change) await this.publishStatusChange(from, change, target);
    const [fromAfter, into] = await Promise.all([this.requirePost(from.id), this.requirePost(intoId)]);
    return { from: fromAfter, into };
  }

  async acceptAnswer(actor: Actor, postId: string, input: unknown): Promise<Post> {
    requireUser(actor, 'Sign in to accept an answer.');
    const { post } = await this.requireVisiblePost(actor, postId);
    const { commentId } = parseInput(acceptAnswerSchema, input);
    if (post.kind !== 'question') throw new ConflictError('Only questions have accepted answers.');
    if (!canAcceptAnswer(actor, post))
      throw new ForbiddenError('Only the person who asked, or staff, can accept an answer.');
    if (commentId) {
      const comment = await this.deps.comments.get(post.id, commentId);
      if (!comment || comment.deleted || comment.hidden)
        throw new ValidationError({ commentId: 'That comment is not on this post.' });
    }
    await this.deps.posts.setAcceptedAnswer(post.id, commentId);
    const { acceptedCommentId: _previous, ...rest } = post;
    return commentId ? { ...rest, acceptedCommentId: commentId } : rest;
  }

  async follow(actor: Actor, postId: string, input: unknown): Promise<{ following: boolean }> {
    const user = requireUser(actor, 'Sign in to follow posts.');
    const { post } = await this.requireVisiblePost(actor, postId);
    const { following } = parseInput(followSchema, input);
    await this.deps.subscriptions.set({
      postId: post.id,
      userId: user.id,
      following,
      reason: 'follower',
      since: this.deps.clock.now().toISOString(),
    });
    return { following };
  }

  /** Full-text search; also what the new-post form asks while the title is being typed. */
  async search(actor: Actor, query: unknown): Promise<PostSummary[]> {
    const { q, board, limit } = parseInput(searchQuerySchema, query);
    // Boards the actor may not see are left out before the index ranks and cuts to the limit: filtered
    // after, a hidden match would show as a shorter page, and its existence in what limit=1 and
    // limit=2 return.
    const boards = (await this.deps.boards.list())
      .filter((b) => canSeeBoard(actor, b) && (board === undefined || b.slug === board))
      .map((b) => b.slug);
    if (boards.length === 0) return [];
    const hits = await this.deps.search.search(q, { boards, limit });
    if (hits.length === 0) return [];
    const posts = await this.deps.posts.getMany(hits.map((h) => h.postId));
    return this.summarize(
      actor,
      await this.visibleTo(
        actor,
        posts.filter((p) => p.status !== 'merged'),
      ),
    );
  }

  private async publishStatusChange(
    post: Post,
    change: StatusChange,
    mergedInto?: Pick<Post, 'id' | 'boardSlug'>,
  ): Promise<void> {
    await this.deps.events.publish({
      type: 'PostStatusChanged',
      id: change.id,
      at: change.at,
      detail: {
        postId: post.id,
        boardSlug: post.boardSlug,
        title: post.title,
        from: change.from,
        to: change.to,
        ...(change.note ? { note: change.note } : {}),
        byId: change.byId,
        byName: change.byName,
        ...(mergedInto ? { mergedInto: { postId: mergedInto.id, boardSlug: mergedInto.boardSlug } } : {}),
      },
    });
  }

  /**
   * Reads the post, asks `decide` for its new state, and writes it with its list entries. A vote that
   * lands in between makes the write fail (the entries would carry a stale count): read and try again.
   */
  private async changeLists(
    postId: string,
    decide: (
      post: Post,
      now: string,
    ) => { after: Post; extra?: Parameters<PostStore['changeLists']>[2] } | null,
  ): Promise<Post> {
    for (let attempt = 1; ; attempt++) {
      const post = await this.requirePost(postId);
      const decision = decide(post, this.deps.clock.now().toISOString());
      if (!decision) return post;
      if (await this.deps.posts.changeLists(post, decision.after, decision.extra)) {
        return { ...decision.after, rev: post.rev + 1 };
      }
      if (attempt >= CHANGE_ATTEMPTS)
        throw new ConflictError('The post is changing too fast right now; try again.');
    }
  }

  /** With an actor, a board they may not see is as absent as one that does not exist (no probing). */
  private async requireBoard(slug: string, actor?: Actor): Promise<Board> {
    const board = await this.deps.boards.get(slug);
    if (!board || (actor && !canSeeBoard(actor, board))) throw new NotFoundError('Board');
    return board;
  }

  /** Drops posts on boards the actor may not see: cross-board lists (roadmap, search, profiles). */
  async visibleTo(actor: Actor, posts: readonly Post[]): Promise<Post[]> {
    if (posts.length === 0) return [];
    const boards = await this.deps.boards.list();
    const hidden = new Set(boards.filter((b) => !canSeeBoard(actor, b)).map((b) => b.slug));
    return posts.filter((p) => !hidden.has(p.boardSlug));
  }

  private async requirePost(postId: string): Promise<Post> {
    const id = parseInput(postIdSchema, postId);
    const post = await this.deps.posts.get(id);
    if (!post) throw new NotFoundError('Post');
    return post;
  }

  /**
   * A post on a board the actor may not see answers exactly as a missing one (same error, same
   * message), so that nobody can probe for private posts by id.
   */
  private async requireVisiblePost(actor: Actor, postId: string): Promise<{ post: Post; board: Board }> {
    const post = await this.requirePost(postId);
    const board = await this.deps.boards.get(post.boardSlug);
    if (!board || !canSeeBoard(actor, board)) throw new NotFoundError('Post');
    return { post, board };
  }

  /** The posts as the actor may see them: public fields only, merge targets on hidden boards unnamed. */
  async summarize(actor: Actor, posts: readonly Post[]): Promise<PostSummary[]> {
    const [voted, hiddenTargets] = await Promise.all([
      this.votedIds(actor, posts),
      this.mergedIntoHidden(actor, posts),
    ]);
    return posts.map((post) => present(post, voted, hiddenTargets.has(post.id)));
  }

  private async votedIds(actor: Actor, posts: readonly Post[]): Promise<Set<string>> {
    if (actor.kind !== 'user' || posts.length === 0) return new Set();
    return this.deps.votes.votedPostIds(
      actor.user.id,
      posts.map((p) => p.id),
    );
  }

  /** Ids of the merged posts among these whose target the actor may not see (or that is gone). */
  private async mergedIntoHidden(actor: Actor, posts: readonly Post[]): Promise<Set<string>> {
    const merged = posts.filter((p) => p.mergedInto !== undefined);
    if (merged.length === 0) return new Set();
    const targets = await this.deps.posts.getMany(merged.map((p) => p.mergedInto as string));
    const visible = new Set((await this.visibleTo(actor, targets)).map((p) => p.id));
    return new Set(merged.filter((p) => !visible.has(p.mergedInto as string)).map((p) => p.id));
  }
}

/**
 * A post as a viewer sees it. Fields are named one by one, so that whatever the store adds to a post
 * (counters, keys) stays inside unless it is added here on purpose.
 */
function present(post: Post, voted: ReadonlySet<string>, targetHidden: boolean): PostSummary {
  const mergedInto = post.mergedInto !== undefined && !targetHidden ? post.mergedInto : undefined;
  const statusNote =
    post.statusNote && targetHidden && post.status === 'merged'
      ? { ...post.statusNote, body: MERGED_ELSEWHERE_NOTE }
      : post.statusNote;
  return {
    id: post.id,
    boardSlug: post.boardSlug,
    kind: post.kind,
    title: post.title,
    body: post.body,
    status: post.status,
    authorId: post.authorId,
    authorName: post.authorName,
    voteCount: post.voteCount,
    commentCount: post.commentCount,
    tags: post.tags,
    ...(statusNote ? { statusNote } : {}),
    ...(post.statusChangedAt ? { statusChangedAt: post.statusChangedAt } : {}),
    ...(post.shippedAt ? { shippedAt: post.shippedAt } : {}),
    ...(post.acceptedCommentId ? { acceptedCommentId: post.acceptedCommentId } : {}),
    ...(mergedInto ? { mergedInto } : {}),
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    viewerHasVoted: voted.has(post.id),
    votingOpen: !CLOSED_STATUSES.has(post.status),
  };
}

/** Whether anyone but the author has voted or commented (the author's own vote does not count). */
function othersInvolved(post: Post, comments: readonly Comment[], authorVoted: boolean): boolean {
  return post.voteCount - (authorVoted ? 1 : 0) > 0 || comments.some((c) => c.authorId !== post.authorId);
}
