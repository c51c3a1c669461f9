import { redirect, type Handle, type HandleServerError, type RequestEvent } from '@sveltejs/kit';
import { DomainError, ServiceUnavailableError } from '$shared/domain/errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { actorFor } from '$shared/domain/types.ts';
import { isBotAgent } from '$shared/domain/analytics.ts';
import { SESSION_COOKIE, sessionCookieOptions } from '$shared/auth/session-token.ts';
import { runtime } from '$lib/server/runtime.ts';
import { safeNext } from '$lib/server/safe-next.ts';

/**
 * `?sso=<JWT>` on any page: the host product links its signed-in user straight into the board. The
 * token is spent here and dropped from the address (so it is not bookmarked, shared or logged further).
 */
async function ssoFromQuery(event: RequestEvent): Promise<void> {
  const token = event.url.searchParams.get('sso');
  if (token === null || event.request.method !== 'GET') return;
  const clean = new URL(event.url);
  clean.searchParams.delete('sso');
  const { config, services } = runtime();
  try {
    const { user, sessionToken } = await services.auth.signInWithSso({ token });
    event.cookies.set(SESSION_COOKIE, sessionToken, sessionCookieOptions(config.secureCookies));
    setFlash(event.cookies, `Signed in as ${user.name}.`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    setFlash(event.cookies, `Single sign-on failed: ${error.message}`);
  }
  // Thrown rather than returned, so that SvelteKit adds the cookies set above to the redirect. The path
  // is the visitor's own, but `//evil.example/?sso=…` would make it another site's: safeNext keeps it here.
  redirect(303, safeNext(clean.pathname + clean.search, event.url.origin));
}

/** Requests whose page failed because the database was unavailable (see handleError). */
const unavailable = new WeakMap<Request, ServiceUnavailableError>();

/**
 * The database throttling or failing is a 503 with Retry-After, never a 500, however the error
 * reached SvelteKit: a load's loadOrError already answers 503; an error thrown elsewhere (a load's
 * unwrapped call, this hook) is noted by handleError and its 500 turned into a 503 here.
 */
export const handle: Handle = async (input) => {
  let response: Response;
  try {
    response = await handlePage(input);
  } catch (error) {
    if (!(error instanceof ServiceUnavailableError)) throw error;
    response = new Response(error.message, { status: 503, headers: { 'content-type': 'text/plain' } });
    unavailable.set(input.event.request, error);
  }
  const cause = unavailable.get(input.event.request);
  if (cause && response.status === 500) {
    response = new Response(response.body, { status: 503, headers: response.headers });
  }
  if (response.status === 503) {
    response.headers.set('retry-after', String(cause?.retryAfterSeconds ?? 1));
  }
  return response;
};

const handlePage: Handle = async ({ event, resolve }) => {
  await ssoFromQuery(event);
  const sessionToken = event.cookies.get(SESSION_COOKIE) || undefined;
  const user = await runtime().services.auth.userForSession(sessionToken);
  event.locals.user = user;
  const person = actorFor(user, event.getClientAddress());
  // Crawlers and scripts are served like anyone else; analytics alone reads `bot`, to leave them out.
  event.locals.actor = isBotAgent(event.request.headers.get('user-agent'))
    ? { ...person, bot: true }
    : person;
  event.locals.sessionToken = sessionToken;
  // Sessions slide: each visit renews the cookie's lifetime along with the stored session's.
  if (user && sessionToken) {
    event.cookies.set(SESSION_COOKIE, sessionToken, sessionCookieOptions(runtime().config.secureCookies));
  }
  const response = await resolve(event);
  response.headers.set('x-content-type-options', 'nosniff');
  response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
  response.headers.set('x-frame-options', 'DENY');
  // Pages get SvelteKit's CSP (svelte.config.js); endpoints (the Atom feed, the data export, similar
  // posts) answer data that should never run or load anything if opened in a tab.
  const html = response.headers.get('content-type')?.startsWith('text/html') ?? false;
  if (!html && !response.headers.has('content-security-policy')) {
    response.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  }
  return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
  if (error instanceof ServiceUnavailableError) {
    unavailable.set(event.request, error);
    return { message: error.message };
  }
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
