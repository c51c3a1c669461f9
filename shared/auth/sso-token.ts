/**
 * Verifies the JWT a host product signs its user in with (HS256, shared secret), as Canny and
 * Featurebase do. Each failure gets its own message, because the integrator debugging their backend
 * needs to know which of their claims or keys is wrong.
 */
import { errors, jwtVerify } from 'jose';
import { z } from 'zod';
import { ROLES } from '../domain/types.ts';
import { UnauthenticatedError } from '../domain/errors.ts';

export const ssoClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(80),
  company: z.string().trim().min(1).max(120).optional(),
  role: z.enum(ROLES).optional(),
});
export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

export async function verifySsoToken(token: string, secret: string): Promise<SsoClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    throw new UnauthenticatedError(explain(error));
  }
  const claims = ssoClaimsSchema.safeParse(payload);
  if (!claims.success) {
    const fields = claims.error.issues.map((i) => i.path.join('.') || 'token').join(', ');
    throw new UnauthenticatedError(`The sign-in token's claims are missing or invalid: ${fields}.`);
  }
  return claims.data;
}

function explain(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The sign-in token has expired.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The sign-in token must be signed with HS256.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The sign-in token signature is not valid.';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `The sign-in token is not valid yet or has a bad claim: ${error.claim}.`;
  return 'The sign-in token is malformed.';
}
