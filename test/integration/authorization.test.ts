/**
 * Who may call what: every operation of the JSON API, called by every role, through the router the
 * Lambda handler uses, on DynamoDB Local. The expectations are written out by hand
 * (test/setup/authorization-matrix.ts), from the product's rules, not read from the services; a route
 * missing from the matrix fails the suite, so a new route cannot ship without someone deciding who may
 * call it.
 *
 * Each cell is one request with valid input, so the only thing that can vary is the answer to "may this
 * person do this": allowed (any 2xx the route documents), 401 (not signed in) or 403 (signed in, but not
 * allowed). Cells that use something up (a delete, a merge, an edit inside the 30 minutes, a sign-out)
 * get fresh fixtures, so no cell depends on another having run first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { routes } from '../../functions/http/routes.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { hashSessionToken, newSessionToken } from '../../shared/auth/session-token.ts';
import { signUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import type { Board, Comment, Post, User } from '../../shared/domain/types.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredComment, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { signDigestUnsubscribe, signKindUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import { CONSENT_TEXT, CONSENT_VERSION } from '../../shared/domain/consent.ts';
import { DEFAULT_ANALYTICS_SETTINGS } from '../../shared/domain/analytics.ts';
import { MATRIX, OK, ROLES, type Expected, type Role } from '../setup/authorization-matrix.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient, type ApiRequest, type Session } from '../setup/role-client.ts';

let t: TestTable;
let runtime: Runtime;
/** Every GET call below is also checked against what the read-only API function may write. */
const guard = new ReadOnlyGuard();
const { call, signIn } = roleClient(() => runtime, guard);
const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** The role of each column, for cells that need a fresh person in it. */
const ROLE_OF: Record<Exclude<Role, 'anonymous'>, User['role']> = {
  owner: 'customer',
  other: 'customer',
  staff: 'staff',
  admin: 'admin',
};

// ---------------------------------------------------------------------------------------------------
// Fixtures, written through the stores (no rate limits, nothing but what the cell needs)
// ---------------------------------------------------------------------------------------------------

let sessions: Record<Exclude<Role, 'anonymous'>, Session>;
let board: Board;
let storyBoard: Board;
/** The owner's idea: read, voted on, followed, tagged, commented on. */
let ownerPost: Post;
/** The other customer's idea: holds the comments of the comment cells; the merge target. */
let otherPost: Post;
/** The owner's question, with an answer by the other customer. */
let question: Post;
let answer: Comment;
const TAG = 'authz';
const COMPANY = 'authz-company';

const aPost = (author: User, overrides: Partial<Post> = {}) => aStoredPost(t, board.slug, author, overrides);
const aComment = (post: Post, author: User, overrides: Partial<Comment> = {}) =>
  aStoredComment(t, post, author, overrides);

/** The token in a `hearth_session=<token>` cookie. */
const sessionToken = (cookies: string[]) => (cookies[0] ?? '').slice((cookies[0] ?? '').indexOf('=') + 1);
const cookiesOf = (role: Role) => (role === 'anonymous' ? undefined : sessions[role].cookies);
/** A fresh person in the role (for cells that end sessions or accounts); nobody for anonymous. */
const freshSession = async (role: Role) =>
  role === 'anonymous' ? undefined : await signIn(ROLE_OF[role], role);
const freshCookies = async (role: Role) => (await freshSession(role))?.cookies;

let n = 0;

/** For each operation, the request one cell makes: valid input, fixtures as the cell needs them. */
const REQUESTS: Record<string, (role: Role) => Promise<ApiRequest>> = {
  'GET /api/openapi.json': async () => ({ path: '/api/openapi.json' }),
  'POST /api/auth/sso': async () => {
    const sub = `authz-sso-${++n}`;
    const token = await signSsoToken({ sub, email: `${sub}@example.com`, name: 'Sso' }, TEST_SSO_SECRET);
    return { path: '/api/auth/sso', body: { token } };
  },
  'POST /api/auth/magic-link': async () => ({
    path: '/api/auth/magic-link',
    body: { email: `authz-ask-${++n}@example.com` },
  }),
  'POST /api/auth/magic-link/sign-in': async () => {
    const token = newSessionToken();
    await t.stores.magicLinks.create(hashSessionToken(token), {
      email: `authz-link-${++n}@example.com`,
      expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    return { path: '/api/auth/magic-link/sign-in', body: { token } };
  },
  'POST /api/auth/sign-out': async (role) => ({
    path: '/api/auth/sign-out',
    cookies: await freshCookies(role),
  }),
  'POST /api/auth/sign-out-everywhere': async (role) => ({
    path: '/api/auth/sign-out-everywhere',
    cookies: await freshCookies(role),
  }),
  'GET /api/me': async () => ({ path: '/api/me' }),
  'GET /api/me/export': async () => ({ path: '/api/me/export' }),
  'PATCH /api/me': async (role) => {
    const renamed = await freshSession(role);
    return { path: '/api/me', body: { name: `Renamed ${++n}` }, cookies: renamed?.cookies };
  },
  'DELETE /api/me': async (role) => {
    const leaving = await freshSession(role);
    return {
      path: '/api/me',
      body: { confirmEmail: leaving?.user.email ?? 'nobody@example.com' },
      cookies: leaving?.cookies,
    };
  },

  'GET /api/boards': async () => ({ path: '/api/boards' }),
  'GET /api/boards/{slug}': async () => ({ path: `/api/boards/${board.slug}` }),
  'POST /api/boards': async () => ({
    path: '/api/boards',
    body: { slug: `authz-new-${++n}`, name: 'New board', kinds: ['idea'] },
  }),
  'PATCH /api/boards/{slug}': async () => ({
    path: `/api/boards/${(await aBoard(t)).slug}`,
    body: { description: 'Ideas, renamed' },
  }),
  'GET /api/tags': async () => ({ path: '/api/tags' }),
  'POST /api/tags': async () => ({ path: '/api/tags', body: { slug: 'authz-new', name: 'New' } }),

  'GET /api/boards/{slug}/posts': async () => ({ path: `/api/boards/${board.slug}/posts` }),
  'POST /api/boards/{slug}/posts': async () => ({
    path: `/api/boards/${board.slug}/posts`,
    body: { title: 'Dark mode for reports', body: 'Please.' },
  }),
  'GET /api/posts/{id}': async () => ({ path: `/api/posts/${ownerPost.id}` }),
  'GET /api/posts/{id}/comments': async () => ({ path: `/api/posts/${ownerPost.id}/comments` }),
  'GET /api/posts/{id}/voters': async () => ({ path: `/api/posts/${ownerPost.id}/voters` }),
  'PATCH /api/posts/{id}': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}`,
    body: { title: 'Export to spreadsheets and CSV', body: 'Edited.' },
  }),
  // Staff remove (with a reason) what they may not delete; the author's own delete ignores the reason.
  'DELETE /api/posts/{id}': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}`,
    body: { reason: 'Spam' },
  }),
  'GET /api/search': async () => ({ path: '/api/search', query: 'q=export' }),
  'GET /api/roadmap': async () => ({ path: '/api/roadmap' }),
  'GET /api/changelog': async () => ({ path: '/api/changelog' }),
  'PUT /api/posts/{id}/follow': async () => ({
    path: `/api/posts/${ownerPost.id}/follow`,
    body: { following: true },
  }),

  'PUT /api/posts/{id}/vote': async () => ({ path: `/api/posts/${ownerPost.id}/vote` }),
  'DELETE /api/posts/{id}/vote': async () => ({ path: `/api/posts/${ownerPost.id}/vote` }),
  'POST /api/posts/{id}/votes-on-behalf': async () => ({
    path: `/api/posts/${ownerPost.id}/votes-on-behalf`,
    body: { email: 'heard-on-a-call@example.com', source: 'A support call' },
  }),

  'POST /api/posts/{id}/status': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}/status`,
    body: { status: 'planned', note: 'On the list.' },
  }),
  'PUT /api/posts/{id}/tags': async () => ({
    path: `/api/posts/${ownerPost.id}/tags`,
    body: { tags: [TAG] },
  }),
  'POST /api/posts/{id}/merge': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}/merge`,
    body: { into: otherPost.id },
  }),

  'POST /api/posts/{id}/comments': async () => ({
    path: `/api/posts/${ownerPost.id}/comments`,
    body: { body: 'Me too.' },
  }),
  'PATCH /api/posts/{id}/comments/{commentId}': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}`,
    body: { body: 'Me too, edited.' },
  }),
  'DELETE /api/posts/{id}/comments/{commentId}': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}`,
  }),
  'PUT /api/posts/{id}/comments/{commentId}/hidden': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}/hidden`,
    body: { hidden: true },
  }),
  'PUT /api/posts/{id}/accepted-answer': async () => ({
    path: `/api/posts/${question.id}/accepted-answer`,
    body: { commentId: answer.id },
  }),

  'GET /api/users/{id}': async () => ({ path: `/api/users/${sessions.owner.user.id}` }),
  // The owner tries to make themself an admin (with a session of their own, so that a wrongly allowed
  // promotion cannot spill into other cells); everyone else tries to make a fresh customer staff.
  'PUT /api/users/{id}/role': async (role) => {
    if (role === 'owner') {
      const self = await signIn('customer', 'self-promoter');
      return { path: `/api/users/${self.user.id}/role`, body: { role: 'admin' }, cookies: self.cookies };
    }
    return { path: `/api/users/${(await aUser(t)).id}/role`, body: { role: 'staff' } };
  },
  'POST /api/unsubscribe': async () => ({
    path: '/api/unsubscribe',
    query: `token=${signUnsubscribe(TEST_SSO_SECRET, { postId: ownerPost.id, userId: sessions.owner.user.id })}`,
  }),

  'PUT /api/companies/{id}': async () => ({
    path: `/api/companies/authz-co-${++n}`,
    body: { name: 'Authz Co', mrr: 1200, plan: 'Pro' },
  }),
  'GET /api/companies/{id}': async () => ({ path: `/api/companies/${COMPANY}` }),
  'GET /api/companies': async () => ({ path: '/api/companies' }),
  'GET /api/companies/{id}/demand': async () => ({ path: `/api/companies/${COMPANY}/demand` }),

  'GET /api/stories/consent': async () => ({ path: '/api/stories/consent' }),
  'PUT /api/posts/{id}/consent': async () => ({
    path: `/api/posts/${(await aStory()).id}/consent`,
    body: { level: 'full_name', version: CONSENT_VERSION },
  }),
  'POST /api/posts/{id}/quote': async () => ({
    path: `/api/posts/${(await aStory()).id}/quote`,
    body: { text: 'Hearth saved us an afternoon a week.' },
  }),
  'POST /api/posts/{id}/quote/decision': async () => {
    const story = await aStory();
    const proposed = await t.services.stories.proposeQuote(as(sessions.staff.user), story.id, {
      text: 'Hearth saved us an afternoon a week.',
    });
    return {
      path: `/api/posts/${story.id}/quote/decision`,
      body: { proposalId: proposed.story.proposal?.id, decision: 'approve' },
    };
  },
  'PATCH /api/posts/{id}/story': async () => ({
    path: `/api/posts/${(await aStory()).id}/story`,
    body: { note: 'Ask for a case study.' },
  }),
  'GET /api/posts/{id}/audit': async () => ({ path: `/api/posts/${(await aStory()).id}/audit` }),
  'GET /api/stories': async () => ({ path: '/api/stories', query: 'consent=anonymous' }),
  'GET /api/stories/wall': async () => ({ path: '/api/stories/wall' }),

  // An old week with nothing in it: sending it is a no-op for whoever may.
  'POST /api/digests': async () => ({ path: '/api/digests', body: { week: '2025-W02' } }),
  'GET /api/digests': async () => ({ path: '/api/digests' }),
  'GET /api/digests/preview': async () => ({ path: '/api/digests/preview' }),
  'GET /api/digests/{week}': async () => ({ path: `/api/digests/${await aDigestWeek()}` }),
  'POST /api/digests/unsubscribe': async () => ({
    path: '/api/digests/unsubscribe',
    query: `token=${signDigestUnsubscribe(TEST_SSO_SECRET, `email:authz-${++n}@example.com`)}`,
  }),
  'PUT /api/users/{id}/team': async () => ({
    path: `/api/users/${sessions.staff.user.id}/team`,
    body: { team: 'product' },
  }),
  'PUT /api/account/digest': async () => ({ path: '/api/account/digest', body: { digest: true } }),

  'GET /api/notifications': async () => ({ path: '/api/notifications' }),
  'POST /api/notifications/read': async () => ({ path: '/api/notifications/read', body: { all: true } }),
  'GET /api/account/notifications': async () => ({ path: '/api/account/notifications' }),
  'PUT /api/account/notifications': async () => ({
    path: '/api/account/notifications',
    body: { followed: 'daily' },
  }),
  'POST /api/notifications/unsubscribe': async () => ({
    path: '/api/notifications/unsubscribe',
    query: `token=${signKindUnsubscribe(TEST_SSO_SECRET, { userId: sessions.owner.user.id, kinds: ['comment'] })}`,
  }),

  // The owner's comment on the other customer's post: a fresh one per cell, so no vote carries over.
  'PUT /api/posts/{id}/comments/{commentId}/vote': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}/vote`,
  }),
  'DELETE /api/posts/{id}/comments/{commentId}/vote': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}/vote`,
  }),
  'GET /api/users/{id}/reputation': async () => ({ path: `/api/users/${sessions.owner.user.id}/reputation` }),
  'GET /api/users/{id}/reputation/history': async () => ({
    path: `/api/users/${sessions.owner.user.id}/reputation/history`,
  }),
  'GET /api/champions': async () => ({ path: '/api/champions', query: 'period=all' }),
  'PUT /api/users/{id}/champion': async () => ({
    path: `/api/users/${sessions.owner.user.id}/champion`,
    body: { reason: 'Answers every export question.' },
  }),
  'DELETE /api/users/{id}/champion': async () => ({ path: `/api/users/${sessions.owner.user.id}/champion` }),

  // Flags, staff moderation, the review queue (issue 17). Each cell acts on fresh content of the owner's,
  // so that no flag or hide of one cell changes another's (owner: their own content, 403).
  'POST /api/posts/{id}/flags': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}/flags`,
    body: { reason: 'spam' },
  }),
  'POST /api/posts/{id}/comments/{commentId}/flags': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}/flags`,
    body: { reason: 'off_topic' },
  }),
  'PUT /api/posts/{id}/moderation': async () => ({
    path: `/api/posts/${(await aPost(sessions.owner.user)).id}/moderation`,
    body: { action: 'hide', reason: 'Off-topic' },
  }),
  'PUT /api/posts/{id}/comments/{commentId}/moderation': async () => ({
    path: `/api/posts/${otherPost.id}/comments/${(await aComment(otherPost, sessions.owner.user)).id}/moderation`,
    body: { action: 'remove', reason: 'Spam' },
  }),
  'GET /api/moderation/queue': async () => ({ path: '/api/moderation/queue' }),
  'POST /api/moderation/queue/{itemId}/decision': async () => {
    const post = await aPost(sessions.owner.user);
    const flagger = await aUser(t, { role: 'staff' });
    await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'spam' });
    const { items } = await t.services.moderation.queue(as(flagger), { limit: 50 });
    const id = items.find((i) => i.target.postId === post.id)?.id ?? 'missing';
    return {
      path: `/api/moderation/queue/${encodeURIComponent(id)}/decision`,
      body: { decision: 'disagree' },
    };
  },
  'GET /api/moderation/settings': async () => ({ path: '/api/moderation/settings' }),
  'PUT /api/moderation/settings': async () => ({
    path: '/api/moderation/settings',
    body: { flagThreshold: 4, holdLinksFromNewMembers: true },
  }),
  // Analytics (issue 18). The admin saves the defaults, so counting stays as it was for later cells.
  'GET /api/analytics': async () => ({ path: '/api/analytics', query: 'interval=week' }),
  'GET /api/analytics/settings': async () => ({ path: '/api/analytics/settings' }),
  'PUT /api/analytics/settings': async () => ({
    path: '/api/analytics/settings',
    body: DEFAULT_ANALYTICS_SETTINGS,
  }),
  'POST /api/posts/{id}/helpful': async () => ({
    path: `/api/posts/${(await anAnsweredQuestion()).id}/helpful`,
    body: { answer: 'yes' },
  }),
  // Sanctions, guidelines, the audit log (issue 17). A sanction's target is a fresh customer, so that no
  // other cell's person is silenced; owner means the person themself (403: nobody sanctions themself).
  'PUT /api/users/{id}/sanction': async () => ({
    path: `/api/users/${(await aUser(t)).id}/sanction`,
    body: { level: 'warn', reason: 'Shouting in every thread.' },
  }),
  'DELETE /api/users/{id}/sanction': async () => ({
    path: `/api/users/${(await aUser(t)).id}/sanction`,
    body: { reason: 'Served their time.' },
  }),
  'GET /api/users/{id}/standing': async () => ({ path: `/api/users/${sessions.owner.user.id}/standing` }),
  'GET /api/moderation/audit': async () => ({ path: '/api/moderation/audit' }),
  'GET /api/moderation/audit.csv': async () => ({
    path: '/api/moderation/audit.csv',
    query: `month=${new Date().toISOString().slice(0, 7)}`,
  }),
  'GET /api/guidelines': async () => ({ path: '/api/guidelines' }),
  'PUT /api/guidelines': async () => ({
    path: '/api/guidelines',
    body: { markdown: `Be kind ${++n}.`, baseVersion: (await t.services.guidelines.get())?.version ?? 0 },
  }),
  'POST /api/guidelines/accept': async () => {
    const current =
      (await t.services.guidelines.get()) ??
      (await t.services.guidelines.update(as(sessions.admin.user), { markdown: 'Be kind.', baseVersion: 0 }));
    return { path: '/api/guidelines/accept', body: { version: current.version } };
  },
};

/** A digest week as the schedule keeps it (nobody sent it: reading it must not need that). */
async function aDigestWeek(): Promise<string> {
  const numbers = { posts: 1, votes: 0, comments: 0, activeCustomers: 1, companies: 0 };
  const week = await t.stores.digests.saveWeek(
    {
      week: '2025-W03',
      timeZone: 'UTC',
      monday: '2025-01-13',
      sunday: '2025-01-19',
      builtAt: new Date().toISOString(),
      numbers,
      previous: { ...numbers, posts: 0, activeCustomers: 0 },
      days: [],
      topNewIdeas: [],
      movers: [],
      statusChanges: [],
      champions: [],
      stories: { approved: [], featured: [] },
    },
    [],
  );
  return week.week;
}

/** The owner's question with the other customer's answer, accepted (made once, shared by the cells). */
let answeredQuestion: Promise<Post> | undefined;
function anAnsweredQuestion(): Promise<Post> {
  answeredQuestion ??= (async () => {
    const asked = await aPost(sessions.owner.user, { kind: 'question', title: 'How do I share?' });
    const reply = await aComment(asked, sessions.other.user, { body: 'Share, then Copy link.' });
    return t.services.posts.acceptAnswer(as(sessions.owner.user), asked.id, { commentId: reply.id });
  })();
  return answeredQuestion;
}

/** A fresh story by the owner, quotable anonymously, on a stories board (written past the rate limit). */
async function aStory() {
  const at = new Date().toISOString();
  return aStoredPost(t, storyBoard.slug, sessions.owner.user, {
    kind: 'story',
    title: `We closed the books in a day ${++n}`,
    story: {
      consent: { level: 'anonymous', version: CONSENT_VERSION, text: CONSENT_TEXT.anonymous, at },
    },
  });
}

// ---------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------

beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
  guard.install(t.db);
  sessions = {
    owner: await signIn('customer', 'owner'),
    other: await signIn('customer', 'other'),
    staff: await signIn('staff'),
    admin: await signIn('admin'),
  };
  // The owner's session is a week old, so their first GET slides it: a write the read-only role allows.
  await t.db.doc.send(
    new UpdateCommand({
      TableName: t.db.tableName,
      Key: { pk: `SESSION#${hashSessionToken(sessionToken(sessions.owner.cookies))}`, sk: 'SESSION' },
      UpdateExpression: 'SET expiresAt = :at',
      ExpressionAttributeValues: { ':at': new Date(Date.now() + 23 * 24 * 3600 * 1000).toISOString() },
    }),
  );
  board = await aBoard(t, { kinds: ['idea', 'question'] });
  storyBoard = await aBoard(t, { kinds: ['story'] });
  await t.stores.tags.put({ slug: TAG, name: 'Authz', color: '#123456' });
  await t.stores.companies.put(
    { id: COMPANY, name: 'Authz Inc', updatedAt: new Date().toISOString(), source: 'api' },
    null,
  );
  ownerPost = await aPost(sessions.owner.user);
  otherPost = await aPost(sessions.other.user, { title: 'Export to CSV' });
  question = await aPost(sessions.owner.user, { kind: 'question', title: 'How do I export?' });
  answer = await aComment(question, sessions.other.user, { body: 'Settings, then Export.' });
});
afterAll(() => t?.drop());

const pathPattern = (path: string) =>
  new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`);

describe('the authorization matrix', () => {
  it('covers every route, and only routes', () => {
    const routed = routes.map(routeKey).sort();
    expect(routed.filter((key) => !(key in MATRIX))).toEqual([]);
    expect(routed.filter((key) => !(key in REQUESTS))).toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !routed.includes(key))).toEqual([]);
    expect(Object.keys(REQUESTS).filter((key) => !routed.includes(key))).toEqual([]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    const [method = 'GET', template = ''] = key.split(' ');
    describe(key, () => {
      ROLES.forEach((role, column) => {
        const expected = row[column] as Expected;
        it(`${role} → ${expected}`, async () => {
          const route = routes.find((r) => routeKey(r) === key);
          expect(route, `${key} is not routed`).toBeDefined();
          const build = REQUESTS[key];
          if (!build) throw new Error(`No request for ${key}`);
          const req = await build(role);
          // A cell must exercise its own route, not a neighbour that happens to answer.
          expect(req.path).toMatch(pathPattern(template));
          const res = await call(method, {
            ...req,
            cookies: role === 'anonymous' ? undefined : (req.cookies ?? cookiesOf(role)),
          });
          const seen = `${key} as ${role}: ${res.status} ${JSON.stringify(res.json)}`;
          if (expected === OK) {
            expect(res.status >= 200 && res.status < 300, seen).toBe(true);
            expect(Object.keys(route?.responses ?? {}), `${seen} (undocumented status)`).toContain(
              String(res.status),
            );
          } else {
            expect(res.status, seen).toBe(expected);
            // 403 for a wrong Origin would be a fixture bug, not the service's refusal.
            expect(res.json.error?.code, seen).toBe(expected === 401 ? 'unauthenticated' : 'forbidden');
          }
        });
      });
    });
  }
});

describe('rules at the edges of the matrix', () => {
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const edit = { title: 'Export to spreadsheets, later', body: 'Edited late.' };

  it('the author may edit a post for 30 minutes after posting it, staff at any time', async () => {
    const old = await aPost(sessions.owner.user, { createdAt: minutesAgo(31), updatedAt: minutesAgo(31) });
    const path = `/api/posts/${old.id}`;
    expect((await call('PATCH', { path, body: edit, cookies: sessions.owner.cookies })).status).toBe(403);
    expect((await call('PATCH', { path, body: edit, cookies: sessions.staff.cookies })).status).toBe(200);
  });

  it('the author may edit a comment for 30 minutes after posting it', async () => {
    const old = await aComment(otherPost, sessions.owner.user, { createdAt: minutesAgo(31) });
    const res = await call('PATCH', {
      path: `/api/posts/${otherPost.id}/comments/${old.id}`,
      body: { body: 'Too late.' },
      cookies: sessions.owner.cookies,
    });
    expect(res.status).toBe(403);
  });

  it('the author may not delete a post once someone else voted for it or commented on it', async () => {
    const voted = await aPost(sessions.owner.user);
    await t.stores.votes.add({
      postId: voted.id,
      userId: sessions.other.user.id,
      votedAt: new Date().toISOString(),
    });
    const commented = await aPost(sessions.owner.user);
    await aComment(commented, sessions.other.user);
    for (const post of [voted, commented]) {
      const res = await call('DELETE', { path: `/api/posts/${post.id}`, cookies: sessions.owner.cookies });
      expect(res.status, post.id).toBe(403);
    }
  });

  it('an admin may not change their own role', async () => {
    const admin = await signIn('admin', 'self-demoter');
    const res = await call('PUT', {
      path: `/api/users/${admin.user.id}/role`,
      body: { role: 'customer' },
      cookies: admin.cookies,
    });
    expect(res.status).toBe(403);
  });
});

describe('the read-only API function', () => {
  it('is enough for every GET call above: no write but a session slide', () => {
    expect(guard.calls).toBeGreaterThan(50);
    expect(guard.sessionSlides).toBeGreaterThan(0);
    expect(guard.violations).toEqual([]);
  });
});
