/**
 * Answers that rise: a question's answers come accepted first, then by votes (ties the oldest first),
 * a page at a time at the same cost whatever their number; a board lists its answered and unanswered
 * questions, moved by the acceptance itself; search ranks answered questions first.
 *
 * Votes go through the comment-vote service (REP's), by voters of their own. `addLegacyVotes` writes
 * counts directly, as an older version's data would hold them, for the backfill alone.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { listIds } from '../../shared/domain/lists.ts';
import type { CommentView } from '../../shared/domain/views.ts';
import { ANONYMOUS, type Board, type Comment, type Post, type User } from '../../shared/domain/types.ts';
import {
  backfillAnswerRanks,
  backfillThreadRefs,
} from '../../shared/maintenance/backfill-comment-threads.ts';
import { repairLists } from '../../shared/maintenance/repair-lists.ts';
import { updateInput } from '../../shared/table/expressions.ts';
import { keys } from '../../shared/table/keys.ts';
import { ATTR } from '../../shared/table/names.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { errorOf } from '../setup/error-of.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

let t: TestTable;
const router = new Router(routes);

beforeAll(async () => {
  t = await createTestTable();
});
afterAll(() => t.drop());

/** Upvotes from each of `voters`, through the vote API. */
async function upvote(postId: string, commentId: string | undefined, voters: readonly User[]) {
  for (const voter of voters) await t.services.commentVotes.vote(as(voter), postId, commentId ?? '');
}

async function unvote(postId: string, commentId: string | undefined, voters: readonly User[]) {
  for (const voter of voters) await t.services.commentVotes.unvote(as(voter), postId, commentId ?? '');
}

/** Not the vote API: counts ADDed to an answer and its reference directly, as stored data may hold them. */
async function addLegacyVotes(postId: string, commentId: string, votes: number): Promise<void> {
  for (const key of [keys.comment(postId, commentId), keys.commentThreadRef(postId, commentId)]) {
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: key,
        ...updateInput({ add: { [ATTR.voteCount]: votes } }),
      }),
    );
  }
}

const bodies = (comments: readonly CommentView[]) => comments.map((c) => c.body);

async function aQuestion(board: Board, asker: User, title = 'How do I export reports?'): Promise<Post> {
  return t.services.posts.create(as(asker), board.slug, { title, kind: 'question' });
}

async function answer(post: Post, by: User, body: string, parentId?: string): Promise<Comment> {
  const view = await t.services.comments.create(as(by), post.id, { body, ...(parentId ? { parentId } : {}) });
  const stored = await t.stores.comments.get(post.id, view.id);
  if (!stored) throw new Error('The answer was not stored.');
  return stored;
}

describe("a question's answers", () => {
  let board: Board;
  let asker: User;
  let helpers: User[];
  let question: Post;
  let a: Comment[];
  let voters: User[];

  beforeAll(async () => {
    voters = [];
    for (let i = 0; i < 5; i++) voters.push(await aUser(t));
    board = await aBoard(t, { kinds: ['question'] });
    asker = await aUser(t);
    helpers = [await aUser(t), await aUser(t), await aUser(t)];
    question = await aQuestion(board, asker);
    a = [];
    for (const i of [1, 2, 3, 4, 5]) a.push(await answer(question, helpers[i % 3] as User, `Answer ${i}`));
    await answer(question, asker, 'Reply to 2', a[1]?.id);
    // GIVEN votes: answers 3 and 5 three each (a tie), answer 2 one; answer 4 accepted with none.
    await upvote(question.id, a[2]?.id, voters.slice(0, 3));
    await upvote(question.id, a[4]?.id, voters.slice(2, 5));
    await upvote(question.id, a[1]?.id, voters.slice(0, 1));
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a[3]?.id });
  }, 60_000);

  it('come accepted first, then by votes, ties the oldest first, each with its replies', async () => {
    const page = await t.services.comments.list(ANONYMOUS, question.id, {});
    expect(bodies(page.comments)).toEqual([
      'Answer 4',
      'Answer 3',
      'Answer 5',
      'Answer 2',
      'Reply to 2',
      'Answer 1',
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('move when votes change', async () => {
    await upvote(question.id, a[0]?.id, voters);
    const page = await t.services.comments.list(ANONYMOUS, question.id, {});
    expect(bodies(page.comments).slice(0, 3)).toEqual(['Answer 4', 'Answer 1', 'Answer 3']);
    await unvote(question.id, a[0]?.id, voters);
    const back = await t.services.comments.list(ANONYMOUS, question.id, {});
    expect(bodies(back.comments).at(-1)).toBe('Answer 1');
  });

  it('page with a cursor of their own: every answer once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await t.services.comments.list(ANONYMOUS, question.id, { limit: 2, cursor });
      seen.push(...bodies(page.comments));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['Answer 4', 'Answer 3', 'Answer 5', 'Answer 2', 'Reply to 2', 'Answer 1']);
  });

  it("refuses another question's cursor, and a cursor of threads in thread order", async () => {
    const other = await aQuestion(board, asker, 'Where are invoices?');
    for (const i of [1, 2, 3]) await answer(other, helpers[0] as User, `Other ${i}`);
    const otherPage = await t.services.comments.list(ANONYMOUS, other.id, { limit: 1 });
    expect(otherPage.nextCursor).toEqual(expect.any(String));
    expect(
      await errorOf(t.services.comments.list(ANONYMOUS, question.id, { cursor: otherPage.nextCursor })),
    ).toBeInstanceOf(ValidationError);

    const ideas = await aBoard(t);
    const idea = await t.services.posts.create(as(asker), ideas.slug, { title: 'Dark mode please' });
    for (const i of [1, 2]) await answer(idea, helpers[0] as User, `Idea comment ${i}`);
    const ideaPage = await t.services.comments.list(ANONYMOUS, idea.id, { limit: 1 });
    expect(ideaPage.nextCursor).toEqual(expect.any(String));
    expect(
      await errorOf(t.services.comments.list(ANONYMOUS, question.id, { cursor: ideaPage.nextCursor })),
    ).toBeInstanceOf(ValidationError);
    // An idea's comments stay in thread order, whatever their votes.
    await upvote(idea.id, (await t.stores.comments.listByPost(idea.id))[1]?.id, voters.slice(0, 4));
    const ideaAll = await t.services.comments.list(ANONYMOUS, idea.id, {});
    expect(bodies(ideaAll.comments)).toEqual(['Idea comment 1', 'Idea comment 2']);
  });

  it('sends a writer back to the page that shows their answer, by votes', async () => {
    const long = await aQuestion(board, asker, 'Why is sync slow?');
    const written: Comment[] = [];
    for (let i = 0; i < 55; i++) {
      written.push(await aStoredComment(t, long, helpers[0] as User, { body: `Long ${i}` }));
    }
    // The newest answer rises to the top; the oldest stays first among the rest, so Long 50 is 51st.
    await upvote(long.id, written[54]?.id, voters.slice(0, 2));
    expect(await t.services.comments.pageOf(ANONYMOUS, long.id, written[54]?.id ?? '')).toBeNull();
    expect(await t.services.comments.pageOf(ANONYMOUS, long.id, written[48]?.id ?? '')).toBeNull();
    const cursor = await t.services.comments.pageOf(ANONYMOUS, long.id, written[49]?.id ?? '');
    expect(cursor).toEqual(expect.any(String));
    const page = await t.services.comments.list(ANONYMOUS, long.id, { cursor });
    expect(bodies(page.comments)[0]).toBe('Long 49');
    expect(bodies(page.comments)).toHaveLength(5);
  }, 60_000);

  it('cost the same requests per page with 6 answers and with 80', async () => {
    const small = await aQuestion(board, asker, 'Can I rename a board?');
    const large = await aQuestion(board, asker, 'Can I merge two boards?');
    for (let i = 0; i < 6; i++) await aStoredComment(t, small, helpers[1] as User, { body: `S${i}` });
    const first = await aStoredComment(t, large, helpers[1] as User, { body: 'L0' });
    for (let i = 1; i < 80; i++) await aStoredComment(t, large, helpers[1] as User, { body: `L${i}` });
    for (let i = 0; i < 30; i++) {
      await aStoredComment(t, large, helpers[2] as User, { body: `R${i}`, parentId: first.id });
    }
    const cost = async (postId: string, cursor?: string) => {
      t.requests.clear();
      const page = await t.services.comments.list(ANONYMOUS, postId, { limit: 5, cursor });
      return { requests: Object.fromEntries(t.requests), page };
    };
    const [s1, l1] = [await cost(small.id), await cost(large.id)];
    expect(l1.requests).toEqual(s1.requests);
    // The second BatchGet reads the page's authors' reputation (comment-pages.ts), constant per page.
    expect(l1.requests).toEqual({ GetItem: 2, Query: 1, BatchGetItem: 2 });
    // The first answer's 30 replies come with it, read by the same BatchGet.
    expect(bodies(l1.page.comments)).toHaveLength(35);
    const [s2, l2] = [
      await cost(small.id, s1.page.nextCursor ?? ''),
      await cost(large.id, l1.page.nextCursor ?? ''),
    ];
    expect(l2.requests).toEqual(s2.requests);
  }, 120_000);

  it('reach the byVotes index for answers stored before it, once backfilled (idempotently)', async () => {
    const old = await aQuestion(board, asker, 'Is there an API?');
    const first = await answer(old, helpers[0] as User, 'Old answer');
    await answer(old, helpers[1] as User, 'Old reply', first.id);
    await addLegacyVotes(old.id, first.id, 2);
    // As an older version stored it: a bare thread reference (its votes counted on the comment alone).
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.commentThreadRef(old.id, first.id),
        ...updateInput({ remove: [ATTR.topPk, ATTR.voteCount, 'replyIds'] }),
      }),
    );
    expect(bodies((await t.services.comments.list(ANONYMOUS, old.id, {})).comments)).toEqual([]);
    await backfillThreadRefs(t.db);
    expect(await backfillAnswerRanks(t.db)).toBeGreaterThanOrEqual(1);
    expect(bodies((await t.services.comments.list(ANONYMOUS, old.id, {})).comments)).toEqual([
      'Old answer',
      'Old reply',
    ]);
    expect(await backfillAnswerRanks(t.db)).toBe(0);
    // The votes it ranked by were the comment's.
    await upvote(old.id, (await answer(old, helpers[2] as User, 'New answer')).id, voters.slice(0, 1));
    expect(bodies((await t.services.comments.list(ANONYMOUS, old.id, {})).comments)[0]).toBe('Old answer');
  });
});

describe('answered and unanswered questions on a board', () => {
  let board: Board;
  let asker: User;
  let helper: User;
  let answered: Post;
  let open: Post;
  let idea: Post;
  let theAnswer: Comment;

  const list = (query: Record<string, string>) =>
    t.services.posts.list(ANONYMOUS, board.slug, query).then((l) => l.posts.map((p) => p.title));

  beforeAll(async () => {
    board = await aBoard(t, { kinds: ['question', 'idea'] });
    asker = await aUser(t);
    helper = await aUser(t);
    answered = await aQuestion(board, asker, 'How do I invite my team?');
    open = await aQuestion(board, asker, 'How do I delete my account?');
    idea = await t.services.posts.create(as(asker), board.slug, { title: 'Team roles', kind: 'idea' });
    theAnswer = await answer(answered, helper, 'Settings, then Team.');
    await t.services.posts.acceptAnswer(as(asker), answered.id, { commentId: theAnswer.id });
  });

  it('lists each question in one of the two, and no other post in either', async () => {
    expect(await list({ answered: 'yes' })).toEqual([answered.title]);
    expect(await list({ answered: 'no' })).toEqual([open.title]);
    expect(await list({ answered: 'no', kind: 'question', sort: 'new' })).toEqual([open.title]);
    expect(await list({})).toEqual(expect.arrayContaining([idea.title, open.title, answered.title]));
  });

  it('moves a question when its answer is accepted or unaccepted, in the same write', async () => {
    const other = await answer(open, helper, 'Profile, then Delete.');
    await t.services.posts.acceptAnswer(as(asker), open.id, { commentId: other.id });
    expect((await list({ answered: 'yes', sort: 'new' })).toSorted()).toEqual(
      [answered.title, open.title].toSorted(),
    );
    expect(await list({ answered: 'no' })).toEqual([]);
    await t.services.posts.acceptAnswer(as(asker), open.id, { commentId: null });
    expect(await list({ answered: 'yes' })).toEqual([answered.title]);
    expect(await list({ answered: 'no' })).toEqual([open.title]);
    // Another accepted answer keeps it where it is.
    const second = await answer(answered, helper, 'Or ask your admin.');
    await t.services.posts.acceptAnswer(as(asker), answered.id, { commentId: second.id });
    expect(await list({ answered: 'yes' })).toEqual([answered.title]);
  });

  it('keeps the filter with a status, and narrows it by residual filters', async () => {
    const staff = await aUser(t, { role: 'staff' });
    await t.services.posts.changeStatus(as(staff), answered.id, { status: 'under_review' });
    expect(await list({ answered: 'yes', status: 'under_review' })).toEqual([answered.title]);
    expect(await list({ answered: 'yes', status: 'open' })).toEqual([]);
    // The status change kept the question on the answered list.
    expect(await list({ answered: 'yes' })).toEqual([answered.title]);
  });

  it('refuses an unknown value, another kind and a demand order, with a 400 that names it', async () => {
    const staff = await aUser(t, { role: 'staff' });
    for (const [actor, query] of [
      [ANONYMOUS, { answered: 'maybe' }],
      [ANONYMOUS, { answered: 'yes', kind: 'idea' }],
      [as(staff), { answered: 'no', sort: 'mrr' }],
      [as(staff), { answered: 'no', minCompanies: '1' }],
    ] as const) {
      const error = await errorOf(t.services.posts.list(actor, board.slug, query));
      expect(error, JSON.stringify(query)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toHaveProperty('answered');
    }
    const result = await router.handle(
      apiGatewayEvent({ path: `/api/boards/${board.slug}/posts`, query: 'answered=perhaps' }),
      t.runtime(),
    );
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('Answered must be yes or no.');
    const ok = await router.handle(
      apiGatewayEvent({ path: `/api/boards/${board.slug}/posts`, query: 'answered=yes' }),
      t.runtime(),
    );
    expect(JSON.parse(ok.body ?? '{}').posts.map((p: Post) => p.title)).toEqual([answered.title]);
  });

  it('costs one Query and one BatchGet a page, whatever the board holds', async () => {
    t.requests.clear();
    await t.stores.posts.list({ listId: listIds.boardAnswered(board.slug, false), sort: 'top', limit: 20 });
    expect(Object.fromEntries(t.requests)).toEqual({ Query: 1, BatchGetItem: 1 });
  });

  it('is rebuilt by repair:lists for questions stored before the lists existed', async () => {
    const before = await aStoredPost(t, board.slug, asker, { kind: 'question', title: 'Old question?' });
    // As an older version stored it: no answered or unanswered entry.
    await t.db.doc.send(
      new UpdateCommand({
        TableName: t.db.tableName,
        Key: keys.post(before.id),
        ...updateInput({ set: { acceptedCommentId: 'gone' } }),
      }),
    );
    expect(await list({ answered: 'yes' })).not.toContain('Old question?');
    const report = await repairLists(t.db);
    expect(report.fixes).toEqual(
      expect.arrayContaining([
        { postId: before.id, listId: listIds.boardAnswered(board.slug, true), what: 'missing' },
        { postId: before.id, listId: listIds.boardAnswered(board.slug, false), what: 'extra' },
      ]),
    );
    expect(await list({ answered: 'yes' })).toContain('Old question?');
  }, 60_000);
});

describe('an accepted answer hidden or deleted since', () => {
  it('leaves its question unanswered while out of view, and answered again once restored', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const [asker, helper] = [await aUser(t), await aUser(t)];
    const staff = await aUser(t, { role: 'staff' });
    const list = (answered: 'yes' | 'no') =>
      t.services.posts.list(ANONYMOUS, board.slug, { answered }).then((l) => l.posts.map((p) => p.id));
    const question = await aQuestion(board, asker, 'Where are invoices kept?');
    const reply = await answer(question, helper, 'Billing, then History.');
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: reply.id });
    expect(await list('yes')).toEqual([question.id]);

    await t.services.comments.setHidden(as(staff), question.id, reply.id, true);
    expect([await list('yes'), await list('no')]).toEqual([[], [question.id]]);
    const found = await t.services.posts.search(ANONYMOUS, { q: 'invoices kept', board: board.slug });
    expect(found.map((p) => [p.id, p.acceptedCommentId])).toEqual([[question.id, undefined]]);
    // Writers that derive lists from the post agree: a status change keeps it unanswered.
    await t.services.posts.changeStatus(as(staff), question.id, { status: 'under_review' });
    expect([await list('yes'), await list('no')]).toEqual([[], [question.id]]);

    await t.services.comments.setHidden(as(staff), question.id, reply.id, false);
    expect([await list('yes'), await list('no')]).toEqual([[question.id], []]);
    expect((await t.stores.posts.get(question.id))?.acceptedCommentId).toBe(reply.id);
    const report = await repairLists(t.db, { dryRun: true });
    expect(report.fixes.filter((f) => f.postId === question.id)).toEqual([]);
  }, 60_000);

  it('stays unanswered when the asker clears the acceptance while the answer is hidden', async () => {
    const board = await aBoard(t, { kinds: ['question'] });
    const [asker, helper] = [await aUser(t), await aUser(t)];
    const staff = await aUser(t, { role: 'staff' });
    const question = await aQuestion(board, asker, 'Can I pay by card?');
    const reply = await answer(question, helper, 'Yes.');
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: reply.id });
    await t.services.comments.setHidden(as(staff), question.id, reply.id, true);
    // The asker clears the acceptance meanwhile: restoring the answer no longer makes it accepted.
    await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: null });
    await t.services.comments.setHidden(as(staff), question.id, reply.id, false);
    expect((await t.stores.posts.get(question.id))?.acceptedCommentId).toBeUndefined();
    const yes = await t.services.posts.list(ANONYMOUS, board.slug, { answered: 'yes' });
    expect(yes.posts).toEqual([]);
  });
});

describe('search and similar posts', () => {
  it('rank answered questions first among equal matches, and say which are answered', async () => {
    const board = await aBoard(t, { kinds: ['question', 'idea'] });
    const asker = await aUser(t);
    const helper = await aUser(t);
    const idea = await t.services.posts.create(as(asker), board.slug, {
      title: 'Webhook retries for invoices',
      kind: 'idea',
    });
    const unanswered = await aQuestion(board, asker, 'Do webhook retries cover invoices?');
    const answered = await aQuestion(board, asker, 'Webhook retries: how many, and when?');
    const other = await aQuestion(board, asker, 'Are webhooks signed?');
    const reply = await answer(answered, helper, 'Five times, over a day.');
    await t.services.posts.acceptAnswer(as(asker), answered.id, { commentId: reply.id });
    const otherReply = await answer(other, helper, 'Yes, with HMAC.');
    await t.services.posts.acceptAnswer(as(asker), other.id, { commentId: otherReply.id });

    const found = await t.services.posts.search(ANONYMOUS, { q: 'webhook retries', board: board.slug });
    const titles = found.map((p) => p.title);
    // All three match both words; the answered question leads them, the others keep their order.
    expect(titles[0]).toBe(answered.title);
    expect(titles.slice(1, 3).toSorted()).toEqual([idea.title, unanswered.title].toSorted());
    // An answered question matching one word of two comes after every post matching both.
    expect(titles[3]).toBe(other.title);
    expect(found[0]?.acceptedCommentId).toBe(reply.id);
    expect(found.slice(1, 3).every((p) => p.acceptedCommentId === undefined)).toBe(true);

    // The new-post form asks the same search, for the best few: the answered question is among them.
    const best = await t.services.posts.search(ANONYMOUS, { q: 'webhook ret', limit: 1 });
    expect(best.map((p) => p.title)).toEqual([answered.title]);
  });
});
