/**
 * Sanctions: warn, silence (for some days), suspend (for some days), ban, and lifting them. Staff
 * sanction customers; only admins ban or sanction staff; nobody sanctions themself. The sanction, its
 * audit line and the person's private notice are one transaction; a suspension or ban also ends every
 * session the person has. What a sanction forbids is enforced where it matters: policy.requireParticipant
 * in the writing services, and AuthService for signing in and for every session in use.
 */
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import {
  maySignIn,
  SANCTION_NEEDS_END,
  sanctionInForce,
  type AuditEntry,
  type Sanction,
} from '../../domain/moderation.ts';
import {
  liftSanctionSchema,
  sanctionInputSchema,
  STANDING_HISTORY,
  type StandingView,
} from '../../domain/sanction-schemas.ts';
import { parseInput, userIdSchema } from '../../domain/schemas.ts';
import { isAdmin, isStaff, type Actor, type User } from '../../domain/types.ts';
import type {
  AuditLogStore,
  Clock,
  EventBus,
  IdGenerator,
  Outbox,
  SessionStore,
  UserStore,
} from '../../ports/index.ts';
import { publishFromOutbox } from '../outbox.ts';
import { requireStaff, requireUser } from '../policy.ts';
import { moderationNoticeEvent, MODERATORS } from './notice.ts';

const DAY_MS = 86_400_000;

export interface SanctionServiceDeps {
  users: UserStore;
  sessions: SessionStore;
  auditLog: AuditLogStore;
  outbox: Outbox;
  events: EventBus;
  clock: Clock;
  ids: IdGenerator;
}

export class SanctionService {
  constructor(private readonly deps: SanctionServiceDeps) {}

  async sanction(actor: Actor, userId: string, input: unknown): Promise<StandingView> {
    const by = requireStaff(actor, 'sanction people');
    const id = parseInput(userIdSchema, userId);
    const { level, reason, days } = parseInput(sanctionInputSchema, input);
    if (SANCTION_NEEDS_END[level] && days === undefined) {
      throw new ValidationError({ days: 'Say for how many days (1 to 365).' });
    }
    if (level === 'ban' && !isAdmin(actor)) throw new ForbiddenError('Only admins can ban.');
    const person = await this.sanctionable(actor, by, id);
    const now = this.deps.clock.now();
    // Only admins ban, so only admins may undo one: a lighter sanction would lift it in effect.
    if (sanctionInForce(person.sanction, now)?.level === 'ban' && !isAdmin(actor)) {
      throw new ForbiddenError('Only admins can change a ban.');
    }
    const at = now.toISOString();
    const sanction: Sanction = {
      level,
      reason,
      at,
      byId: by.id,
      byName: by.name,
      ...(SANCTION_NEEDS_END[level] && days
        ? { until: new Date(now.getTime() + days * DAY_MS).toISOString() }
        : {}),
    };
    // A form sent twice is one sanction: no second audit line, no second notice.
    if (person.sanction && sameSanction(person.sanction, sanction)) return this.standingOf(actor, person);
    await this.write(by, person, sanction, reason, at);
    // Sessions are ended after the sanction is stored: a sign-in racing this finds it and is refused,
    // and userForSession ends any session this misses.
    if (!maySignIn(sanction, now)) await this.deps.sessions.deleteAllForUser(id);
    return this.standingOf(actor, { ...person, sanction });
  }

  async lift(actor: Actor, userId: string, input: unknown = {}): Promise<StandingView> {
    const by = requireStaff(actor, 'lift sanctions');
    const id = parseInput(userIdSchema, userId);
    const { reason } = parseInput(liftSanctionSchema, input ?? {});
    const person = await this.sanctionable(actor, by, id);
    if (!person.sanction) return this.standingOf(actor, person);
    if (person.sanction.level === 'ban' && !isAdmin(actor)) {
      throw new ForbiddenError('Only admins can lift a ban.');
    }
    const { sanction: _lifted, ...lifted } = person;
    await this.write(by, person, null, reason ?? '', this.deps.clock.now().toISOString());
    return this.standingOf(actor, lifted);
  }

  /** Staff see anyone's standing; a person sees their own. */
  async standing(actor: Actor, userId: string): Promise<StandingView> {
    const viewer = requireUser(actor, 'Sign in to see a standing.');
    const id = parseInput(userIdSchema, userId);
    if (viewer.id !== id && !isStaff(actor)) throw new ForbiddenError('Only staff can see others’ standing.');
    const person = viewer.id === id ? viewer : await this.deps.users.get(id);
    if (!person) throw new NotFoundError('User');
    return this.standingOf(actor, person);
  }

  /** The person, if the actor may sanction them: not themself, and staff only by admins. */
  private async sanctionable(actor: Actor, by: User, id: string): Promise<User> {
    if (id === by.id) throw new ForbiddenError('You cannot sanction yourself.');
    // Consistent: the write is conditioned on the sanction read here, and a stale one only fails it.
    const person = await this.deps.users.get(id, { consistent: true });
    if (!person) throw new NotFoundError('User');
    if (person.role !== 'customer' && !isAdmin(actor)) {
      throw new ForbiddenError('Only admins can sanction staff.');
    }
    return person;
  }

  private async write(
    by: User,
    person: User,
    after: Sanction | null,
    reason: string,
    at: string,
  ): Promise<void> {
    const audit: AuditEntry = {
      id: this.deps.ids.next(),
      at,
      action: after ? 'sanction' : 'liftSanction',
      actorId: by.id,
      actorName: by.name,
      target: { kind: 'user', userId: person.id },
      ...(reason ? { reason } : {}),
      ...(person.sanction ? { before: person.sanction } : {}),
      ...(after ? { after } : {}),
    };
    const notice = moderationNoticeEvent({
      eventId: audit.id,
      at,
      recipientId: person.id,
      subject: 'sanction',
      ...(after ? { level: after.level } : {}),
      ...(after?.until ? { until: after.until } : {}),
      reason,
    });
    const written = await this.deps.users.setSanction({
      userId: person.id,
      before: person.sanction,
      after,
      audit,
      notice,
    });
    if (!written) {
      throw new ConflictError('Their standing changed meanwhile (or they are gone): reload and try again.');
    }
    await publishFromOutbox({ outbox: this.deps.outbox, events: this.deps.events }, notice);
  }

  private async standingOf(actor: Actor, person: User): Promise<StandingView> {
    const now = this.deps.clock.now();
    const history = await this.deps.auditLog.aboutUser(person.id, STANDING_HISTORY);
    // The person sees what was decided and why, not which moderator decided it.
    const staff = isStaff(actor);
    const s = person.sanction;
    return {
      ...(s
        ? {
            sanction: {
              ...s,
              ...(staff ? {} : { byId: '', byName: MODERATORS }),
              inForce: sanctionInForce(s, now) !== undefined,
            },
          }
        : {}),
      history: staff ? history : history.map(unnamed),
    };
  }
}

/** How close two submissions must be to count as one sent twice. */
const RESUBMIT_MS = 60_000;

/** The same level and reason, given within a minute, ending within a minute of each other (or never). */
function sameSanction(current: Sanction, next: Sanction): boolean {
  const near = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) < RESUBMIT_MS;
  return (
    current.level === next.level &&
    current.reason === next.reason &&
    near(current.at, next.at) &&
    (current.until === undefined || next.until === undefined
      ? current.until === next.until
      : near(current.until, next.until))
  );
}

/** A line as the person it is about sees it: what was decided, not which moderator decided it. */
function unnamed(line: AuditEntry): AuditEntry {
  const strip = (state: unknown) => {
    if (!state || typeof state !== 'object') return state;
    const { byId: _byId, byName: _byName, ...rest } = state as Record<string, unknown>;
    return rest;
  };
  return {
    ...line,
    actorId: '',
    actorName: MODERATORS,
    ...(line.before !== undefined ? { before: strip(line.before) } : {}),
    ...(line.after !== undefined ? { after: strip(line.after) } : {}),
  };
}
