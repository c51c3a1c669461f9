/**
 * Analytics signals on DynamoDB Local (issue 18): GIVEN a customer or a visitor WHEN they post, vote,
 * comment, search, open, view or answer "did this help?" THEN exactly the right day's counters move (and
 * the week's requests, a champion's reach, a post's first staff response), and nothing moves for staff,
 * for bots, or while analytics is off.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import {
  DAY_COUNTERS,
  DEFAULT_ANALYTICS_SETTINGS,
  emptyCounters,
  utcDay,
  type DayCounter,
} from '../../shared/domain/analytics.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { isoWeekOf } from '../../shared/domain/iso-week.ts';
import { ANONYMOUS, type Actor, type Board, type Post, type User } from '../../shared/domain/types.ts';
import type { Clock } from '../../shared/ports/index.ts';
import { partitionQuery } from '../../shared/table/expressions.ts';
import { keys } from '../../shared/table/keys.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A Monday: each test moves to a day (and mostly a week) of its own. */
let now = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => now };
const later = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const today = () => utcDay(now);

let t: TestTable;
let board: Board;
let staff: User;
let admin: User;
beforeAll(async () => {
  t = await createTestTable({ clock });
  board = await aBoard(t, { kinds: ['idea', 'question'] });
  staff = await aUser(t, { role: 'staff' });
  admin = await aUser(t, { role: 'admin' });
});
afterAll(() => t?.drop());
// A new week for every test: its counters, and everyone's "active this week", start from nothing.
beforeEach(() => {
  later(7 * DAY);
});

const bot = (actor: Actor): Actor => ({ ...actor, bot: true });
const counters = async (day: string) =>
  (await t.stores.analytics.days(day, day))[0]?.counters ?? emptyCounters();

/** What `act` changed on the day's counters (today unless told), the counters that did not move left out. */
async function changes(
  act: () => Promise<unknown>,
  day?: string,
): Promise<Partial<Record<DayCounter, number>>> {
  const d = day ?? today();
  const before = await counters(d);
  await act();
  const after = await counters(d);
  return Object.fromEntries(
    DAY_COUNTERS.filter((c) => after[c] !== before[c]).map((c) => [c, after[c] - before[c]]),
  );
}

/** What `act` changed on each of `days`. */
async function changesOn(act: () => Promise<unknown>, days: string[]) {
  const before = await Promise.all(days.map(counters));
  await act();
  const after = await Promise.all(days.map(counters));
  return days.map((_, i) =>
    Object.fromEntries(
      DAY_COUNTERS.filter((c) => after[i]![c] !== before[i]![c]).map((c) => [
        c,
        after[i]![c] - before[i]![c],
      ]),
    ),
  );
}

const postItem = async (id: string) =>
  (
    await t.db.doc.send(
      new GetCommand({ TableName: t.db.tableName, Key: keys.post(id), ConsistentRead: true }),
    )
  ).Item;

let n = 0;
const post = (author: User, kind: Post['kind'] = 'idea') =>
  t.services.posts.create(as(author), board.slug, { title: `Analytics post ${++n}`, kind });
const comment = (author: User, on: Post) =>
  t.services.comments.create(as(author), on.id, { body: `Comment ${++n}` });

/** A customer of a company, as the host product's sign-in would make them. */
function companyPerson(companyId: string): Promise<User> {
  const sub = `analytics-${++n}`;
  return t.stores.users.upsertByIdentity(
    'sso',
    sub,
    { email: `${sub}@customer.example`, name: `Person ${sub}`, role: 'customer', companyId },
    now.toISOString(),
  );
}

/** A question by `asker` with an answer by `answerer` accepted. */
async function answeredQuestion(asker: User, answerer: User) {
  const question = await post(asker, 'question');
  const answer = await comment(answerer, question);
  const accepted = await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: answer.id });
  return { question: accepted, answer };
}

const setEnabled = (enabled: boolean) =>
  t.services.analytics.saveSettings(as(admin), { ...DEFAULT_ANALYTICS_SETTINGS, enabled });

describe('activity: posts, votes, comments and active people', () => {
  it('counts a customer’s post, a question, and the person active once a day and once a week', async () => {
    const author = await aUser(t);
    expect(await changes(() => post(author))).toEqual({ posts: 1, active: 1, activeNewInWeek: 1 });
    expect(await changes(() => post(author, 'question'))).toEqual({ posts: 1, questions: 1 });
    later(DAY);
    // Tuesday of the same week: active again that day, but not new in the week.
    expect(await changes(() => post(author))).toEqual({ posts: 1, active: 1 });
    // The user item keeps only the day and week last active.
    const item = await t.db.doc.send(
      new GetCommand({ TableName: t.db.tableName, Key: keys.user(author.id), ConsistentRead: true }),
    );
    expect(item.Item).toMatchObject({ activeDay: today(), activeWeek: isoWeekOf(today()) });
  });

  it('counts a vote cast, not the unvote, and the week’s requests net for the post and the company', async () => {
    const author = await aUser(t);
    const idea = await post(author);
    const week = isoWeekOf(today());
    const voter = await companyPerson(`analytics-co-${n}`);
    expect(await changes(() => t.services.votes.vote(as(voter), idea.id))).toEqual({
      votes: 1,
      active: 1,
      activeNewInWeek: 1,
    });
    // Voting twice changes nothing.
    expect(await changes(() => t.services.votes.vote(as(voter), idea.id))).toEqual({});
    let requests = await t.stores.analytics.week(week);
    // The author's own vote came with the post.
    expect(requests.posts.get(idea.id)).toBe(2);
    expect(requests.companies.get(voter.companyId!)).toBe(1);

    expect(await changes(() => t.services.votes.unvote(as(voter), idea.id))).toEqual({});
    requests = await t.stores.analytics.week(week);
    expect(requests.posts.get(idea.id)).toBe(1);
    expect(requests.companies.get(voter.companyId!)).toBe(0);
  });

  it('takes an unvote back from the company the vote was cast for, not the voter’s company now', async () => {
    const idea = await post(await aUser(t));
    const week = isoWeekOf(today());
    const sub = `mover-${++n}`;
    const move = (companyId: string) =>
      t.stores.users.upsertByIdentity(
        'sso',
        sub,
        { email: `${sub}@customer.example`, name: `Mover ${sub}`, role: 'customer', companyId },
        now.toISOString(),
      );
    const [before, after] = [`analytics-old-${n}`, `analytics-new-${n}`];
    await t.services.votes.vote(as(await move(before)), idea.id);
    const moved = await move(after);
    expect(moved.companyId).toBe(after);
    await t.services.votes.unvote(as(moved), idea.id);
    const requests = await t.stores.analytics.week(week);
    expect(requests.companies.get(before)).toBe(0);
    expect(requests.companies.get(after)).toBeUndefined();
  });

  it('counts a person’s posts, votes and comments whatever their user agent (a script of theirs)', async () => {
    const idea = await post(await aUser(t));
    const [author, voter] = [await aUser(t), await aUser(t)];
    expect(
      await changes(() =>
        t.services.posts.create(bot(as(author)), board.slug, { title: `Scripted ${++n}`, kind: 'question' }),
      ),
    ).toEqual({ posts: 1, questions: 1, active: 1, activeNewInWeek: 1 });
    expect(await changes(() => t.services.votes.vote(bot(as(voter)), idea.id))).toEqual({
      votes: 1,
      active: 1,
      activeNewInWeek: 1,
    });
    expect(
      await changes(() => t.services.comments.create(bot(as(voter)), idea.id, { body: 'Via the API' })),
    ).toEqual({ comments: 1 });
  });

  it('counts a vote staff record on a customer’s behalf as the customer’s', async () => {
    const idea = await post(await aUser(t));
    const email = `behalf-${++n}@example.com`;
    expect(
      await changes(() =>
        t.services.votes.voteOnBehalf(as(staff), idea.id, { email, name: 'Heard on a call', source: 'Call' }),
      ),
    ).toEqual({ votes: 1, active: 1, activeNewInWeek: 1 });
    expect((await t.stores.analytics.week(isoWeekOf(today()))).posts.get(idea.id)).toBe(2);
  });

  it('counts a customer’s comment and the commenter active', async () => {
    const idea = await post(await aUser(t));
    const commenter = await aUser(t);
    expect(await changes(() => comment(commenter, idea))).toEqual({
      comments: 1,
      active: 1,
      activeNewInWeek: 1,
    });
    expect(await changes(() => comment(commenter, idea))).toEqual({ comments: 1 });
  });
});

describe('first staff response', () => {
  it('counts the first staff comment on a customer’s post once, on the post’s day, in its bucket', async () => {
    const asked = today();
    const idea = await post(await aUser(t));
    later(2 * HOUR);
    expect(await changes(() => comment(staff, idea), asked)).toEqual({
      responded: 1,
      responseSeconds: 7200,
      respondedWithin1d: 1,
    });
    expect(
      (await t.db.doc.send(new GetCommand({ TableName: t.db.tableName, Key: keys.post(idea.id) }))).Item,
    ).toMatchObject({ firstStaffResponseAt: now.toISOString() });
    // The second response is not the first; a customer's comment is no response.
    later(HOUR);
    expect(await changes(() => comment(staff, idea), asked)).toEqual({});
    expect(await changes(() => comment(admin, idea), asked)).toEqual({});
  });

  it('counts a staff status change with a public note once, and neither a change without one nor staff’s own post', async () => {
    const asked = today();
    const [noted, silent] = [await post(await aUser(t)), await post(await aUser(t))];
    later(3 * DAY);
    expect(
      await changes(() => t.services.posts.changeStatus(as(staff), silent.id, { status: 'planned' }), asked),
    ).toEqual({});
    expect(
      await changes(
        () => t.services.posts.changeStatus(as(staff), noted.id, { status: 'planned', note: 'On our list.' }),
        asked,
      ),
    ).toEqual({ responded: 1, responseSeconds: 3 * 86_400, respondedWithin7d: 1 });
    expect(
      await changes(
        () => t.services.posts.changeStatus(as(staff), noted.id, { status: 'shipped', note: 'Out now.' }),
        asked,
      ),
    ).toEqual({});

    const staffsOwn = await post(staff);
    const day = today();
    later(HOUR);
    expect(await changes(() => comment(admin, staffsOwn), day)).toEqual({});
  });

  it('counts a staff response whatever the user agent, and none on a post whose creation was not counted', async () => {
    const asked = today();
    const idea = await post(await aUser(t));
    expect((await postItem(idea.id))?.analyticsCountedAt).toBe(now.toISOString());
    later(HOUR);
    expect(await changes(() => comment(staff, idea).then(() => undefined), asked)).toMatchObject({
      responded: 1,
    });
    const scripted = await post(await aUser(t));
    expect(
      await changes(
        () => t.services.comments.create(bot(as(staff)), scripted.id, { body: 'From our tool' }),
        asked,
      ),
    ).toMatchObject({ responded: 1 });

    // Posted while analytics was off: its response and answer would count toward no post or question.
    await setEnabled(false);
    let unseen: Post;
    let answerId: string;
    try {
      unseen = await post(await aUser(t), 'question');
      answerId = (await comment(await aUser(t), unseen)).id;
    } finally {
      await setEnabled(true);
    }
    expect((await postItem(unseen.id))?.analyticsCountedAt).toBeUndefined();
    expect(
      await changesOn(async () => {
        await comment(staff, unseen);
        await t.services.posts.acceptAnswer(as(staff), unseen.id, { commentId: answerId });
      }, [asked]),
    ).toEqual([{}]);
  });

  it('puts a response within the hour, and after a week, in their buckets', async () => {
    const asked = today();
    const [quick, slow] = [await post(await aUser(t)), await post(await aUser(t))];
    later(HOUR);
    expect(await changes(() => comment(staff, quick), asked)).toMatchObject({ respondedWithin1h: 1 });
    later(8 * DAY);
    expect(await changes(() => comment(staff, slow), asked)).toMatchObject({
      responded: 1,
      respondedLater: 1,
    });
  });
});

describe('accepted answers', () => {
  it('counts the question answered once on its day, and the acceptance for another on the day accepted', async () => {
    const [asker, first, second] = [await aUser(t), await aUser(t), await aUser(t)];
    const asked = today();
    const question = await post(asker, 'question');
    const [a1, a2] = [await comment(first, question), await comment(second, question)];
    later(DAY);
    const accepted = today();
    const accept = (commentId: string | null) =>
      t.services.posts.acceptAnswer(as(asker), question.id, { commentId });
    expect(await changesOn(() => accept(a1.id), [asked, accepted])).toEqual([
      { questionsAnswered: 1 },
      { acceptedForOthers: 1 },
    ]);
    // Switching answers, taking it back and accepting again: the question was answered once.
    expect(
      await changesOn(async () => {
        await accept(a2.id);
        await accept(null);
        await accept(a1.id);
      }, [asked, accepted]),
    ).toEqual([{}, {}]);
  });

  it('counts two acceptances at once as one', async () => {
    const asker = await aUser(t);
    const question = await post(asker, 'question');
    const [a1, a2] = [await comment(await aUser(t), question), await comment(await aUser(t), question)];
    expect(
      await changes(() =>
        Promise.all([
          t.services.posts.acceptAnswer(as(asker), question.id, { commentId: a1.id }),
          t.services.posts.acceptAnswer(as(staff), question.id, { commentId: a2.id }),
        ]),
      ),
    ).toEqual({ questionsAnswered: 1, acceptedForOthers: 1 });
  });

  it('counts a staff answer as answered, not as accepted for others, and gives staff no reach', async () => {
    const asker = await aUser(t);
    const question = await post(asker, 'question');
    const answer = await comment(staff, question);
    let accepted: Post;
    expect(
      await changes(async () => {
        accepted = await t.services.posts.acceptAnswer(as(asker), question.id, { commentId: answer.id });
      }),
    ).toEqual({ questionsAnswered: 1 });
    // Its readers were still helped: the view counts (indirect deflection), not as staff's reach.
    const reader = as(await aUser(t));
    expect(await changes(() => t.services.analytics.viewedAnswered(reader, accepted, staff.id))).toEqual({
      answeredViews: 1,
    });
    expect((await t.services.analytics.reach([staff.id], 'ALL')).get(staff.id)).toBe(0);
  });

  it('keeps analytics’ marks on the post item out of the post the services answer', async () => {
    const asker = await aUser(t);
    const { question } = await answeredQuestion(asker, await aUser(t));
    await comment(staff, question);
    const item = await postItem(question.id);
    expect(item).toMatchObject({
      analyticsCountedAt: expect.any(String),
      firstAnsweredAt: expect.any(String),
      firstStaffResponseAt: expect.any(String),
    });
    const read = [
      await t.stores.posts.get(question.id),
      (await t.services.posts.get(as(asker), question.id)).post,
    ];
    for (const p of read) {
      expect(p).not.toHaveProperty('analyticsCountedAt');
      expect(p).not.toHaveProperty('firstAnsweredAt');
      expect(p).not.toHaveProperty('firstStaffResponseAt');
    }
  });

  it('counts an asker’s own answer as answered, not as accepted for others', async () => {
    const asker = await aUser(t);
    const question = await post(asker, 'question');
    const own = await comment(asker, question);
    expect(
      await changes(() => t.services.posts.acceptAnswer(as(asker), question.id, { commentId: own.id })),
    ).toEqual({ questionsAnswered: 1 });
  });
});

describe('visitors’ signals', () => {
  it('counts searches, opens from search and from the form, suggestions shown and posts after one', async () => {
    const visitor = ANONYMOUS;
    const customer = as(await aUser(t));
    const a = t.services.analytics;
    expect(await changes(() => a.searched(visitor))).toEqual({ searches: 1 });
    expect(await changes(() => a.opened(customer, 'search'))).toEqual({ searchOpens: 1 });
    expect(await changes(() => a.opened(visitor, 'similar'))).toEqual({ suggestionOpens: 1 });
    expect(await changes(() => a.opened(customer, 'similar', { firstFromForm: true }))).toEqual({
      suggestionOpens: 1,
      formsLeftForSuggestion: 1,
    });
    expect(await changes(() => a.suggestionsShown(customer))).toEqual({ suggestionsShown: 1 });
    expect(await changes(() => a.postedAfterSuggestion(customer))).toEqual({
      formsPostedAfterSuggestion: 1,
    });
  });

  it('counts a view of an answered question and the answerer’s reach, but not the asker’s or answerer’s own', async () => {
    const [asker, answerer, reader] = [await aUser(t), await aUser(t), await aUser(t)];
    const { question } = await answeredQuestion(asker, answerer);
    const view = (actor: Actor) => t.services.analytics.viewedAnswered(actor, question, answerer.id);
    const month = today().slice(0, 7);

    expect(await changes(() => view(as(reader)))).toEqual({ answeredViews: 1 });
    expect(await changes(() => view(ANONYMOUS))).toEqual({ answeredViews: 1 });
    expect(await changes(() => view(as(asker)))).toEqual({});
    expect(await changes(() => view(as(answerer)))).toEqual({});
    expect(await t.services.analytics.reach([answerer.id, asker.id], month)).toEqual(
      new Map([
        [answerer.id, 2],
        [asker.id, 0],
      ]),
    );
    expect((await t.services.analytics.reach([answerer.id], 'ALL')).get(answerer.id)).toBe(2);

    // Not a view of an answered question: an unanswered one, or an idea.
    const open = await post(asker, 'question');
    expect(await changes(() => t.services.analytics.viewedAnswered(as(reader), open, null))).toEqual({});
    expect(await errorOf(t.services.analytics.reach([answerer.id], '2026-13'))).toBeInstanceOf(
      ValidationError,
    );
  });

  it('counts "did this answer your question?" yes and no, and refuses what cannot be answered', async () => {
    const { question } = await answeredQuestion(await aUser(t), await aUser(t));
    const reader = as(await aUser(t));
    const helpful = (actor: Actor, postId: string, input: unknown) =>
      t.services.analytics.helpful(actor, postId, input);

    let result: unknown;
    expect(
      await changes(async () => {
        result = await helpful(reader, question.id, { answer: 'yes' });
      }),
    ).toEqual({ helpfulYes: 1 });
    expect(result).toEqual({ counted: true });
    expect(await changes(() => helpful(ANONYMOUS, question.id, { answer: 'no' }))).toEqual({ helpfulNo: 1 });

    const bad = await errorOf(helpful(reader, question.id, { answer: 'maybe' }));
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fields).toHaveProperty('answer');
    expect(await errorOf(helpful(reader, ulid(), { answer: 'yes' }))).toBeInstanceOf(NotFoundError);
    const unanswered = await post(await aUser(t), 'question');
    const idea = await post(await aUser(t));
    expect(await errorOf(helpful(reader, unanswered.id, { answer: 'yes' }))).toBeInstanceOf(ConflictError);
    expect(await errorOf(helpful(reader, idea.id, { answer: 'yes' }))).toBeInstanceOf(ConflictError);

    // Staff and bots are thanked, not counted.
    expect(await helpful(as(staff), question.id, { answer: 'yes' })).toEqual({ counted: false });
    expect(await helpful(bot(reader), question.id, { answer: 'yes' })).toEqual({ counted: false });
  });

  it('thanks the asker and the accepted answer’s author for "did this help?" without counting them', async () => {
    const [asker, answerer] = [await aUser(t), await aUser(t)];
    const { question } = await answeredQuestion(asker, answerer);
    expect(
      await changes(async () => {
        expect(await t.services.analytics.helpful(as(asker), question.id, { answer: 'yes' })).toEqual({
          counted: false,
        });
        expect(await t.services.analytics.helpful(as(answerer), question.id, { answer: 'yes' })).toEqual({
          counted: false,
        });
      }),
    ).toEqual({});
  });

  it('rate-limits "did this help?" per person and per address, only when it would be counted', async () => {
    const asker = await aUser(t);
    const { question } = await answeredQuestion(asker, await aUser(t));
    const person = as(await aUser(t));
    for (let i = 0; i < 30; i++) await t.services.analytics.helpful(person, question.id, { answer: 'yes' });
    expect(
      await errorOf(t.services.analytics.helpful(person, question.id, { answer: 'yes' })),
    ).toBeInstanceOf(RateLimitedError);

    const address: Actor = { kind: 'anonymous', ip: `203.0.113.${++n % 250}` };
    for (let i = 0; i < 60; i++) await t.services.analytics.helpful(address, question.id, { answer: 'no' });
    expect(
      await errorOf(t.services.analytics.helpful(address, question.id, { answer: 'no' })),
    ).toBeInstanceOf(RateLimitedError);
    // Clicks that are not counted are not limited: staff, a bot, the asker.
    const address2 = `198.51.100.${++n % 250}`;
    for (const actor of [as(staff), bot({ kind: 'anonymous', ip: address2 }), as(asker)]) {
      for (let i = 0; i < 61; i++) await t.services.analytics.helpful(actor, question.id, { answer: 'yes' });
    }
    // An hour later, they may answer again.
    later(HOUR + 1000);
    expect(await t.services.analytics.helpful(person, question.id, { answer: 'yes' })).toEqual({
      counted: true,
    });
  });
});

describe('who is never counted', () => {
  it('counts nothing staff do, nor a bot’s visits', async () => {
    const customer = await aUser(t);
    const idea = await post(customer);
    const { question, answer } = await answeredQuestion(await aUser(t), await aUser(t));
    const a = t.services.analytics;
    for (const actor of [as(staff), as(admin), bot(ANONYMOUS)]) {
      expect(
        await changes(async () => {
          await a.searched(actor);
          await a.opened(actor, 'search');
          await a.opened(actor, 'similar', { firstFromForm: true });
          await a.suggestionsShown(actor);
          await a.postedAfterSuggestion(actor);
          await a.viewedAnswered(actor, question, answer.authorId);
        }),
      ).toEqual({});
    }
    expect(
      await changes(async () => {
        const own = await post(staff);
        await t.services.votes.vote(as(staff), idea.id);
        await t.services.comments.create(bot(as(admin)), own.id, { body: 'Beep' });
      }),
    ).toEqual({});
    expect((await t.services.analytics.reach([answer.authorId], 'ALL')).get(answer.authorId)).toBe(0);
  });

  it('counts nothing while analytics is off, and counts again once it is on', async () => {
    const customer = await aUser(t);
    await setEnabled(false);
    try {
      const idea = await post(await aUser(t));
      expect(
        await changes(async () => {
          await post(customer);
          await t.services.votes.vote(as(customer), idea.id);
          await comment(customer, idea);
          await comment(staff, idea);
          await t.services.analytics.searched(ANONYMOUS);
        }),
      ).toEqual({});
      expect((await t.services.analytics.report(as(staff), {})).settings.enabled).toBe(false);
    } finally {
      await setEnabled(true);
    }
    expect(await changes(() => t.services.analytics.searched(ANONYMOUS))).toEqual({ searches: 1 });
  });
});

describe('a deleted account', () => {
  it('takes the person’s reach with it', async () => {
    const answerer = await aUser(t);
    const { question } = await answeredQuestion(await aUser(t), answerer);
    await t.services.analytics.viewedAnswered(as(await aUser(t)), question, answerer.id);
    const reachItems = async () =>
      (
        await t.db.doc.send(
          new QueryCommand({
            TableName: t.db.tableName,
            ...partitionQuery({
              partition: keys.answerReachPartition(answerer.id),
              sortPrefix: keys.answerReachPrefix,
            }),
            ConsistentRead: true,
          }),
        )
      ).Items ?? [];
    expect(await reachItems()).toHaveLength(2);
    await t.services.account.delete(as(answerer), { confirmEmail: answerer.email.toLowerCase() });
    expect(await reachItems()).toEqual([]);
  });
});

describe('a count that fails', () => {
  it('is logged and dropped: the post, vote and comment it follows still succeed', async () => {
    const store = t.stores.analytics;
    const original = { count: store.count, markActive: store.markActive };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    store.count = () => Promise.reject(new Error('DynamoDB is having a day'));
    store.markActive = () => Promise.reject(new Error('DynamoDB is having a day'));
    try {
      const customer = await aUser(t);
      const idea = await post(customer);
      expect(idea.id).toBeTruthy();
      expect((await t.services.votes.vote(as(await aUser(t)), idea.id)).voted).toBe(true);
      expect((await comment(customer, idea)).body).toMatch(/^Comment/);
      await t.services.analytics.searched(ANONYMOUS);
      expect(warn).toHaveBeenCalled();
    } finally {
      Object.assign(store, original);
      warn.mockRestore();
    }
  });
});

describe('settings', () => {
  it('are the defaults until saved; staff read them, only admins change them', async () => {
    expect(await t.services.analytics.settings(as(staff))).toEqual(DEFAULT_ANALYTICS_SETTINGS);
    expect(await errorOf(t.services.analytics.settings(as(await aUser(t))))).toBeInstanceOf(ForbiddenError);
    expect(await errorOf(t.services.analytics.settings(ANONYMOUS))).toBeInstanceOf(UnauthenticatedError);
    const changed = { enabled: true, indirectShare: 0.2, costLow: 5, costHigh: 40, currency: 'EUR' };
    expect(await errorOf(t.services.analytics.saveSettings(as(staff), changed))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await t.services.analytics.saveSettings(as(admin), changed)).toEqual(changed);
    expect(await t.services.analytics.settings(as(staff))).toEqual(changed);
    // Stored, for the other processes (they read it within a minute).
    expect(await t.stores.analytics.settings({ consistent: true })).toEqual(changed);
    await t.services.analytics.saveSettings(as(admin), DEFAULT_ANALYTICS_SETTINGS);
  });

  it('refuses invalid settings field by field', async () => {
    const error = await errorOf(
      t.services.analytics.saveSettings(as(admin), {
        enabled: 'yes',
        indirectShare: 1.5,
        costLow: -1,
        costHigh: 'a lot',
        currency: 'dollars',
      }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(Object.keys((error as ValidationError).fields).sort()).toEqual([
      'costHigh',
      'costLow',
      'currency',
      'enabled',
      'indirectShare',
    ]);
    expect(await t.services.analytics.settings(as(staff))).toEqual(DEFAULT_ANALYTICS_SETTINGS);
  });
});
