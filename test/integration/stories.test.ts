/**
 * Success stories on DynamoDB Local: each consent level walked through every output (the post's page
 * through the API, the board list, the wall) before and after narrowing and withdrawal; the quote
 * sign-off that staff cannot get around; the append-only audit trail that proves each step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import {
  CHOOSABLE_CONSENT_LEVELS,
  CONSENT_TEXT,
  CONSENT_VERSION,
  type ConsentLevel,
} from '../../shared/domain/consent.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import type { PostSummary } from '../../shared/domain/views.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';
import { ReadOnlyGuard } from '../setup/read-only-guard.ts';
import { roleClient } from '../setup/role-client.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';

let t: TestTable;
let runtime: Runtime;
const guard = new ReadOnlyGuard();
const { call } = roleClient(() => runtime, guard);
let staff: User;
let board: string;

beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
  guard.install(t.db);
  staff = await aUser(t, { role: 'staff' });
  board = (await aBoard(t, { kinds: ['story'] })).slug;
});
afterAll(() => t?.drop());

let n = 0;
/** A customer of Acme Logistics, as the host product signs them in. */
async function author(): Promise<User> {
  const sub = `storyteller-${++n}`;
  const token = await signSsoToken(
    {
      sub,
      email: `${sub}@acme.example`,
      name: 'Priya Raman',
      company: { id: 'acme-logistics', name: 'Acme Logistics', mrr: 900 },
    },
    TEST_SSO_SECRET,
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}

const QUOTE = 'Month-end went from a week to a day.';

async function tellStory(by: User, level: ConsentLevel): Promise<Post> {
  return t.services.posts.create(as(by), board, {
    title: `We closed the books in a day (${level} ${++n})`,
    body: 'Finance used to chase numbers for a week.',
    kind: 'story',
    outcome: '4 days saved every month',
    role: 'Finance lead',
    quote: 'It changed month-end for us.',
    consent: level,
    consentVersion: CONSENT_VERSION,
  });
}

/** Told, quoted, approved, rewarded and featured: everything that could leave Hearth, if consent allows. */
async function approvedStory(level: ConsentLevel) {
  const by = await author();
  const post = await tellStory(by, level);
  const proposed = await t.services.stories.proposeQuote(as(staff), post.id, { text: QUOTE });
  await t.services.stories.decideQuote(as(by), post.id, {
    proposalId: proposed.story.proposal?.id,
    decision: 'approve',
  });
  await t.services.stories.curate(as(staff), post.id, { incentive: 'a $50 gift card' });
  if (level !== 'internal') await t.services.stories.curate(as(staff), post.id, { featured: true });
  return { by, post };
}

/** What an anonymous visitor gets for the story: from the API, the board list and the wall. */
async function publicOutputs(postId: string) {
  const api = await call('GET', { path: `/api/posts/${postId}` });
  const list = await call('GET', { path: `/api/boards/${board}/posts`, query: 'sort=new&limit=100' });
  const wall = await call('GET', { path: '/api/stories/wall', query: 'limit=100' });
  const inList = (list.json.posts as { id: string }[]).find((p) => p.id === postId);
  const onWall = (wall.json.stories as { id: string }[]).find((p) => p.id === postId);
  const post = api.json.post as PostSummary | undefined;
  // The digest's input: what marketing hears of this week's approvals and featurings.
  const today = new Date().toISOString().slice(0, 10);
  const digest = await t.services.stories.digestInput(as(staff), { from: today, to: today });
  const inDigest = [...digest.approved, ...digest.featured].filter((p) => p.id === postId);
  return {
    api,
    post,
    inList,
    onWall,
    inDigest,
    text: JSON.stringify([api.json, inList, onWall, inDigest]),
  };
}

const EXPECTED: Record<Exclude<ConsentLevel, 'withdrawn'>, { byline?: string; profile: boolean }> = {
  internal: { profile: false },
  anonymous: { byline: 'A customer', profile: false },
  first_name_role: { byline: 'Priya, Finance lead', profile: false },
  full_name: { byline: 'Priya Raman, Finance lead', profile: true },
  name_company_logo: { byline: 'Priya Raman, Finance lead, Acme Logistics', profile: true },
};

describe('each consent level, through every public output', () => {
  it.each(CHOOSABLE_CONSENT_LEVELS)('%s', async (level) => {
    const { by, post } = await approvedStory(level);
    const expected = EXPECTED[level];
    const out = await publicOutputs(post.id);
    // Never public: the consent, the staff note, the suggested quote, the author's real identity beyond consent.
    expect(out.text).not.toContain(CONSENT_TEXT[level]);
    expect(out.text).not.toContain('It changed month-end for us.');
    if (!expected.byline) {
      expect(out.api.status).toBe(404);
      expect(out.inList).toBeUndefined();
      expect(out.onWall).toBeUndefined();
      expect(out.inDigest).toEqual([]);
      expect(out.text).not.toContain('Priya');
      expect(out.text).not.toContain(QUOTE);
    } else {
      expect(out.api.status).toBe(200);
      const shown = out.api.json.post as PostSummary;
      expect(shown.authorName).toBe(expected.byline);
      expect(shown.authorId).toBe(expected.profile ? by.id : '');
      expect(shown.story).toMatchObject({
        quote: QUOTE,
        outcome: '4 days saved every month',
        disclosure: 'This customer received a $50 gift card for sharing their story.',
        featured: true,
        attribution: { byline: expected.byline },
      });
      expect(shown.story?.consent).toBeUndefined();
      expect(out.inList).toMatchObject({ authorName: expected.byline });
      expect(out.onWall).toMatchObject({ authorName: expected.byline, story: { quote: QUOTE } });
      // Approved and featured: in both of the digest's story sections, quoted exactly as consented.
      expect(out.inDigest).toHaveLength(2);
      for (const item of out.inDigest) {
        expect(item).toMatchObject({ authorName: expected.byline, story: { quote: QUOTE } });
      }
      if (!expected.profile) expect(out.text).not.toContain('Raman');
      if (level !== 'name_company_logo') expect(out.text).not.toContain('Acme');
    }
    // The author and staff always see it, with the consent word for word.
    for (const viewer of [by, staff]) {
      const own = await t.services.posts.get(as(viewer), post.id);
      expect(own.post.story?.consent).toMatchObject({
        level,
        version: CONSENT_VERSION,
        text: CONSENT_TEXT[level],
      });
    }
  });
});

describe('narrowing and withdrawal hold everywhere at once', () => {
  it('a named story becomes anonymous, then leaves every output when withdrawn', async () => {
    const { by, post } = await approvedStory('name_company_logo');
    expect((await publicOutputs(post.id)).text).toContain('Acme Logistics');

    await t.services.stories.changeConsent(as(by), post.id, { level: 'anonymous', version: CONSENT_VERSION });
    const narrowed = await publicOutputs(post.id);
    expect(narrowed.post?.authorName).toBe('A customer');
    expect(narrowed.onWall).toBeDefined();
    for (const secret of ['Priya', 'Raman', 'Acme', by.id]) expect(narrowed.text).not.toContain(secret);

    await t.services.stories.changeConsent(as(by), post.id, { level: 'withdrawn', version: CONSENT_VERSION });
    const withdrawn = await publicOutputs(post.id);
    expect(withdrawn.api.status).toBe(404);
    expect(withdrawn.inList).toBeUndefined();
    expect(withdrawn.onWall).toBeUndefined();
    expect(withdrawn.inDigest).toEqual([]);
    expect(withdrawn.text).not.toContain(QUOTE);
    // Staff keep it for the record, without the quote: nothing can be used.
    const forStaff = await t.services.posts.get(as(staff), post.id);
    expect(forStaff.post.story?.quote).toBeUndefined();
    expect(await errorOf(t.services.stories.curate(as(staff), post.id, { featured: true }))).toBeInstanceOf(
      ConflictError,
    );
    expect(
      await errorOf(t.services.stories.proposeQuote(as(staff), post.id, { text: QUOTE })),
    ).toBeInstanceOf(ConflictError);

    // Every step is in the trail, with the words shown at the time.
    const trail = await t.services.stories.auditTrail(as(staff), post.id);
    expect(trail.map((e) => e.action)).toEqual([
      'story_posted',
      'quote_proposed',
      'quote_approved',
      'incentive_recorded',
      'featured',
      'consent_changed',
      'consent_withdrawn',
    ]);
    expect(trail[0]?.consent?.text).toBe(CONSENT_TEXT.name_company_logo);
    expect(trail[2]).toMatchObject({ actorId: by.id, quote: QUOTE });
    expect(trail[6]?.consent).toMatchObject({ level: 'withdrawn', text: CONSENT_TEXT.withdrawn });
  });
});

describe('the quote sign-off', () => {
  it('cannot be bypassed: only the author approves, and only the exact wording they were shown', async () => {
    const by = await author();
    const post = await tellStory(by, 'full_name');
    const first = await t.services.stories.proposeQuote(as(staff), post.id, { text: 'First wording.' });
    // Proposed is not approved: nothing leaves.
    expect((await publicOutputs(post.id)).post?.story?.quote).toBeUndefined();
    const proposalId = first.story.proposal?.id;
    expect(
      await errorOf(t.services.stories.decideQuote(as(staff), post.id, { proposalId, decision: 'approve' })),
    ).toBeInstanceOf(ForbiddenError);
    // Staff reword it before the author answers: the author's answer to the old wording is refused.
    const second = await t.services.stories.proposeQuote(as(staff), post.id, { text: 'Second wording.' });
    expect(
      await errorOf(t.services.stories.decideQuote(as(by), post.id, { proposalId, decision: 'approve' })),
    ).toBeInstanceOf(ConflictError);
    await t.services.stories.decideQuote(as(by), post.id, {
      proposalId: second.story.proposal?.id,
      decision: 'approve',
    });
    expect((await publicOutputs(post.id)).post?.story?.quote).toBe('Second wording.');
    // Editing an approved quote needs a new approval: until then, no quote at all.
    await t.services.stories.proposeQuote(as(staff), post.id, { text: 'Second wording, tightened.' });
    expect((await publicOutputs(post.id)).post?.story?.quote).toBeUndefined();
  });

  it('consent is the author’s alone, and names the wording it agreed to', async () => {
    const by = await author();
    const post = await tellStory(by, 'anonymous');
    expect(
      await errorOf(
        t.services.stories.changeConsent(as(staff), post.id, {
          level: 'full_name',
          version: CONSENT_VERSION,
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    const other = await author();
    expect(
      await errorOf(
        t.services.stories.changeConsent(as(other), post.id, {
          level: 'withdrawn',
          version: CONSENT_VERSION,
        }),
      ),
    ).toBeInstanceOf(ForbiddenError);
    expect(
      await errorOf(
        t.services.stories.changeConsent(as(by), post.id, { level: 'full_name', version: '2020-01-01' }),
      ),
    ).toBeInstanceOf(ValidationError);
    expect(
      await errorOf(
        t.services.posts.create(as(by), board, { title: 'A story without consent', kind: 'story' }),
      ),
    ).toBeInstanceOf(ValidationError);
    // Stories take no idea statuses.
    expect(
      await errorOf(t.services.posts.changeStatus(as(staff), post.id, { status: 'planned' })),
    ).toBeInstanceOf(ValidationError);
    // An internal story is nobody else's business.
    const internal = await tellStory(by, 'internal');
    expect(await errorOf(t.services.posts.get(as(other), internal.id))).toBeInstanceOf(NotFoundError);
    expect(await errorOf(t.services.posts.get(ANONYMOUS, internal.id))).toBeInstanceOf(NotFoundError);
  });
});

describe("the digest's input", () => {
  it('reads one small partition a day, whatever the stories of other weeks', async () => {
    const cost = async () => {
      t.requests.clear();
      await t.services.stories.digestInput(as(staff), { from: '2026-11-23', to: '2026-11-29' });
      return Object.fromEntries(t.requests);
    };
    const before = await cost();
    await approvedStory('full_name'); // today: not in that week, and no cost to it
    expect(await cost()).toEqual(before);
    expect(before.Query).toBe(7);
    expect(before.Scan).toBeUndefined();
  });
});

describe('asked at the right moment', () => {
  it('a customer told that an idea they voted for shipped is invited to tell their story; staff are not', async () => {
    const ideas = await aBoard(t, { kinds: ['idea'] });
    const voter = await author();
    const colleague = await aUser(t, { role: 'staff' });
    const idea = await t.services.posts.create(as(voter), ideas.slug, { title: `Bulk export ${++n}` });
    await t.services.votes.vote(as(colleague), idea.id);
    await t.services.posts.changeStatus(as(staff), idea.id, { status: 'shipped' });
    await t.drainEvents();
    const mail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(idea.title));
    const invite = `/b/${board}/new?from=${idea.id}`;
    const toVoter = mail.find((m) => m.to.includes(voter.email));
    const toStaff = mail.find((m) => m.to.includes(colleague.email));
    expect(toVoter?.text).toContain(invite);
    expect(toStaff).toBeDefined();
    expect(toStaff?.text).not.toContain(invite);
  });
});
