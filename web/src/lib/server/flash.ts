/**
 * One-shot messages across a redirect: an action that succeeds sets one and redirects (303), and the
 * next page render shows it once in the layout's status region. A cookie rather than a query string,
 * so a reload or a shared link does not repeat it.
 */
import type { Cookies } from '@sveltejs/kit';
import { runtime } from './runtime.ts';

const COOKIE = 'hearth_flash';
const OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 } as const;

export function setFlash(cookies: Cookies, message: string): void {
  cookies.set(COOKIE, message.slice(0, 300), { ...OPTIONS, secure: runtime().config.secureCookies });
}

export function takeFlash(cookies: Cookies): string | null {
  const message = cookies.get(COOKIE);
  if (message === undefined) return null;
  cookies.delete(COOKIE, { path: '/', secure: runtime().config.secureCookies });
  return message || null;
}
