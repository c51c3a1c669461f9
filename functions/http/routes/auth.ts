/** Signing in and out: SSO tokens, emailed links, sessions. */
import * as z from 'zod';
import { ownUserView, userView } from '../../../shared/domain/views.ts';
import {
  magicLinkRequestSchema,
  magicLinkSignInSchema,
  ssoSignInSchema,
} from '../../../shared/domain/schemas.ts';
import { err } from './common.ts';
import { clearedSessionCookie, sessionCookie } from '../../../shared/auth/session-token.ts';
import { clientAddress } from '../../../shared/http/client-address.ts';
import { defineRoute, type Route } from '../router.ts';
export const authRoutes: Route[] = [
  defineRoute({
    method: 'POST',
    path: '/api/auth/sso',
    summary: 'Sign in with a JWT signed by the host product (HS256, SSO_SECRET)',
    tag: 'auth',
    auth: 'none',
    body: ssoSignInSchema,
    responses: {
      200: { description: 'Signed in; the session cookie is set', schema: z.object({ user: userView }) },
      400: err('The body lacks a token'),
      401: err(
        'The token is expired, unsigned, wrongly signed or malformed, lacks exp or iat, lives over 10 minutes, or was already used',
      ),
    },
    handle: async ({ runtime, body }) => {
      const { user, sessionToken } = await runtime.services.auth.signInWithSso(body);
      return {
        body: { user: ownUserView(user) },
        cookies: [sessionCookie(sessionToken, { secure: runtime.config.secureCookies })],
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/magic-link',
    summary:
      'Email a single-use sign-in link (15 minutes); the answer never says whether the address has an account',
    tag: 'auth',
    auth: 'none',
    body: magicLinkRequestSchema,
    responses: {
      202: {
        description: 'If the address can receive email, a link is on its way',
        schema: z.object({ message: z.string() }),
      },
      400: err('Not an email address'),
      429: err('Too many sign-in requests from this address or for this email; see Retry-After'),
    },
    handle: async ({ runtime, body, event }) => {
      await runtime.services.auth.requestMagicLink(body, {
        ip: clientAddress(event, runtime.config.originSecret),
      });
      return {
        status: 202,
        body: { message: 'If the address can receive email, a sign-in link is on its way.' },
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/magic-link/sign-in',
    summary: 'Sign in with the token from an emailed link (single use)',
    tag: 'auth',
    auth: 'none',
    body: magicLinkSignInSchema,
    responses: {
      200: { description: 'Signed in; the session cookie is set', schema: z.object({ user: userView }) },
      400: err('No token'),
      401: err('The link expired or was already used'),
    },
    handle: async ({ runtime, body }) => {
      const { user, sessionToken } = await runtime.services.auth.signInWithMagicLink(body);
      return {
        body: { user: ownUserView(user) },
        cookies: [sessionCookie(sessionToken, { secure: runtime.config.secureCookies })],
      };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/sign-out',
    summary: 'End the current session',
    tag: 'auth',
    auth: 'none',
    responses: { 204: { description: 'Signed out; the cookie is cleared' } },
    handle: async ({ runtime, sessionToken }) => {
      await runtime.services.auth.signOut(sessionToken);
      return { status: 204, cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })] };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/auth/sign-out-everywhere',
    summary: 'End every session of the signed-in user, on every device',
    tag: 'auth',
    auth: 'required',
    responses: {
      200: { description: 'Signed out everywhere', schema: z.object({ sessionsEnded: z.number().int() }) },
      401: err('Not signed in'),
    },
    handle: async ({ runtime, actor }) => ({
      body: await runtime.services.auth.signOutEverywhere(actor),
      cookies: [clearedSessionCookie({ secure: runtime.config.secureCookies })],
    }),
  }),
];
