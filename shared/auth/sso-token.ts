/**
 * Verifies the JWT a host product signs its user in with (HS256, shared secret), as Canny and
 * Featurebase do. Each failure gets its own message, because the integrator debugging their backend
 * needs to know which of their claims or keys is wrong.
 *
 * A token is a bearer credential that can leak (a `?sso=` link lands in history, logs and Referer
 * headers), so it must be short-lived and is good for one sign-in: `exp` and `iat` are required, at
 * most MAX_TOKEN_LIFETIME_SECONDS apart, and the caller spends the token's id (see `tokenId`).
 */
import { createHash } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import * as z from 'zod';
import { ROLES } from '../domain/types.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import { companyIdSchema, companyInputSchema, type CompanyInput } from '../domain/schemas.ts';

/** The longest a token may live, from `iat` to `exp`. */
export const MAX_TOKEN_LIFETIME_SECONDS = 10 * 60;
/** How far the host's clock may run ahead of ours (an `iat` this far in the future still counts). */
export const CLOCK_SKEW_SECONDS = 60;

export const ssoClaimsSchema = z.object({
  sub: z.string().min(1).max(200),
  email: z.email().max(320),
  name: z.string().trim().min(1).max(80),
  /** A name (as before companies were records), or the company as the host product knows it. */
  company: z
    .union([z.string().trim().min(1).max(120), companyInputSchema.extend({ id: companyIdSchema })])
    .optional(),
  role: z.enum(ROLES).optional(),
});
export type SsoClaims = z.infer<typeof ssoClaimsSchema>;

const tokenClaimsSchema = z.object({
  iat: z.number(),
  exp: z.number(),
  jti: z.string().min(1).max(200).optional(),
});

export interface VerifiedSsoToken {
  claims: SsoClaims;
  /** What makes this token single-use: its `jti` when it has one, else a hash of the whole token. */
  tokenId: string;
  /** The token's `exp`: until then its id must stay spent. */
  expiresAt: Date;
}

export async function verifySsoToken(token: string, secret: string, now: Date): Promise<VerifiedSsoToken> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat'],
      currentDate: now,
    }));
  } catch (error) {
    throw new UnauthenticatedError(explain(error));
  }
  const claims = ssoClaimsSchema.safeParse(payload);
  const times = tokenClaimsSchema.safeParse(payload);
  if (!claims.success || !times.success) {
    const issues = [...(claims.error?.issues ?? []), ...(times.error?.issues ?? [])];
    const fields = issues.map((i) => i.path.join('.') || 'token').join(', ');
    throw new UnauthenticatedError(`The sign-in token's claims are missing or invalid: ${fields}.`);
  }
  const { iat, exp, jti } = times.data;
  if (iat > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) {
    throw new UnauthenticatedError('The sign-in token was issued in the future (iat): check your clock.');
  }
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new UnauthenticatedError(
      `The sign-in token lives too long: exp must be at most ${MAX_TOKEN_LIFETIME_SECONDS / 60} minutes after iat.`,
    );
  }
  return {
    claims: claims.data,
    tokenId: jti ? `jti#${jti}` : `sha256#${createHash('sha256').update(token).digest('base64url')}`,
    expiresAt: new Date(exp * 1000),
  };
}

function explain(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The sign-in token has expired.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The sign-in token must be signed with HS256.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The sign-in token signature is not valid.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return `The sign-in token lacks the required claim: ${error.claim}.`;
    return `The sign-in token is not valid yet or has a bad claim: ${error.claim}.`;
  }
  return 'The sign-in token is malformed.';
}

/**
 * The company a verified claim names, as an upsert: a bare name becomes a company whose id is the name
 * slugified, so the same name from every sign-in lands on the same record.
 */
export function companyOfClaims(claims: SsoClaims): { id: string; input: CompanyInput } | undefined {
  const { company } = claims;
  if (company === undefined) return undefined;
  if (typeof company === 'string') return { id: companyIdFromName(company), input: { name: company } };
  const { id, ...input } = company;
  return { id, input };
}

/** Lowercase ASCII words joined by dashes; a name with none (say, all CJK) gets a stable hash instead. */
export function companyIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
  return slug || `c-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}
