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
  const host = headers['x-forwarded-host'] || headers.host;
  const allowed = (origin: string) => {
    try {
      const url = new URL(origin);
      return url.host === host || (config.publicOrigin !== undefined && url.origin === config.publicOrigin);
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
