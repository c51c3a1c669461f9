/**
 * Signs an SSO token as a host product would. Used by the local dev sign-in, the seed's printed
 * instructions and the tests; production never signs tokens, it only verifies them.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SsoClaims } from './sso-token.ts';

export interface SignOptions {
  /** When the token is issued (`iat`); tests on a fake clock pass theirs. Default: now. */
  now?: Date;
  /** From `iat` to `exp`; Hearth accepts at most 10 minutes. Default: 5 minutes. */
  expiresInSeconds?: number;
  /** The token's id; a fresh random one by default, as each token signs in once. */
  jti?: string;
}

export async function signSsoToken(
  claims: SsoClaims,
  secret: string,
  { now = new Date(), expiresInSeconds = 5 * 60, jti = randomUUID() }: SignOptions = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + expiresInSeconds)
    .sign(new TextEncoder().encode(secret));
}
