/**
 * `npm run digest -- --week 2026-W49`: sends that week's digest through the running local stack
 * (`npm start`), the way an admin's "Send now" does: it signs in as the demo admin with the stack's
 * SSO secret and calls `POST /api/digests`, so the stack's own code builds and sends it (emails land in
 * its mailbox). `--url` points elsewhere (default http://127.0.0.1:$PORT or 3000).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signSsoToken } from '../auth/sign-sso-token.ts';
import { DEMO_ADMIN } from '../demo/identities.ts';
import { weekThatEnded } from '../domain/iso-week.ts';

const { values } = parseArgs({
  options: { week: { type: 'string' }, url: { type: 'string' } },
  strict: true,
});
const base = (values.url ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/+$/, '');
// The week that ended, in the stage's zone (DIGEST_TIME_ZONE, as the stack reads it).
const week = values.week ?? weekThatEnded(new Date(), process.env.DIGEST_TIME_ZONE || 'UTC');
const secret =
  process.env.SSO_SECRET ??
  readFileSync(join(process.env.DATA_DIR ?? '.data', 'dev-sso-secret'), 'utf8').trim();

async function call(path: string, body: unknown, cookie?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // The API refuses cookie-authenticated writes from other origins (CSRF): this is its own.
      origin: base,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const error = json.error as { message?: string } | undefined;
    throw new Error(`${path}: ${response.status} ${error?.message ?? JSON.stringify(json)}`);
  }
  return { response, json };
}

try {
  const token = await signSsoToken(DEMO_ADMIN, secret);
  const signIn = await call('/api/auth/sso', { token });
  const cookie = signIn.response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { json } = await call('/api/digests', { week }, cookie);
  const run = json as { week: string; status: string; queued: number; alreadySent: number };
  console.log(
    run.status === 'empty'
      ? `${run.week}: nothing happened that week; no digest sent.`
      : `${run.week}: ${run.queued} digest email(s) queued, ${run.alreadySent} already sent. See ${base}/dev/mailbox`,
  );
} catch (error) {
  const cause = (error as { cause?: { code?: string } }).cause;
  console.error(
    cause?.code === 'ECONNREFUSED'
      ? `Nothing is listening at ${base}: start Hearth with \`npm start\` first.`
      : (error as Error).message,
  );
  process.exitCode = 1;
}
