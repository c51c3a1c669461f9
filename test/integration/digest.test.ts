/**
 * The weekly digest on DynamoDB Local, end to end through the real services, bus and outbox: each
 * team's sections from seeded activity, exactly one email per recipient and week (second runs, replayed
 * events, the schedule after "send now"), a run that failed half-way resumed, the empty week, opt-outs,
 * and the cost: building a week reads that week's items, however many older weeks pile up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { CONSENT_VERSION } from '../../shared/domain/consent.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import type { DigestDeliveryDue } from '../../shared/domain/events.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import type { Eml } from '../../shared/adapters/mail/eml.ts';
import { InProcessBus } from '../../shared/adapters/events/in-process-bus.ts';
import { digestTarget } from '../../shared/events/targets.ts';
import { DigestService } from '../../shared/services/digest/digest-service.ts';
import type { EmailMessage, Mailer } from '../../shared/ports/index.ts';
import { signDigestUnsubscribe } from '../../shared/notify/unsubscribe-token.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';

/** A clock the test sets: activity lands in the weeks the test chooses. */
const clock = {
  at: Date.parse('2026-10-28T10:00:00Z'),
  now() {
    return new Date(this.at);
  },
  set(iso: string) {
    this.at = Date.parse(iso);
  },
};

// ISO weeks of 2026: W44 is 26 Oct – 1 Nov, W45 is 2–8 Nov, W46 is 9–15 Nov.
const W44_WEDNESDAY = '2026-10-28T10:00:00Z';
const W45_TUESDAY = '2026-11-03T10:00:00Z';
const W46_MONDAY_8AM = '2026-11-09T08:00:00Z';

let t: TestTable;
let board: string;
let storyBoard: string;
let admin: User;
let rep: User;
let marketer: User;
let pm: User;
let acmeBuyer: User;
let betaBuyer: User;
let gammaBuyer: User;
let askedFor: Post;
let newIdea: Post;
let n = 0;

async function customerOf(company: { id: string; name: string; mrr: number }): Promise<User> {
  const sub = `digest-${++n}`;
  const token = await signSsoToken(
    { sub, email: `${sub}@${company.id}.example`, name: `Buyer ${n} of ${company.name}`, company },
    TEST_SSO_SECRET,
    { now: clock.now() },
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}

async function staffMember(name: string, team: 'sales' | 'marketing' | 'product'): Promise<User> {
  const user = await aUser(t, { name, role: 'staff' });
  return t.services.digests.setTeam(as(admin), user.id, { team });
}

const mail = () => listOutbox(t.outboxDir);
const mailTo = async (user: User) => (await mail()).filter((m) => m.to.includes(user.email));
const digests = async () => (await mail()).filter((m) => m.subject.startsWith('Hearth weekly'));

beforeAll(async () => {
  t = await createTestTable({ clock });
  admin = await aUser(t, { name: 'Ada Admin', role: 'admin' });
  board = (await aBoard(t, { kinds: ['idea', 'question'] })).slug;
  storyBoard = (await aBoard(t, { kinds: ['story'] })).slug;
  rep = await staffMember('Riley Rep', 'sales');
  marketer = await staffMember('Morgan Marketer', 'marketing');
  pm = await staffMember('Parker PM', 'product');

  // Week 44: Acme asks for exports; Gamma votes for it (and then goes quiet).
  clock.set(W44_WEDNESDAY);
  acmeBuyer = await customerOf({ id: 'acme', name: 'Acme Logistics', mrr: 1200 });
  betaBuyer = await customerOf({ id: 'beta', name: 'Beta Foods', mrr: 300 });
  gammaBuyer = await customerOf({ id: 'gamma', name: 'Gamma Labs', mrr: 5000 });
  for (const [id, name] of [
    ['acme', 'Acme Logistics'],
    ['gamma', 'Gamma Labs'],
  ]) {
    await t.services.companies.upsert(as(admin), id as string, { name, owner: rep.email });
  }
  askedFor = await t.services.posts.create(as(acmeBuyer), board, {
    title: 'Export invoices to CSV',
    body: 'Our finance team needs them.',
  });
  await t.services.votes.vote(as(gammaBuyer), askedFor.id);

  // Week 45: a new idea, votes, comments, a status change with a note, a story cleared for use.
  clock.set(W45_TUESDAY);
  newIdea = await t.services.posts.create(as(acmeBuyer), board, {
    title: 'Dark mode for the <b>dashboard</b>',
    body: 'Easier on the eyes.',
  });
  await t.services.votes.vote(as(betaBuyer), newIdea.id);
  await t.services.votes.vote(as(betaBuyer), askedFor.id);
  await t.services.comments.create(as(betaBuyer), newIdea.id, { body: 'Yes please, at night.' });
  await t.services.comments.create(as(betaBuyer), askedFor.id, { body: 'We export by hand today.' });
  await t.services.posts.changeStatus(as(pm), askedFor.id, {
    status: 'planned',
    note: 'Planned for **January**.',
  });
  const storyteller = await customerOf({ id: 'delta', name: 'Delta Air', mrr: 800 });
  const story = await t.services.posts.create(as(storyteller), storyBoard, {
    title: 'We closed the books in a day',
    body: 'Finance used to chase numbers for a week.',
    kind: 'story',
    quote: 'It changed month-end for us.',
    consent: 'full_name',
    consentVersion: CONSENT_VERSION,
  });
  const proposed = await t.services.stories.proposeQuote(as(marketer), story.id, {
    text: 'Month-end went from a week to a day.',
  });
  await t.services.stories.decideQuote(as(storyteller), story.id, {
    proposalId: proposed.story.proposal?.id,
    decision: 'approve',
  });
  await t.drainEvents();
});
afterAll(() => t?.drop());

describe('the week 45 digest, sent now by an admin', () => {
  let sent: Eml[];

  beforeAll(async () => {
    clock.set(W46_MONDAY_8AM);
    const before = (await mail()).length;
    const run = await t.services.digests.sendNow(as(admin), { week: '2026-W45' });
    expect(run).toEqual({ week: '2026-W45', status: 'started', queued: 3, alreadySent: 0 });
    await t.drainEvents();
    sent = (await mail()).slice(0, (await mail()).length - before);
  });

  it('goes to each team member once, and to nobody without a team', async () => {
    expect(sent.map((m) => m.to).sort()).toEqual(
      [rep.email, marketer.email, pm.email].map((e) => expect.stringContaining(e)).sort(),
    );
    expect(await mailTo(admin)).toEqual([]);
  });

  it('gives sales their own accounts: what they asked for, what moved for them, who went quiet', async () => {
    const [email] = await mailTo(rep);
    const text = email?.text ?? '';
    expect(text.indexOf('Your accounts')).toBeGreaterThan(-1);
    expect(text.indexOf('Your accounts')).toBeLessThan(text.indexOf('The week in numbers'));
    expect(text).toContain('Acme Logistics');
    expect(text).toContain('$1,200');
    expect(text).toContain('Export invoices to CSV');
    expect(text).toMatch(/Gamma Labs[\s\S]*quiet/i);
    // Beta's owner is nobody: not this rep's account.
    expect(text).not.toContain('Beta Foods');
    expect(email?.html).toContain(`https://board.example/p/${askedFor.id}`);
  });

  it('gives marketing the story exactly as approved, and no accounts', async () => {
    const [email] = await mailTo(marketer);
    expect(email?.text).toContain('Month-end went from a week to a day.');
    expect(email?.text).not.toContain('It changed month-end for us.');
    expect(email?.text).not.toContain('Your accounts');
  });

  it('gives everyone the numbers, the new ideas, the movers and each status change with its note', async () => {
    const [email] = await mailTo(pm);
    const text = email?.text ?? '';
    expect(text).not.toContain('Your accounts');
    expect(text).not.toContain('Month-end went from a week to a day.');
    expect(text).toMatch(/Posts:\s+2/);
    expect(text).toContain('Dark mode for the <b>dashboard</b>');
    expect(email?.html).not.toContain('<b>dashboard</b>');
    expect(text).toMatch(/planned/i);
    expect(text).toContain('January');
    expect(email?.html).toContain('<strong>January</strong>');
    expect(email?.inline).toEqual([expect.objectContaining({ cid: 'activity-chart@hearth' })]);
    expect(email?.html).toContain('cid:activity-chart@hearth');
    expect(email?.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(email?.headers['list-unsubscribe']).toContain('/api/digests/unsubscribe?token=');
  });

  it('sends nothing twice: a second run, a replayed delivery, the schedule itself', async () => {
    const count = (await digests()).length;
    expect(await t.services.digests.sendNow(as(admin), { week: '2026-W45' })).toMatchObject({
      queued: 0,
      alreadySent: 3,
    });
    const replay: DigestDeliveryDue = {
      type: 'DigestDeliveryDue',
      id: `digest-2026-W45-user:${pm.id}`,
      at: clock.now().toISOString(),
      detail: { week: '2026-W45', recipient: `user:${pm.id}`, team: 'product' },
    };
    expect(await t.services.digests.deliver(replay)).toBe('skipped');
    await digestTarget(t.services)({
      version: '0',
      id: 'schedule-1',
      'detail-type': 'WeeklyDigestDue',
      source: 'hearth',
      account: '000000000000',
      time: W46_MONDAY_8AM,
      region: 'local',
      resources: [],
      detail: { scheduledAt: W46_MONDAY_8AM, recipients: [] },
    });
    await t.drainEvents();
    expect((await digests()).length).toBe(count);
    const sends = await t.stores.digests.sends('2026-W45');
    expect(sends.map((s) => s.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('keeps the week in the archive, as built', async () => {
    const archive = await t.services.digests.archive(as(rep), {});
    expect(archive.weeks.map((w) => w.week)).toEqual(['2026-W45']);
    const past = await t.services.digests.archived(as(rep), '2026-W45', { as: `user:${marketer.id}` });
    expect(past.message.text).toContain('Month-end went from a week to a day.');
    expect(past.sends).toHaveLength(3);
  });
});

describe('who may do what', () => {
  it('lets only admins send, only staff preview, and nobody send a week that has not ended', async () => {
    expect(await errorOf(t.services.digests.sendNow(as(rep), { week: '2026-W45' }))).toBeInstanceOf(
      ForbiddenError,
    );
    expect(await errorOf(t.services.digests.preview(as(acmeBuyer), {}))).toBeInstanceOf(ForbiddenError);
    expect(await errorOf(t.services.digests.sendNow(as(admin), { week: '2026-W46' }))).toBeInstanceOf(
      ConflictError,
    );
    expect(await errorOf(t.services.digests.sendNow(as(admin), { week: '2026-W54' }))).toBeInstanceOf(
      ValidationError,
    );
    expect(
      await errorOf(t.services.digests.setTeam(as(admin), acmeBuyer.id, { team: 'sales' })),
    ).toBeInstanceOf(ValidationError);
  });

  it('stops the digest of someone who is no longer staff', async () => {
    const leaver = await staffMember('Lee Leaver', 'sales');
    expect((await t.services.digests.recipients(as(admin))).map((r) => r.email)).toContain(leaver.email);
    await t.services.profiles.setRole(as(admin), leaver.id, { role: 'customer' });
    expect((await t.services.digests.recipients(as(admin))).map((r) => r.email)).not.toContain(leaver.email);
    expect((await t.stores.users.get(leaver.id))?.team).toBeUndefined();
  });

  it('previews the week in progress for any recipient, keeping nothing', async () => {
    const preview = await t.services.digests.preview(as(pm), { as: `user:${rep.id}` });
    expect(preview.week.week).toBe('2026-W46');
    expect(preview.recipient.email).toBe(rep.email);
    expect(preview.recipients.map((r) => r.team).sort()).toEqual(['marketing', 'product', 'sales']);
    expect(await t.stores.digests.getWeek('2026-W46')).toBeNull();
  });
});

describe('an empty week', () => {
  it('sends nothing and keeps nothing', async () => {
    const count = (await mail()).length;
    expect(await t.services.digests.sendNow(as(admin), { week: '2026-W30' })).toEqual({
      week: '2026-W30',
      status: 'empty',
      queued: 0,
      alreadySent: 0,
    });
    await t.drainEvents();
    expect((await mail()).length).toBe(count);
    expect(await t.stores.digests.getWeek('2026-W30')).toBeNull();
  });
});

describe('a run that fails half-way', () => {
  it('sends only what is missing on the next run', async () => {
    // Week 46 gets a vote; the digest runs the Monday after, with one address failing.
    clock.set('2026-11-10T12:00:00Z');
    await t.services.votes.vote(as(gammaBuyer), newIdea.id);
    clock.set('2026-11-16T08:00:00Z');

    const delivered: EmailMessage[] = [];
    let failFor: string | null = marketer.email;
    const flaky: Mailer = {
      async send(message) {
        if (message.to === failFor) throw new Error('SES throttled this address');
        delivered.push(message);
      },
    };
    const holder: { service?: DigestService } = {};
    const bus = new InProcessBus({
      notify: async () => {},
      digest: (envelope) => digestTarget({ digests: holder.service as DigestService })(envelope),
    });
    holder.service = new DigestService({
      ...t.stores,
      companies: t.services.companies,
      demand: t.services.demand,
      stories: t.services.stories,
      events: bus,
      mailer: flaky,
      clock,
      secret: TEST_SSO_SECRET,
      publicOrigin: 'https://board.example',
      timeZone: 'UTC',
      configuredRecipients: ['ops@partner.example'],
    });
    const errors = console.error;
    console.error = () => {};
    try {
      expect(await holder.service.sendNow(as(admin), { week: '2026-W46' })).toMatchObject({ queued: 4 });
      await bus.drain();
    } finally {
      console.error = errors;
    }
    expect(delivered.map((m) => m.to).sort()).toEqual(['ops@partner.example', pm.email, rep.email].sort());

    failFor = null;
    expect(await holder.service.sendNow(as(admin), { week: '2026-W46' })).toMatchObject({
      queued: 1,
      alreadySent: 3,
    });
    await bus.drain();
    expect(delivered.map((m) => m.to).sort()).toEqual(
      ['ops@partner.example', marketer.email, pm.email, rep.email].sort(),
    );

    // The configured address unsubscribes with its link; a person turns the digest off in settings.
    await t.services.digests.unsubscribe(signDigestUnsubscribe(TEST_SSO_SECRET, 'email:ops@partner.example'));
    await t.services.digests.setMySettings(as(pm), { digest: false });
    const left = (await holder.service.recipients(as(admin))).map((r) => r.email).sort();
    expect(left).toEqual([marketer.email, rep.email].sort());
  });
});

describe('cost', () => {
  it('reads the same items for a week however many older weeks pile up', async () => {
    const itemsRead = async () => {
      let items = 0;
      const counter = t.db.raw.middlewareStack.add(
        (next) => async (args) => {
          const result = await next(args);
          const out = result.output as {
            Count?: number;
            Item?: unknown;
            Responses?: Record<string, unknown[]>;
          };
          items += out.Count ?? 0;
          if (out.Item) items++;
          for (const list of Object.values(out.Responses ?? {})) items += list.length;
          return result;
        },
        { step: 'initialize', name: `itemsRead-${++n}` },
      );
      void counter;
      await t.services.digests.preview(as(pm), { week: '2026-W45' });
      t.db.raw.middlewareStack.remove(`itemsRead-${n}`);
      return items;
    };
    const before = await itemsRead();

    // Two older weeks of busy activity (weeks 40 and 41).
    for (const day of ['2026-09-29T10:00:00Z', '2026-10-06T10:00:00Z']) {
      clock.set(day);
      for (let i = 0; i < 6; i++) {
        const voter = await customerOf({ id: `old-${i}`, name: `Old ${i}`, mrr: 10 });
        const post = await t.services.posts.create(as(voter), board, {
          title: `Old idea ${day} ${i}`,
          body: '.',
        });
        await t.services.votes.vote(as(betaBuyer), post.id);
      }
    }
    clock.set('2026-11-16T09:00:00Z');
    expect(await itemsRead()).toBe(before);
  });
});

describe('a delivery that finds the email claimed by another', () => {
  it('fails while that claim is fresh, so it is retried, and takes over a claim whose run died', async () => {
    clock.set('2026-11-24T10:00:00Z');
    await t.services.comments.create(as(acmeBuyer), askedFor.id, { body: 'Any news on this?' });
    clock.set('2026-11-30T08:00:00Z');
    // Another delivery of the same email has claimed it and not finished (or died doing so).
    const held = { recipient: `user:${rep.id}`, email: rep.email, team: 'sales' as const };
    expect(
      await t.stores.digests.claimSend({ ...held, claimedAt: clock.now().toISOString() }, '2026-W48', '2000'),
    ).toBe('claimed');
    const w48 = async () => (await mailTo(rep)).filter((m) => m.subject.includes('week 48'));
    const errors = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => void logged.push(args);
    try {
      await t.services.digests.sendNow(as(admin), { week: '2026-W48' });
      await t.drainEvents();
    } finally {
      console.error = errors;
    }
    expect(await w48()).toEqual([]);
    expect(JSON.stringify(logged)).toContain('DigestSendHeldError');

    // A quarter of an hour later the claim is a dead run's: the next run sends it, once.
    clock.set('2026-11-30T08:16:00Z');
    expect(await t.services.digests.sendNow(as(admin), { week: '2026-W48' })).toMatchObject({ queued: 1 });
    await t.drainEvents();
    expect(await w48()).toHaveLength(1);
  });
});

describe('a week of many long status notes', () => {
  it('is kept and sent: notes are cut and the week is stored compressed, far inside an item', async () => {
    clock.set('2026-12-01T10:00:00Z');
    const note = `${'Shipped after a long look at every request. '.repeat(112)}The end.`;
    expect(note.length).toBeGreaterThan(4_900);
    for (let i = 0; i < 90; i++) {
      // Through the store: ninety posts in a day is past a customer's rate limit, not the point here.
      const at = new Date(clock.now().getTime() + i * 1000).toISOString();
      const post = await aStoredPost(t, board, i % 2 ? acmeBuyer : betaBuyer, {
        title: `Busy week idea ${i}`,
        createdAt: at,
        updatedAt: at,
      });
      await t.services.posts.changeStatus(as(pm), post.id, { status: 'planned', note });
    }
    clock.set('2026-12-07T08:00:00Z');
    expect(await t.services.digests.sendNow(as(admin), { week: '2026-W49' })).toMatchObject({
      status: 'started',
    });
    await t.drainEvents();
    const week = await t.stores.digests.getWeek('2026-W49');
    expect(week?.statusChanges).toHaveLength(90);
    expect(week?.statusChanges[0]?.note?.length).toBeLessThanOrEqual(1_001);
    expect(week?.statusChanges[0]?.note?.endsWith('…')).toBe(true);
    const [email] = (await mailTo(rep)).filter((m) => m.subject.includes('week 49'));
    expect(email?.text).toContain('Busy week idea 89');
  });
});
