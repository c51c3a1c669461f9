import { createHash, randomBytes } from 'node:crypto';

/** A fresh session token: 256 random bits. Only its hash is stored, so a table dump grants no sessions. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

export const hashSessionToken = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');

export const SESSION_COOKIE = 'hearth_session';
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

/** The session cookie's attributes; one definition for the JSON API and the web app. */
export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax', maxAge: SESSION_TTL_SECONDS, secure } as const;
}

export function sessionCookie(token: string, { secure }: { secure: boolean }): string {
  const o = sessionCookieOptions(secure);
  return [
    `${SESSION_COOKIE}=${token}`,
    `Path=${o.path}`,
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${o.maxAge}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie({ secure }: { secure: boolean }): string {
  return [
    `${SESSION_COOKIE}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function readCookie(header: string | undefined | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
