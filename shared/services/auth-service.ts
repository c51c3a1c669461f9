import type { Actor, User } from '../domain/types.ts';
import { requireUser, sanctionMessage } from './policy.ts';
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import { maySignIn } from '../domain/moderation.ts';
import {
  magicLinkRequestSchema,
  magicLinkSignInSchema,
  parseInput,
  ssoSignInSchema,
} from '../domain/schemas.ts';
import { magicLinkEmail } from '../notify/magic-link-email.ts';
import type { RateLimits } from './rate-limits.ts';
import { inboxKey } from '../domain/rate-limits.ts';
import { companyOfClaims, verifySsoToken } from '../auth/sso-token.ts';
import type { CompanyService } from './company-service.ts';
import { hashSessionToken, newSessionToken, SESSION_TTL_SECONDS } from '../auth/session-token.ts';
import type {
  Clock,
  Mailer,
  MagicLinkStore,
  SessionStore,
  SpentTokenStore,
  UserStore,
} from '../ports/index.ts';

/** How long a sign-in link works. */
export const MAGIC_LINK_MINUTES = 15;

/** A session in use is extended when its expiry has fallen this far behind a fresh one. */
const SESSION_EXTEND_AFTER_MS = 24 * 60 * 60 * 1000;

export interface SignedIn {
  user: User;
  /** The raw session token for the cookie; never stored. */
  sessionToken: string;
}

export class AuthService {
  constructor(
    private readonly deps: {
      users: UserStore;
      sessions: SessionStore;
      magicLinks: MagicLinkStore;
      spentSsoTokens: SpentTokenStore;
      mailer: Mailer;
      limits: RateLimits;
      clock: Clock;
      ssoSecret: string;
      siteUrl: string;
      /** People who are admins as soon as they sign in (ADMIN_EMAILS): how the first admin appears. */
      adminEmails: readonly string[];
      companyService: CompanyService;
    },
  ) {}

  /**
   * Emails a single-use sign-in link. The answer is the same whether or not the address has an
   * account (a link to an unknown address signs up), so the form cannot be used to probe for users.
   */
  async requestMagicLink(input: unknown, context: { ip?: string } = {}): Promise<void> {
    const { email } = parseInput(magicLinkRequestSchema, input);
    const address = email.toLowerCase();
    await this.deps.limits.check('signIn', { ip: context.ip });
    await this.deps.limits.check('signInEmail', { userId: inboxKey(address) });
    const now = this.deps.clock.now();
    // A suspended or banned person gets no link, and the form answers as for anyone: telling whoever
    // typed the address that its owner is suspended, and why, would shame them in public.
    const known = await this.deps.users.findByEmail(address);
    if (known && !maySignIn(known.sanction, now)) return;
    const token = newSessionToken();
    await this.deps.magicLinks.create(hashSessionToken(token), {
      email: address,
      expiresAt: new Date(now.getTime() + MAGIC_LINK_MINUTES * 60_000).toISOString(),
    });
    const link = `${this.deps.siteUrl.replace(/\/+$/, '')}/auth/magic/${token}`;
    await this.deps.mailer.send(magicLinkEmail({ to: address, link, minutes: MAGIC_LINK_MINUTES }));
  }

  async signInWithMagicLink(input: unknown): Promise<SignedIn> {
    const { token } = parseInput(magicLinkSignInSchema, input);
    const link = await this.deps.magicLinks.consume(hashSessionToken(token));
    const now = this.deps.clock.now();
    if (!link || Date.parse(link.expiresAt) <= now.getTime()) {
      throw new UnauthenticatedError('This sign-in link has expired or was already used. Ask for a new one.');
    }
    // An address already known (from SSO, or a vote staff added) signs in as that person, role intact.
    // findByEmail knows only current addresses: an old one, after an SSO email change, is a new customer.
    let user =
      (await this.deps.users.findByEmail(link.email)) ??
      (await this.deps.users.upsertByIdentity(
        'email',
        link.email,
        { email: link.email, name: link.email.split('@')[0] ?? link.email, role: 'customer' },
        now.toISOString(),
      ));
    refuseSanctioned(user, now);
    user = await this.promoteListedAdmin(user);
    return { user, sessionToken: await this.startSession(user, now) };
  }

  /** ADMIN_EMAILS are admins whichever way they sign in: how a new site gets its first admin. */
  private async promoteListedAdmin(user: User): Promise<User> {
    if (!this.deps.adminEmails.includes(user.email.toLowerCase()) || user.role === 'admin') return user;
    return this.deps.users.setRole(user.id, 'admin');
  }

  async signInWithSso(input: unknown): Promise<SignedIn> {
    const { token } = parseInput(ssoSignInSchema, input);
    const now = this.deps.clock.now();
    const { claims, tokenId, expiresAt } = await verifySsoToken(token, this.deps.ssoSecret, now);
    // Spent before anything else happens: a token that leaked (history, logs, a Referer) signs in nobody.
    if (!(await this.deps.spentSsoTokens.spend(tokenId, expiresAt, now))) {
      throw new UnauthenticatedError(
        'The sign-in token was already used: sign a fresh one (with its own jti) for each sign-in.',
      );
    }
    const email = claims.email.toLowerCase();
    const named = companyOfClaims(claims);
    const company = named
      ? (await this.deps.companyService.upsert({ kind: 'ssoClaim', tokenId }, named.id, named.input)).company
      : undefined;
    // A person belongs to one company, the one their latest sign-in names: a move changes companyId for
    // what they do from now on. Nothing already recorded is rewritten (votes will keep the company they
    // were cast for).
    let user = await this.deps.users.upsertByIdentity(
      'sso',
      claims.sub,
      {
        email,
        name: claims.name,
        ...(claims.role ? { role: claims.role } : {}),
        ...(company ? { company: company.name, companyId: company.id } : {}),
      },
      now.toISOString(),
    );
    refuseSanctioned(user, now);
    user = await this.promoteListedAdmin(user);
    return { user, sessionToken: await this.startSession(user, now) };
  }

  /**
   * The signed-in user for a session token, or null for a missing, unknown or expired session. Sessions
   * slide: one in use is extended to a full SESSION_TTL again, written at most once a day.
   */
  async userForSession(sessionToken: string | undefined): Promise<User | null> {
    if (!sessionToken) return null;
    const hash = hashSessionToken(sessionToken);
    const now = this.deps.clock.now();
    const session = await this.deps.sessions.get(hash, now);
    if (!session) return null;
    const fullExpiry = now.getTime() + SESSION_TTL_SECONDS * 1000;
    const [user] = await Promise.all([
      this.deps.users.get(session.userId),
      fullExpiry - Date.parse(session.expiresAt) > SESSION_EXTEND_AFTER_MS
        ? this.deps.sessions.extend(hash, new Date(fullExpiry).toISOString())
        : undefined,
    ]);
    // A suspension ends the person's sessions; one that outran that clean-up ends here, on its next use.
    // It is expired (an update) rather than deleted: reads run where only updates to sessions are allowed.
    if (user && !maySignIn(user.sanction, now)) {
      await this.deps.sessions.extend(hash, now.toISOString());
      return null;
    }
    return user;
  }

  /** Ends every session of the signed-in user, on every device, this one included. */
  async signOutEverywhere(actor: Actor): Promise<{ sessionsEnded: number }> {
    const user = requireUser(actor, 'Sign in first.');
    return { sessionsEnded: await this.deps.sessions.deleteAllForUser(user.id) };
  }

  async signOut(sessionToken: string | undefined): Promise<void> {
    if (sessionToken) await this.deps.sessions.delete(hashSessionToken(sessionToken));
  }

  private async startSession(user: User, now: Date): Promise<string> {
    const token = newSessionToken();
    await this.deps.sessions.create(hashSessionToken(token), {
      userId: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000).toISOString(),
    });
    return token;
  }
}

/** Suspended and banned people may not sign in, by any way: they are told until when, and why. */
function refuseSanctioned(user: User, now: Date): void {
  if (!maySignIn(user.sanction, now)) throw new ForbiddenError(sanctionMessage(user.sanction, now));
}
