import type { User } from '../domain/types.ts';
import { parseInput, ssoSignInSchema } from '../domain/schemas.ts';
import { verifySsoToken } from '../auth/sso-token.ts';
import { hashSessionToken, newSessionToken, SESSION_TTL_SECONDS } from '../auth/session-token.ts';
import type { Clock, SessionStore, UserStore } from '../ports/index.ts';

export interface SignedIn {
  user: User;
  /** The raw session token for the cookie; never stored. */
  sessionToken: string;
}

export class AuthService {
  constructor(
    private readonly deps: { users: UserStore; sessions: SessionStore; clock: Clock; ssoSecret: string },
  ) {}

  async signInWithSso(input: unknown): Promise<SignedIn> {
    const { token } = parseInput(ssoSignInSchema, input);
    const claims = await verifySsoToken(token, this.deps.ssoSecret);
    const now = this.deps.clock.now();
    const user = await this.deps.users.upsertByIdentity(
      'sso',
      claims.sub,
      {
        email: claims.email.toLowerCase(),
        name: claims.name,
        role: claims.role ?? 'customer',
        company: claims.company,
      },
      now.toISOString(),
    );
    return { user, sessionToken: await this.startSession(user, now) };
  }

  /** The signed-in user for a session token, or null for a missing, unknown or expired session. */
  async userForSession(sessionToken: string | undefined): Promise<User | null> {
    if (!sessionToken) return null;
    const session = await this.deps.sessions.get(hashSessionToken(sessionToken), this.deps.clock.now());
    if (!session) return null;
    return this.deps.users.get(session.userId);
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
