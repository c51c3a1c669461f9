import type { Handle, HandleServerError } from '@sveltejs/kit';
import { actorFor } from '$shared/domain/types.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';

export const handle: Handle = async ({ event, resolve }) => {
  const sessionToken = event.cookies.get(SESSION_COOKIE) || undefined;
  const user = await runtime().services.auth.userForSession(sessionToken);
  event.locals.user = user;
  event.locals.actor = actorFor(user, event.getClientAddress());
  event.locals.sessionToken = sessionToken;
  // Sessions slide: each visit renews the cookie's lifetime along with the stored session's.
  if (user && sessionToken) {
    event.cookies.set(SESSION_COOKIE, sessionToken, sessionCookieOptions(runtime().config.secureCookies));
  }
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  response.headers.set('x-frame-options', 'DENY');
  return response;
};

export const handleError: HandleServerError = ({ error, status }) => {
  if (status >= 500) {
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'Unhandled page error',
        error: String(error),
        stack: (error as Error)?.stack,
      }),
    );
  }
  return { message: status === 404 ? 'We could not find that page.' : 'Something went wrong on our side.' };
};
