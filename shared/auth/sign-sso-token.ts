/**
 * Signs an SSO token as a host product would. Used by the local dev sign-in, the seed's printed
 * instructions and the tests; production never signs tokens, it only verifies them.
 */
import { SignJWT } from 'jose';
import type { SsoClaims } from './sso-token.ts';

export async function signSsoToken(claims: SsoClaims, secret: string, expiresIn = '10m'): Promise<string> {
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
