/**
 * Where to go after signing in: only a path on this site, so sign-in pages cannot bounce people
 * elsewhere. `//host` and `/\host` are other sites to a browser, so they fall back to the home page.
 */
export function safeNext(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
