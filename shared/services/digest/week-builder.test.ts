import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../domain/activity.ts';
import { isEmptyWeek } from '../../domain/digest.ts';
import { localDay } from '../../domain/iso-week.ts';
import type { Company, Post, User } from '../../domain/types.ts';
import { buildWeek, DIGEST_LIMITS, type WeekInput } from './week-builder.ts';

// 2026-W49 in Berlin: Monday 2026-11-30 to Sunday 2026-12-06, an hour ahead of UTC.
const TIME_ZONE = 'Europe/Berlin';
const at = (day: string, time = '10:00') => `${day}T${time}:00.000Z`;
const [MON, TUE, WED, THU, FRI, SAT, SUN] = [
  '2026-11-30',
  '2026-12-01',
  '2026-12-02',
  '2026-12-03',
  '2026-12-04',
  '2026-12-05',
  '2026-12-06',
] as const;
const DAYS = [MON, TUE, WED, THU, FRI, SAT, SUN];

function user(id: string, overrides: Partial<User> = {}): User {
  return {
    id,
    email: `${id}@example.com`,
    name: id.toUpperCase(),
    role: 'customer',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function company(id: string, mrr: number, overrides: Partial<Company> = {}): Company {
  return { id, name: id, mrr, updatedAt: '2026-01-01T00:00:00.000Z', source: 'api', ...overrides };
}

function post(id: string, overrides: Partial<Post> = {}): Post {
  return {
    id,
    boardSlug: 'ideas',
    kind: 'idea',
    title: `Title of ${id}`,
    body: '',
    status: 'open',
    authorId: 'author',
    authorName: 'Author',
    voteCount: 0,
    trendScore: 0,
    commentCount: 0,
    tags: [],
    rev: 1,
    voteSeq: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function event(
  kind: ActivityEvent['kind'],
  postId: string,
  userId: string,
  when: string,
  extra: Partial<ActivityEvent> = {},
): ActivityEvent {
  return { kind, postId, userId, at: when, ...extra };
}

const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x): [string, T] => [x.id, x]));

/** The service hands events in oldest first; so do these tests. */
function input(overrides: Partial<WeekInput> = {}): WeekInput {
  return {
    week: '2026-W49',
    timeZone: TIME_ZONE,
    monday: MON,
    sunday: SUN,
    builtAt: '2026-12-07T05:00:00.000Z',
    events: [],
    previousEvents: [],
    posts: new Map(),
    users: new Map(),
    companies: new Map(),
    backers: new Map(),
    stories: { approved: [], featured: [] },
    dayOf: (when) => localDay(new Date(when), TIME_ZONE),
    days: DAYS,
    ...overrides,
  };
}

const day = (days: { day: string }[], date: string) => days.find((d) => d.day === date);

describe('buildWeek: numbers and days', () => {
  const users = byId([
    user('alice', { companyId: 'c-acme' }),
    user('bob', { companyId: 'c-acme' }),
    user('sam', { role: 'staff', companyId: 'c-us' }),
    user('ada', { role: 'admin', companyId: 'c-us' }),
  ]);

  it('leaves staff activity out of the numbers and the days, and counts deleted accounts as customers', () => {
    const { week } = buildWeek(
      input({
        users,
        events: [
          event('post', 'p1', 'alice', at(MON)),
          event('post', 'p2', 'sam', at(MON)),
          event('comment', 'p1', 'alice', at(TUE)),
          event('comment', 'p1', 'ada', at(TUE)),
          event('comment', 'p1', 'ghost', at(TUE)),
          event('vote', 'p1', 'sam', at(WED)),
          event('vote', 'p1', 'ada', at(WED)),
          event('vote', 'p1', 'alice', at(WED), { companyId: 'c-acme' }),
        ],
      }),
    );
    expect(week.numbers).toEqual({ posts: 1, votes: 1, comments: 2, activeCustomers: 2, companies: 1 });
    expect(day(week.days, MON)).toEqual({ day: MON, posts: 1, votes: 0, comments: 0 });
    expect(day(week.days, TUE)).toEqual({ day: TUE, posts: 0, votes: 0, comments: 2 });
    expect(day(week.days, WED)).toEqual({ day: WED, posts: 0, votes: 1, comments: 0 });
  });

  it('nets votes against votes taken back, in the numbers, the days and the week votes', () => {
    const { week } = buildWeek(
      input({
        users: byId([...users.values(), user('carol', { companyId: 'c-globex' })]),
        posts: byId([post('p-old', { voteCount: 40 })]),
        events: [
          event('vote', 'p-old', 'alice', at(MON), { companyId: 'c-acme' }),
          event('vote', 'p-old', 'bob', at(TUE), { companyId: 'c-acme' }),
          event('vote', 'p-old', 'sam', at(TUE)),
          event('unvote', 'p-old', 'alice', at(WED), { companyId: 'c-acme' }),
          // Taking back an older vote is not activity: carol is not an active customer.
          event('unvote', 'p-old', 'carol', at(THU), { companyId: 'c-globex' }),
          event('vote', 'p-old', 'bob', at(FRI), { companyId: 'c-acme' }),
          event('unvote', 'p-old', 'sam', at(FRI)),
        ],
      }),
    );
    expect(week.numbers.votes).toBe(1);
    expect(week.numbers.activeCustomers).toBe(2);
    expect(week.numbers.companies).toBe(1);
    expect(week.days.map((d) => d.votes)).toEqual([1, 1, -1, -1, 1, 0, 0]);
    expect(week.movers.map((m) => [m.postId, m.weekVotes])).toEqual([['p-old', 1]]);
  });

  it("counts distinct people and companies: a vote's company as cast, anything else the person's now", () => {
    const { week } = buildWeek(
      input({
        users: byId([
          user('bob', { companyId: 'c-acme' }),
          user('erin', { companyId: 'c-acme' }),
          user('dan'),
        ]),
        events: [
          event('post', 'p1', 'bob', at(MON)),
          event('post', 'p2', 'bob', at(TUE)),
          // Erin voted while she was at Initech; she has moved to Acme since.
          event('vote', 'p1', 'erin', at(TUE), { companyId: 'c-initech' }),
          event('comment', 'p1', 'dan', at(WED)),
        ],
      }),
    );
    expect(week.numbers.activeCustomers).toBe(3);
    expect(week.numbers.companies).toBe(2);
  });

  it('counts the week before on its own, customers only', () => {
    const { week } = buildWeek(
      input({
        users,
        events: [event('post', 'p1', 'alice', at(MON))],
        previousEvents: [
          event('post', 'p0', 'alice', '2026-11-24T10:00:00.000Z'),
          event('post', 'p9', 'sam', '2026-11-24T10:00:00.000Z'),
          event('comment', 'p0', 'bob', '2026-11-25T10:00:00.000Z'),
          event('comment', 'p0', 'bob', '2026-11-25T11:00:00.000Z'),
          event('vote', 'p0', 'ghost', '2026-11-26T10:00:00.000Z', { companyId: 'c-globex' }),
          event('vote', 'p0', 'bob', '2026-11-26T10:00:00.000Z', { companyId: 'c-acme' }),
          event('unvote', 'p0', 'bob', '2026-11-27T10:00:00.000Z', { companyId: 'c-acme' }),
        ],
      }),
    );
    expect(week.previous).toEqual({ posts: 1, votes: 1, comments: 2, activeCustomers: 3, companies: 2 });
    expect(week.numbers).toEqual({ posts: 1, votes: 0, comments: 0, activeCustomers: 1, companies: 1 });
  });

  it("buckets the days by the zone's calendar day, and keeps the week's seven days in order", () => {
    const { week } = buildWeek(
      input({
        users,
        events: [
          // Sunday 23:30 UTC is already Monday in Berlin.
          event('post', 'p1', 'alice', '2026-11-29T23:30:00.000Z'),
          // Sunday 23:30 UTC at the week's end is the next Monday in Berlin: no day of this week.
          event('post', 'p2', 'alice', '2026-12-06T23:30:00.000Z'),
          event('comment', 'p1', 'alice', '2026-12-02T22:59:00.000Z'),
          event('comment', 'p1', 'alice', '2026-12-02T23:00:00.000Z'),
        ],
      }),
    );
    expect(week.days.map((d) => d.day)).toEqual(DAYS);
    expect(week.days.map((d) => d.posts)).toEqual([1, 0, 0, 0, 0, 0, 0]);
    expect(week.days.map((d) => d.comments)).toEqual([0, 0, 1, 1, 0, 0, 0]);
    expect(week.numbers.posts).toBe(2);
  });
});

describe('buildWeek: top new ideas and movers', () => {
  it('lists only ideas opened this week, most voted first, at most DIGEST_LIMITS.topNewIdeas', () => {
    const newIdeas = [3, 9, 1, 7, 5, 2, 8].map((votes, i) =>
      post(`p-idea-${i}`, { voteCount: votes, createdAt: at(MON) }),
    );
    const posts = [
      ...newIdeas,
      post('p-question', { kind: 'question', voteCount: 50, createdAt: at(MON) }),
      post('p-bug', { kind: 'bug', voteCount: 40, createdAt: at(MON) }),
      post('p-merged', { voteCount: 30, status: 'merged', mergedInto: 'p-idea-1', createdAt: at(MON) }),
      post('p-old-idea', { voteCount: 60 }),
    ];
    const { week } = buildWeek(
      input({
        users: byId([user('alice')]),
        posts: byId(posts),
        events: [
          ...[...newIdeas, ...posts.slice(newIdeas.length, -1)].map((p) =>
            event('post', p.id, 'alice', at(MON)),
          ),
          event('vote', 'p-old-idea', 'alice', at(TUE)),
          event('vote', 'p-idea-1', 'alice', at(TUE)),
        ],
      }),
    );
    expect(DIGEST_LIMITS.topNewIdeas).toBe(5);
    expect(week.topNewIdeas.map((p) => p.postId)).toEqual([
      'p-idea-1',
      'p-idea-6',
      'p-idea-3',
      'p-idea-4',
      'p-idea-0',
    ]);
    expect(week.topNewIdeas[0]).toEqual({
      postId: 'p-idea-1',
      title: 'Title of p-idea-1',
      boardSlug: 'ideas',
      kind: 'idea',
      status: 'open',
      votes: 9,
      weekVotes: 1,
    });
  });

  it('moves older posts that gained votes, most gained first; never new, merged, deleted or losing ones', () => {
    const posts = [
      post('p-up3', { voteCount: 10 }),
      post('p-up1-big', { voteCount: 100 }),
      post('p-up1-small', { voteCount: 5 }),
      post('p-even', { voteCount: 20 }),
      post('p-down', { voteCount: 20 }),
      post('p-new', { voteCount: 50, createdAt: at(MON) }),
      post('p-merged', { voteCount: 80, status: 'merged', mergedInto: 'p-up3' }),
    ];
    const votes = (postId: string, n: number) =>
      Array.from({ length: n }, (_, i) => event('vote', postId, `voter-${i}`, at(TUE)));
    const { week } = buildWeek(
      input({
        posts: byId(posts),
        events: [
          event('post', 'p-new', 'author', at(MON)),
          ...votes('p-up1-small', 1),
          ...votes('p-up3', 3),
          ...votes('p-up1-big', 1),
          ...votes('p-even', 1),
          event('unvote', 'p-even', 'voter-0', at(WED)),
          event('unvote', 'p-down', 'voter-0', at(WED)),
          ...votes('p-new', 4),
          ...votes('p-merged', 5),
          ...votes('p-deleted', 6),
        ],
      }),
    );
    expect(week.movers.map((m) => [m.postId, m.weekVotes])).toEqual([
      ['p-up3', 3],
      ['p-up1-big', 1],
      ['p-up1-small', 1],
    ]);
  });
});

describe('buildWeek: status changes and champions', () => {
  it('lists status changes oldest first with their notes, skipping posts deleted since', () => {
    const { week } = buildWeek(
      input({
        users: byId([user('grace', { role: 'staff' })]),
        posts: byId([post('p-a', { title: 'Dark mode', boardSlug: 'ui' }), post('p-b', { title: 'SSO' })]),
        events: [
          event('status', 'p-a', 'grace', at(MON), {
            from: 'open',
            to: 'planned',
            note: 'Next **quarter**.',
            byName: 'Grace',
          }),
          event('status', 'p-gone', 'grace', at(TUE), { from: 'open', to: 'declined', byName: 'Grace' }),
          event('status', 'p-b', 'grace', at(WED), { from: 'planned', to: 'shipped', byName: 'Grace' }),
        ],
      }),
    );
    expect(week.statusChanges).toStrictEqual([
      {
        postId: 'p-a',
        title: 'Dark mode',
        boardSlug: 'ui',
        from: 'open',
        to: 'planned',
        note: 'Next **quarter**.',
        byName: 'Grace',
        at: at(MON),
      },
      {
        postId: 'p-b',
        title: 'SSO',
        boardSlug: 'ideas',
        from: 'planned',
        to: 'shipped',
        byName: 'Grace',
        at: at(WED),
      },
    ]);
  });

  it('names customers with an accepted answer or two comments, accepted answers weighing three', () => {
    const comments = (userId: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        event('comment', 'p1', userId, at(TUE), { commentId: `${userId}-${i}` }),
      );
    const { week } = buildWeek(
      input({
        users: byId([
          user('acc-only'),
          user('two-comments'),
          user('one-comment'),
          user('acc-and-comment'),
          user('staffer', { role: 'staff' }),
        ]),
        events: [
          event('accepted', 'p1', 'acc-only', at(MON), { commentId: 'c1' }),
          ...comments('two-comments', 2),
          ...comments('one-comment', 1),
          event('accepted', 'p2', 'acc-and-comment', at(WED), { commentId: 'c2' }),
          ...comments('acc-and-comment', 1),
          ...comments('staffer', 5),
          // A deleted account has no name to thank.
          ...comments('ghost', 3),
        ],
      }),
    );
    expect(week.champions).toEqual([
      { userId: 'acc-and-comment', name: 'ACC-AND-COMMENT', accepted: 1, comments: 1 },
      { userId: 'acc-only', name: 'ACC-ONLY', accepted: 1, comments: 0 },
      { userId: 'two-comments', name: 'TWO-COMMENTS', accepted: 0, comments: 2 },
    ]);
  });
});

describe('buildWeek: accounts', () => {
  const companies = byId([
    company('c-acme', 500, { name: 'Acme', owner: 'Sal@Example.COM' }),
    company('c-globex', 900, { name: 'Globex' }),
    company('c-initech', 100, { name: 'Initech' }),
    company('c-hooli', 300, { name: 'Hooli' }),
    company('c-umbrella', 50, { name: 'Umbrella' }),
  ]);
  const users = byId([
    user('alice', { companyId: 'c-acme' }),
    user('bob', { companyId: 'c-acme' }),
    user('gina', { companyId: 'c-globex' }),
    user('ivan', { companyId: 'c-initech' }),
    user('uri', { companyId: 'c-umbrella' }),
    user('uma', { companyId: 'c-unknown' }),
    user('grace', { role: 'staff' }),
  ]);
  const posts = byId([
    post('p-new', { title: 'Bulk export', createdAt: at(MON) }),
    post('p-x', { title: 'SAML', status: 'shipped' }),
    post('p-y', { title: 'Webhooks', status: 'under_review' }),
    post('p-z', { title: 'Audit log', status: 'in_progress' }),
  ]);
  const status = (postId: string, when: string, from: Post['status'], to: Post['status']) =>
    event('status', postId, 'grace', when, { from, to, byName: 'Grace' });

  const { accounts } = buildWeek(
    input({
      users,
      posts,
      companies,
      backers: new Map([
        ['p-x', ['c-acme', 'c-initech']],
        ['p-y', ['c-globex']],
        ['p-z', ['c-hooli', 'c-nowhere']],
      ]),
      events: [
        event('post', 'p-new', 'alice', at(MON)),
        status('p-x', at(MON), 'open', 'planned'),
        event('vote', 'p-x', 'alice', at(TUE), { companyId: 'c-acme' }),
        event('vote', 'p-x', 'bob', at(TUE), { companyId: 'c-acme' }),
        event('vote', 'p-y', 'bob', at(TUE), { companyId: 'c-acme' }),
        // Taking back a vote cast in an earlier week.
        event('unvote', 'p-z', 'bob', at(WED), { companyId: 'c-acme' }),
        status('p-y', at(WED), 'open', 'under_review'),
        event('comment', 'p-y', 'gina', at(WED)),
        event('post', 'p-new', 'uma', at(WED)),
        status('p-z', at(THU), 'planned', 'in_progress'),
        status('p-x', at(FRI), 'planned', 'shipped'),
      ],
      previousEvents: [
        event('comment', 'p-x', 'alice', '2026-11-24T10:00:00.000Z'),
        event('comment', 'p-x', 'ivan', '2026-11-24T10:00:00.000Z'),
        event('vote', 'p-x', 'uri', '2026-11-25T10:00:00.000Z', { companyId: 'c-umbrella' }),
        event('post', 'p-old', 'uma', '2026-11-25T10:00:00.000Z'),
      ],
    }),
  );
  const account = (id: string) => accounts.find((a) => a.companyId === id);

  it('sorts the accounts by MRR, skipping companies it does not know', () => {
    expect(accounts.map((a) => a.companyId)).toEqual([
      'c-globex',
      'c-acme',
      'c-hooli',
      'c-initech',
      'c-umbrella',
    ]);
  });

  it('flags companies newly active and gone quiet', () => {
    expect(accounts.map((a) => [a.companyId, a.newlyActive, a.goneQuiet])).toEqual([
      ['c-globex', true, false],
      ['c-acme', false, false],
      ['c-hooli', false, false],
      ['c-initech', false, true],
      ['c-umbrella', false, true],
    ]);
  });

  it("lists a company's new posts, and the posts it voted on once each", () => {
    expect(account('c-acme')).toMatchObject({
      name: 'Acme',
      mrr: 500,
      owner: 'sal@example.com',
      newPosts: [{ postId: 'p-new', title: 'Bulk export' }],
      votes: 2,
      votedPosts: [
        { postId: 'p-x', title: 'SAML' },
        { postId: 'p-y', title: 'Webhooks' },
      ],
    });
    expect(account('c-globex')).toMatchObject({ newPosts: [], votes: 0, votedPosts: [] });
    expect(account('c-globex')).not.toHaveProperty('owner');
  });

  it('tells backers of posts moved to planned, in progress or shipped, once each, as the post last moved', () => {
    expect(account('c-acme')?.movedForThem).toEqual([{ postId: 'p-x', title: 'SAML', to: 'shipped' }]);
    expect(account('c-initech')?.movedForThem).toEqual([{ postId: 'p-x', title: 'SAML', to: 'shipped' }]);
    expect(account('c-hooli')?.movedForThem).toEqual([
      { postId: 'p-z', title: 'Audit log', to: 'in_progress' },
    ]);
    expect(account('c-globex')?.movedForThem).toEqual([]);
  });
});

describe('buildWeek: what an account is not told', () => {
  const users = byId([user('alice', { companyId: 'c1' })]);
  const companies = byId([company('c1', 100, { owner: 'rep@example.com' })]);

  it('does not announce a post that moved to planned and back again', () => {
    const { accounts } = buildWeek(
      input({
        users,
        companies,
        posts: byId([post('p', { status: 'open' })]),
        backers: new Map([['p', ['c1']]]),
        events: [
          event('status', 'p', 'staff', at(MON), { from: 'open', to: 'planned', byName: 'S' }),
          event('status', 'p', 'staff', at(TUE), { from: 'planned', to: 'open', byName: 'S' }),
        ],
      }),
    );
    expect(accounts.find((a) => a.companyId === 'c1')?.movedForThem ?? []).toEqual([]);
  });

  it('leaves out a vote taken back the same week', () => {
    const { accounts } = buildWeek(
      input({
        users,
        companies,
        posts: byId([post('q'), post('r')]),
        events: [
          event('vote', 'q', 'alice', at(MON), { companyId: 'c1' }),
          event('unvote', 'q', 'alice', at(TUE), { companyId: 'c1' }),
          event('vote', 'r', 'alice', at(WED), { companyId: 'c1' }),
        ],
      }),
    );
    expect(accounts.find((a) => a.companyId === 'c1')).toMatchObject({
      votes: 1,
      votedPosts: [{ postId: 'r', title: 'Title of r' }],
    });
  });

  it('makes no account of an older vote taken back, and never counts below zero', () => {
    const unvoteOnly = buildWeek(
      input({
        users,
        companies,
        posts: byId([post('q')]),
        events: [event('unvote', 'q', 'alice', at(MON), { companyId: 'c1' })],
      }),
    );
    expect(unvoteOnly.accounts).toEqual([]);
    const withComment = buildWeek(
      input({
        users,
        companies,
        posts: byId([post('q')]),
        events: [
          event('comment', 'q', 'alice', at(MON)),
          event('unvote', 'q', 'alice', at(TUE), { companyId: 'c1' }),
        ],
      }),
    );
    expect(withComment.accounts[0]).toMatchObject({ votes: 0, votedPosts: [] });
  });
});

describe('isEmptyWeek', () => {
  it('is not fooled by votes taken back cancelling a new post', () => {
    const { week } = buildWeek(
      input({
        users: byId([user('alice'), user('bob')]),
        posts: byId([post('new'), post('old')]),
        events: [event('post', 'new', 'alice', at(MON)), event('unvote', 'old', 'bob', at(TUE))],
      }),
    );
    expect(week.numbers.posts + week.numbers.votes + week.numbers.comments).toBe(0);
    expect(isEmptyWeek(week)).toBe(false);
    expect(isEmptyWeek(buildWeek(input()).week)).toBe(true);
  });
});
