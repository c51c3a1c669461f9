/**
 * CSRF defence for the JSON API. SvelteKit checks the origin of form posts, but not of JSON endpoints,
 * and a session cookie (SameSite=Lax) still rides along on some cross-site requests.
 */
import type { Config } from '../../shared/runtime/config.ts';

export function isAllowedOrigin(
  headers: Record<string, string>,
  hasSessionCookie: boolean,
  config: Pick<Config, 'publicOrigin'>,
): boolean {
  const own = ownOrigin(headers, config);
  const allowed = (origin: string) => {
    try {
      const { origin: theirs } = new URL(origin);
      return theirs === own || (config.publicOrigin !== undefined && theirs === config.publicOrigin);
    } catch {
      return false;
    }
  };
  const origin = headers.origin;
  if (origin && origin !== 'null') return allowed(origin);
  if (origin === 'null') return false;
  // Programs calling the API without a browser send no Origin and no cookie: nothing to forge.
  if (!hasSessionCookie) return true;
  const referer = headers.referer;
  return referer !== undefined && allowed(referer);
}

/**
 * The origin the visitor addressed: scheme and host. A host alone would let `https://board.example`
 * act on `http://board.example` (and the reverse), which browsers treat as different sites' origins. API
 * Gateway sets `x-forwarded-proto` on every request; without it, the configured public origin decides.
 */
function ownOrigin(
  headers: Record<string, string>,
  config: Pick<Config, 'publicOrigin'>,
): string | undefined {
  const host = headers['x-forwarded-host'] || headers.host;
  if (!host) return undefined;
  const forwarded = headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
  const scheme =
    forwarded === 'http' || forwarded === 'https'
      ? forwarded
      : config.publicOrigin?.startsWith('http://')
        ? 'http'
        : 'https';
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return undefined;
  }
}
