/**
 * Where to go after signing in: only a path on this site, so sign-in pages cannot bounce people
 * elsewhere. Checking the string's shape is not enough, since browsers drop tabs and newlines inside
 * URLs (`/\t/evil.example` is `//evil.example`) and read `\` as `/`: the target is parsed as a browser
 * would, against the site's origin, and only a same-origin result is kept, re-serialized (so no control
 * characters reach the Location header). Anything else goes to the home page.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (!next || !next.startsWith('/')) return '/';
  let target: URL;
  try {
    target = new URL(next, origin);
  } catch {
    return '/';
  }
  if (target.origin !== new URL(origin).origin) return '/';
  return target.pathname + target.search + target.hash;
}
