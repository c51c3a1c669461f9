/**
 * The weekly digest. The schedule (or an admin's "send now") starts a week: it is built once from that
 * week's activity and kept (the archive), then one delivery event per recipient goes on the bus, so a
 * slow or failing address is retried on its own. Each delivery claims (week, recipient) with a
 * conditional write before sending: repeated events, retries and second runs send nothing twice, and a
 * run that failed half-way sends only what is missing.
 */
import { isStaff, type Actor, type Company, type Post, type User } from '../../domain/types.ts';
import type { ActivityEvent } from '../../domain/activity.ts';
import { isWithheld } from '../../domain/moderation.ts';
import {
  isEmptyWeek,
  type DigestAccount,
  type DigestLetter,
  type DigestStory,
  type DigestTeam,
  type DigestWeek,
  type DigestWeekSummary,
} from '../../domain/digest.ts';
import type { DigestDeliveryDue, WeeklyDigestDueDetail } from '../../domain/events.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import {
  daysOfWeek,
  isoWeekOf,
  localDay,
  previousWeek,
  weekBounds,
  weekDays,
  weekThatEnded,
} from '../../domain/iso-week.ts';
import { parseInput } from '../../domain/schemas.ts';
import {
  digestArchiveQuerySchema,
  digestPreviewQuerySchema,
  digestSettingsSchema,
  digestTeamSchema,
  sendDigestSchema,
} from '../../domain/digest-schemas.ts';
import type {
  ActivityLog,
  Clock,
  CommentStore,
  DigestSend,
  DigestStore,
  EmailMessage,
  EventBus,
  Mailer,
  PostStore,
  UserStore,
} from '../../ports/index.ts';
import { digestEmail } from '../../notify/digest-email.ts';
import { signDigestUnsubscribe, verifyDigestUnsubscribe } from '../../notify/unsubscribe-token.ts';
import type { CompanyService } from '../company-service.ts';
import type { DemandService } from '../demand-service.ts';
import type { StoryService } from '../stories/story-service.ts';
import { requireAdmin, requireStaff, requireUser } from '../policy.ts';
import { buildWeek, NEWS_FOR_ASKERS } from './week-builder.ts';

export interface DigestDeps {
  activity: ActivityLog;
  digests: DigestStore;
  posts: Pick<PostStore, 'getMany'>;
  /** With it, comments the moderators withheld since leave the week (shown, it drops none). */
  comments?: Pick<CommentStore, 'get'>;
  users: UserStore;
  companies: CompanyService;
  demand: DemandService;
  stories: StoryService;
  events: EventBus;
  mailer: Mailer;
  clock: Clock;
  /** Signs unsubscribe links. */
  secret: string;
  /** Where links in emails point. */
  publicOrigin: string;
  /** The zone weeks are taken in: the schedule's. */
  timeZone: string;
  /** Addresses that get the digest besides staff with a team (product's sections). */
  configuredRecipients: readonly string[];
}

/** Someone who gets the digest. `key` names them in send claims and events. */
export interface DigestRecipient {
  key: string;
  email: string;
  name: string;
  team: DigestTeam;
}

export interface DigestRun {
  week: string;
  /** `empty`: nothing happened that week, so nobody is emailed. */
  status: 'started' | 'empty';
  /** Deliveries put on the bus now. */
  queued: number;
  /** Recipients who already had this week's digest. */
  alreadySent: number;
}

/** A rendered digest: the week, who it is for, and the email as they would get it. */
export interface DigestRendering {
  week: DigestWeek;
  recipient: DigestRecipient;
  recipients: DigestRecipient[];
  message: EmailMessage;
  empty: boolean;
}

/**
 * The digest reads companies, demand and stories through their services, which serve staff only; the
 * schedule has no signed-in person, so it reads as this one. It is never a session and never writes.
 */
const DIGEST_READER: Actor = {
  kind: 'user',
  user: { id: 'system:digest', email: '', name: 'Hearth digest', role: 'staff', createdAt: '' },
};

/** A claim older than a Lambda's longest run belongs to a run that died: the next run takes it over. */
const STALE_CLAIM_MS = 15 * 60 * 1000;
/** Sales reps who own no account see this many of the week's most valuable ones instead. */
const FALLBACK_ACCOUNTS = 5;

export class DigestService {
  private readonly origin: string;

  constructor(private readonly deps: DigestDeps) {
    this.origin = deps.publicOrigin.replace(/\/+$/, '');
  }

  /** The schedule's event: the week that ended before its scheduled time, in the stage's zone. */
  async onSchedule(detail: WeeklyDigestDueDetail): Promise<DigestRun> {
    const week = weekThatEnded(new Date(detail.scheduledAt), this.deps.timeZone);
    return this.run(week, detail.recipients);
  }

  /** An admin's "send now": the same run as the schedule's, for a week that has ended. */
  async sendNow(actor: Actor, input: unknown): Promise<DigestRun> {
    requireAdmin(actor, 'send the digest');
    const { week } = parseInput(sendDigestSchema, input);
    const { end } = weekBounds(week, this.deps.timeZone);
    if (end > this.deps.clock.now().toISOString()) {
      throw new ConflictError(`Week ${week} has not ended yet; preview it instead.`);
    }
    return this.run(week, this.deps.configuredRecipients);
  }

  /** One recipient's email (a delivery event): sent at most once per week, retried when it fails. */
  async deliver(event: DigestDeliveryDue): Promise<'sent' | 'skipped'> {
    const { week: weekId, recipient: key } = event.detail;
    const week = await this.deps.digests.getWeek(weekId);
    if (!week) throw new NotFoundError('Digest week');
    const recipient = await this.resolve(key, event.detail.team);
    if (!recipient) return 'skipped';
    const now = this.deps.clock.now();
    const claimed = await this.deps.digests.claimSend(
      { recipient: key, email: recipient.email, team: recipient.team, claimedAt: now.toISOString() },
      weekId,
      new Date(now.getTime() - STALE_CLAIM_MS).toISOString(),
    );
    if (claimed === 'sent') return 'skipped';
    // Another delivery of this event may be sending it now, or died doing so: fail, so that Lambda
    // retries (and in the end dead-letters, with its alarm) instead of dropping it as done.
    if (claimed === 'held') throw new DigestSendHeldError(weekId, key);
    try {
      const accounts = await this.storedAccounts(week.week, recipient);
      await this.deps.mailer.send(digestEmail(this.letter(week, recipient, accounts)));
    } catch (error) {
      await this.deps.digests.releaseSend(weekId, key).catch((releaseError: unknown) => {
        // The claim stays until it goes stale; the next run after that sends it.
        console.error(`Could not release the digest claim ${weekId} / ${key}:`, releaseError);
      });
      throw error;
    }
    await this.deps.digests.markSent(weekId, key, this.deps.clock.now().toISOString());
    return 'sent';
  }

  /**
   * The coming digest (the week in progress, unless another is asked for), as a chosen recipient would
   * get it. Built in memory: a preview keeps nothing.
   */
  async preview(actor: Actor, query: unknown): Promise<DigestRendering> {
    requireStaff(actor, 'preview the digest');
    const input = parseInput(digestPreviewQuerySchema, query ?? {});
    const week = input.week ?? isoWeekOf(localDay(this.deps.clock.now(), this.deps.timeZone));
    const built = await this.build(week);
    return this.render(actor, built.week, input.as, async (recipient) =>
      accountsFor(built.accounts, recipient),
    );
  }

  /** Digests built so far, newest first. */
  async archive(
    actor: Actor,
    query: unknown,
  ): Promise<{ weeks: DigestWeekSummary[]; nextCursor: string | null }> {
    requireStaff(actor, 'read past digests');
    const { limit, cursor } = parseInput(digestArchiveQuerySchema, query ?? {});
    const page = await this.deps.digests.listWeeks(limit, cursor);
    return { weeks: page.items, nextCursor: page.nextCursor };
  }

  /** A past digest as it went to a chosen recipient, with who got it. */
  async archived(
    actor: Actor,
    weekId: string,
    query: unknown,
  ): Promise<DigestRendering & { sends: DigestSend[] }> {
    requireStaff(actor, 'read past digests');
    const { week: id } = parseInput(sendDigestSchema, { week: weekId });
    const input = parseInput(digestPreviewQuerySchema, query ?? {});
    const week = await this.deps.digests.getWeek(id);
    if (!week) throw new NotFoundError('Digest');
    const [rendering, sends] = await Promise.all([
      this.render(actor, week, input.as, (recipient) => this.storedAccounts(week.week, recipient)),
      this.deps.digests.sends(week.week),
    ]);
    return { ...rendering, sends };
  }

  /** Who gets the digest: staff with a team, and the configured addresses (product's sections). */
  async recipients(actor: Actor): Promise<DigestRecipient[]> {
    requireStaff(actor, 'see who gets the digest');
    return this.resolveAll(this.deps.configuredRecipients);
  }

  /** Admins choose a staff member's team, which chooses their sections; none stops their digest. */
  async setTeam(actor: Actor, userId: string, input: unknown): Promise<User> {
    requireAdmin(actor, 'set digest teams');
    const { team } = parseInput(digestTeamSchema, input);
    const user = await this.deps.users.get(userId);
    if (!user) throw new NotFoundError('User');
    if (team !== 'none' && user.role === 'customer') {
      throw new ValidationError({ team: 'Only staff get the digest: make them staff first.' });
    }
    return this.deps.users.setTeam(user.id, team === 'none' ? null : team);
  }

  /** A person's digest settings: for admins (who set teams) and the person themself. */
  async settingsOf(actor: Actor, userId: string): Promise<{ team?: DigestTeam; digest: boolean }> {
    const viewer = requireUser(actor);
    if (viewer.id !== userId) requireAdmin(actor, "see someone's digest settings");
    const user = await this.deps.users.get(userId);
    if (!user) throw new NotFoundError('User');
    return { ...(user.team ? { team: user.team } : {}), digest: !user.digestOptOut };
  }

  /** The person's own switch: the digest on or off. */
  async setMySettings(actor: Actor, input: unknown): Promise<User> {
    const user = requireUser(actor);
    const { digest } = parseInput(digestSettingsSchema, input);
    return this.deps.users.setDigestOptOut(user.id, !digest);
  }

  /** The unsubscribe link of a digest email: needs no session (RFC 8058); the signed token is the authority. */
  async unsubscribe(token: unknown): Promise<{ email: string }> {
    const key = typeof token === 'string' ? verifyDigestUnsubscribe(this.deps.secret, token) : null;
    if (!key) throw new ValidationError({ token: 'This unsubscribe link is not valid.' });
    if (key.startsWith('user:')) {
      const user = await this.deps.users.get(key.slice('user:'.length));
      if (!user) return { email: '' };
      await this.deps.users.setDigestOptOut(user.id, true);
      return { email: user.email };
    }
    const email = key.slice('email:'.length);
    await this.deps.digests.setOptedOut(email, true);
    return { email };
  }

  private async run(week: string, configured: readonly string[]): Promise<DigestRun> {
    if (!(await this.deps.digests.getWeek(week))) {
      const built = await this.build(week);
      // A week with nothing to say is neither sent nor archived.
      if (isEmptyWeek(built.week)) return { week, status: 'empty', queued: 0, alreadySent: 0 };
      await this.deps.digests.saveWeek(built.week, built.accounts);
    }
    const [recipients, sends] = await Promise.all([
      this.resolveAll(configured),
      this.deps.digests.sends(week),
    ]);
    const sent = new Set(sends.filter((s) => s.status === 'sent').map((s) => s.recipient));
    const due = recipients.filter((r) => !sent.has(r.key));
    const at = this.deps.clock.now().toISOString();
    for (const recipient of due) {
      await this.deps.events.publish({
        type: 'DigestDeliveryDue',
        id: `digest-${week}-${recipient.key}`,
        at,
        detail: { week, recipient: recipient.key, team: recipient.team },
      });
    }
    return { week, status: 'started', queued: due.length, alreadySent: recipients.length - due.length };
  }

  /**
   * The events whose post and comment everyone may read: what moderators withheld (a post with
   * `moderation`, a hidden or deleted comment) is left out, as if it never happened.
   */
  private async withoutWithheld(
    ...weeks: readonly ActivityEvent[][]
  ): Promise<[ActivityEvent[], ActivityEvent[]]> {
    const all = weeks.flat();
    const postIds = [...new Set(all.map((e) => e.postId))];
    const posts = postIds.length > 0 ? await this.deps.posts.getMany(postIds) : [];
    const withheldPosts = new Set(posts.filter(isWithheld).map((p) => p.id));
    const commentKeys = new Map<string, { postId: string; commentId: string }>();
    for (const e of all) {
      if (e.commentId && !withheldPosts.has(e.postId)) {
        commentKeys.set(`${e.postId}/${e.commentId}`, { postId: e.postId, commentId: e.commentId });
      }
    }
    const { comments } = this.deps;
    const gone = new Set<string>();
    if (comments) {
      const keys = [...commentKeys];
      // A week's comments, read a few dozen at a time: the digest runs once a week, off any request.
      for (let i = 0; i < keys.length; i += 25) {
        await Promise.all(
          keys.slice(i, i + 25).map(async ([key, { postId, commentId }]) => {
            const c = await comments.get(postId, commentId);
            // Removed by moderators (deleted with their record) or hidden; one its author deleted counts.
            if (c && (c.hidden || (c.deleted && c.moderation))) gone.add(key);
          }),
        );
      }
    }
    const keep = (e: ActivityEvent) =>
      !withheldPosts.has(e.postId) && !(e.commentId && gone.has(`${e.postId}/${e.commentId}`));
    return [weeks[0]?.filter(keep) ?? [], weeks[1]?.filter(keep) ?? []];
  }

  /** Reads the week's activity and the week before's, and what they touch: never anything older. */
  private async build(week: string): Promise<{ week: DigestWeek; accounts: DigestAccount[] }> {
    const { timeZone } = this.deps;
    const days = weekDays(week);
    if (!days) throw new ValidationError({ week: 'The week must be an ISO week that exists, as 2026-W49.' });
    const bounds = weekBounds(week, timeZone);
    const before = weekBounds(previousWeek(week), timeZone);
    const [allEvents, allPreviousEvents] = await Promise.all([
      this.deps.activity.between(bounds.start, bounds.end),
      this.deps.activity.between(before.start, before.end),
    ]);
    // Withheld content earns no place in the digest: not its post, nor a hidden or removed comment.
    const [events, previousEvents] = await this.withoutWithheld(allEvents, allPreviousEvents);
    const postIds = [...new Set(events.map((e) => e.postId))];
    const moved = [
      ...new Set(
        events.filter((e) => e.kind === 'status' && e.to && NEWS_FOR_ASKERS.has(e.to)).map((e) => e.postId),
      ),
    ];
    const userIds = [...new Set([...events, ...previousEvents].map((e) => e.userId))];
    const [posts, users, backerLists, stories] = await Promise.all([
      postIds.length > 0 ? this.deps.posts.getMany(postIds) : ([] as Post[]),
      userIds.length > 0 ? this.deps.users.getMany(userIds) : ([] as User[]),
      Promise.all(
        moved.map(async (id) => [id, await this.deps.demand.backersOf(DIGEST_READER, id)] as const),
      ),
      this.storiesOf(days, bounds),
    ]);
    const usersById = new Map(users.map((u) => [u.id, u]));
    const backers = new Map(backerLists);
    const companyIds = new Set<string>([...backers.values()].flat());
    for (const e of [...events, ...previousEvents]) {
      const id = e.companyId ?? usersById.get(e.userId)?.companyId;
      if (id) companyIds.add(id);
    }
    const companies = await this.deps.companies.getMany(DIGEST_READER, [...companyIds]);
    return buildWeek({
      week,
      timeZone,
      monday: days.monday,
      sunday: days.sunday,
      builtAt: this.deps.clock.now().toISOString(),
      events: events.sort(byTime),
      previousEvents,
      posts: new Map(posts.map((p) => [p.id, p])),
      users: usersById,
      companies: new Map(companies.map((c): [string, Company] => [c.id, c])),
      backers,
      stories,
      dayOf: (at) => localDay(new Date(at), timeZone),
      days: daysOfWeek(week),
    });
  }

  /** Stories cleared for use that week, each as its author's consent allows it out today. */
  private async storiesOf(
    days: { monday: string; sunday: string },
    bounds: { start: string; end: string },
  ): Promise<{ approved: DigestStory[]; featured: DigestStory[] }> {
    const input = await this.deps.stories.digestInput(DIGEST_READER, {
      from: bounds.start.slice(0, 10),
      to: bounds.end.slice(0, 10) > days.sunday ? bounds.end.slice(0, 10) : days.sunday,
      since: bounds.start,
      until: bounds.end,
    });
    const toStory = (p: (typeof input.approved)[number]): DigestStory => ({
      postId: p.id,
      title: p.title,
      attribution: p.story?.attribution?.byline ?? '',
      ...(p.story?.quote ? { quote: p.story.quote } : {}),
      ...(p.story?.disclosure ? { disclosure: p.story.disclosure } : {}),
    });
    return { approved: input.approved.map(toStory), featured: input.featured.map(toStory) };
  }

  private async render(
    actor: Actor,
    week: DigestWeek,
    as: string | undefined,
    accountsOf: (recipient: DigestRecipient) => Promise<Accounts>,
  ): Promise<DigestRendering> {
    const recipients = await this.resolveAll(this.deps.configuredRecipients);
    const viewer = actor.kind === 'user' ? actor.user : undefined;
    const recipient =
      (as ? recipients.find((r) => r.key === as) : undefined) ??
      recipients.find((r) => r.key === `user:${viewer?.id}`) ??
      (viewer
        ? { key: `user:${viewer.id}`, email: viewer.email, name: viewer.name, team: viewer.team ?? 'product' }
        : undefined);
    if (!recipient) throw new NotFoundError('Recipient');
    if (as && recipient.key !== as) throw new NotFoundError('Recipient');
    const accounts = await accountsOf(recipient);
    return {
      week,
      recipient,
      recipients,
      message: digestEmail(this.letter(week, recipient, accounts)),
      empty: isEmptyWeek(week),
    };
  }

  private letter(week: DigestWeek, recipient: DigestRecipient, accounts: Accounts): DigestLetter {
    const token = signDigestUnsubscribe(this.deps.secret, recipient.key);
    return {
      week,
      recipient: { name: recipient.name, email: recipient.email, team: recipient.team },
      accounts: accounts.list,
      accountsAreFallback: accounts.fallback,
      links: {
        origin: this.origin,
        unsubscribeUrl: `${this.origin}/unsubscribe/digest/${token}`,
        oneClickUrl: `${this.origin}/api/digests/unsubscribe?token=${token}`,
        settingsUrl: `${this.origin}/account#digest`,
        archiveUrl: `${this.origin}/staff/digests/${week.week}`,
      },
    };
  }

  private async storedAccounts(week: string, recipient: DigestRecipient): Promise<Accounts> {
    if (recipient.team !== 'sales') return { list: [], fallback: false };
    const own = await this.deps.digests.accountsOf(week, recipient.email);
    if (own.length > 0) return { list: own, fallback: false };
    return accountsFor(await this.deps.digests.allAccounts(week), recipient);
  }

  private async resolveAll(configured: readonly string[]): Promise<DigestRecipient[]> {
    const members = await this.deps.users.teamMembers();
    const users = members.length > 0 ? await this.deps.users.getMany(members.map((m) => m.userId)) : [];
    const recipients = users.flatMap((user) => {
      const recipient = userRecipient(user, user.team);
      return recipient ? [recipient] : [];
    });
    const emails = new Set(recipients.map((r) => r.email.toLowerCase()));
    for (const address of new Set(configured.map((a) => a.trim().toLowerCase()).filter(Boolean))) {
      if (emails.has(address)) continue;
      const recipient = await this.resolve(`email:${address}`);
      if (recipient) {
        recipients.push(recipient);
        emails.add(address);
      }
    }
    return recipients;
  }

  /**
   * A recipient as they are now: a person must still be staff and not have turned the digest off; a
   * configured address that is a person's is that person's (a customer's is never sent one).
   */
  private async resolve(key: string, team: DigestTeam = 'product'): Promise<DigestRecipient | null> {
    if (key.startsWith('user:')) {
      const user = await this.deps.users.get(key.slice('user:'.length));
      // A person's team as it is now: one removed since the week started stops their email.
      // A configured address that is a staff member's without a team gets the product sections.
      const configured =
        user && this.deps.configuredRecipients.some((a) => a.toLowerCase() === user.email.toLowerCase());
      return user ? userRecipient(user, user.team ?? (configured ? 'product' : undefined)) : null;
    }
    if (!key.startsWith('email:')) return null;
    const email = key.slice('email:'.length);
    const user = await this.deps.users.findByEmail(email);
    if (user) return userRecipient(user, user.team ?? 'product');
    if (await this.deps.digests.isOptedOut(email)) return null;
    return { key, email, name: email, team };
  }
}

/** A delivery found the email claimed by another that has not finished: retry later. */
export class DigestSendHeldError extends Error {
  constructor(week: string, recipient: string) {
    super(`The ${week} digest for ${recipient} is being sent by another delivery; retry later.`);
    this.name = 'DigestSendHeldError';
  }
}

interface Accounts {
  list: DigestAccount[];
  fallback: boolean;
}

function userRecipient(user: User, team: DigestTeam | undefined): DigestRecipient | null {
  if (!team || user.digestOptOut || !isStaff({ kind: 'user', user })) return null;
  return { key: `user:${user.id}`, email: user.email, name: user.name, team };
}

/** A sales rep's own accounts, or, when they own none, the week's most valuable ones. */
function accountsFor(all: readonly DigestAccount[], recipient: DigestRecipient): Accounts {
  if (recipient.team !== 'sales') return { list: [], fallback: false };
  const own = all.filter((a) => a.owner === recipient.email.toLowerCase());
  if (own.length > 0) return { list: own, fallback: false };
  const active = all.filter((a) => !a.goneQuiet).sort((a, b) => b.mrr - a.mrr);
  return { list: active.slice(0, FALLBACK_ACCOUNTS), fallback: active.length > 0 };
}

const byTime = (a: ActivityEvent, b: ActivityEvent) => a.at.localeCompare(b.at);
