/**
 * The artefacts `cdk deploy` would upload, run here (test/setup/deployed-stack.ts): the Lambda bundles
 * are synthesized into a cloud assembly, loaded from it, and given API Gateway and EventBridge events
 * with the environment the template gives them, against DynamoDB Local. Requests to pages first go
 * through the CloudFront Function, as on AWS. EventBridge, SES and Secrets Manager are answered on
 * localhost (test/setup/aws-endpoints.ts); what the API and the digest put on the bus is handed to the
 * notify and digest bundles as EventBridge would deliver it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyStructuredResultV2, EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { isoWeekOf, localDay, weekBounds } from '../../shared/domain/iso-week.ts';
import type { Actor, User } from '../../shared/domain/types.ts';
import { configFromEnv } from '../../shared/runtime/config.ts';
import { createRuntime } from '../../shared/runtime/services.ts';
import type { EventInput } from '../setup/apigw-event.ts';
import type { AwsEndpoints } from '../setup/aws-endpoints.ts';
import * as cloudFront from '../setup/cloudfront-request.ts';
import {
  loadDeployedStack,
  ORIGIN_SECRET_ARN,
  PUBLIC_ORIGIN,
  SECRET_ARN,
  SSO_SECRET,
  STAGE,
  type DeployedStack,
  type EventHandler,
  type HttpHandler,
} from '../setup/deployed-stack.ts';
import { TEST_STAGE_CONFIG, type Synthesized } from '../setup/synth.ts';

const webRoot = new URL('../../web/build/', import.meta.url);

let stack: DeployedStack | undefined;
let synth: Synthesized;
let aws: AwsEndpoints;
let environments: Record<string, Record<string, string>>;
let apiRead: HttpHandler;
let apiWrite: HttpHandler;
let web: HttpHandler;
let notify: EventHandler;
let digest: EventHandler;
let distribution: cloudFront.Distribution;
/** The header CloudFront adds to every request to the HTTP API (OriginCustomHeaders in the template). */
let originHeader: { name: string; value: string };

beforeAll(async () => {
  stack = await loadDeployedStack();
  ({ synth, aws, environments, apiRead, apiWrite, web, notify, digest, distribution } = stack);
  originHeader = distribution.originHeader;
}, 180_000);
afterAll(() => stack?.unload());

/**
 * A browser request as it reaches a Lambda on AWS: through the CloudFront Function, then CloudFront
 * (viewer Host dropped, viewer address added) and the HTTP API.
 */
const throughCloudFront = (input: EventInput & { path: string }) =>
  cloudFront.throughCloudFront(distribution, input);
const aroundCloudFront = cloudFront.aroundCloudFront;

/** What a browser sends with a form post without JavaScript. */
const BROWSER_FORM = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'content-type': 'application/x-www-form-urlencoded',
};

const json = (result: APIGatewayProxyStructuredResultV2) =>
  result.body ? (JSON.parse(result.body) as Record<string, never>) : undefined;

async function callApi(
  handler: HttpHandler,
  method: string,
  path: string,
  opts: { body?: object; cookies?: string[]; query?: string } = {},
) {
  const result = await handler(
    throughCloudFront({
      method,
      path,
      query: opts.query,
      cookies: opts.cookies,
      body: opts.body ? JSON.stringify(opts.body) : undefined,
      headers: {
        ...(method !== 'GET' ? { origin: PUBLIC_ORIGIN } : {}),
        ...(opts.body ? { 'content-type': 'application/json' } : {}),
      },
    }),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response JSON; the assertions check its shape
  return { status: result.statusCode, body: json(result) as Record<string, any>, result };
}

async function signIn(sub: string, email: string): Promise<string[]> {
  const token = await signSsoToken({ sub, email, name: sub }, SSO_SECRET);
  const res = await callApi(apiWrite, 'POST', '/api/auth/sso', { body: { token } });
  expect(res.status).toBe(200);
  return [(res.result.cookies?.[0] ?? '').split(';')[0]!];
}

function asEventBridgeEvent(index: number): EventBridgeEvent<string, unknown> {
  const entry = aws.events[index]!;
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: JSON.parse(entry.Detail),
  };
}

describe('the deployed configuration', () => {
  it('gives every function the same settings, none of the local ones, and no secret in plain text', () => {
    const {
      POWERTOOLS_SERVICE_NAME: _,
      ORIGIN_SECRET_ARN: originArn,
      ...shared
    } = environments.ApiWriteFunction!;
    expect(originArn).toBe(ORIGIN_SECRET_ARN);
    const eventTargets = ['NotifyFunction', 'DigestFunction'];
    for (const [id, env] of Object.entries(environments)) {
      const { POWERTOOLS_SERVICE_NAME: service, ORIGIN_SECRET_ARN: arn, ...rest } = env;
      // The digest's zone and recipients: wherever a digest is built or previewed, not in notify.
      if (id === 'NotifyFunction') {
        const { DIGEST_TIME_ZONE: _zone, DIGEST_RECIPIENTS: _recipients, ...others } = shared;
        expect(rest, id).toEqual(others);
      } else {
        expect(rest, id).toEqual(shared);
      }
      // Only the functions behind the HTTP API check where requests came from.
      expect(arn, id).toBe(eventTargets.includes(id) ? undefined : ORIGIN_SECRET_ARN);
      expect(service, id).toMatch(/^(api-read|api-write|web|notify|digest)$/);
      for (const local of ['HEARTH_LOCAL', 'DATA_DIR', 'SSO_SECRET', 'ORIGIN_SECRET', 'PORT'])
        expect(env, id).not.toHaveProperty(local);
    }
    expect(shared).toMatchObject({
      SSO_SECRET_ARN: SECRET_ARN,
      MAIL_FROM: TEST_STAGE_CONFIG.mailFrom,
      ADMIN_EMAILS: TEST_STAGE_CONFIG.adminEmails.join(','),
      PUBLIC_ORIGIN,
      DIGEST_TIME_ZONE: TEST_STAGE_CONFIG.digest.timeZone,
      DIGEST_RECIPIENTS: TEST_STAGE_CONFIG.digest.recipients.join(','),
    });
  });

  it('leaves the generated development secret out of every bundle', () => {
    for (const id of [
      'ApiReadFunction',
      'ApiWriteFunction',
      'WebFunction',
      'NotifyFunction',
      'DigestFunction',
    ]) {
      const bundle = readFileSync(synth.bundlePath(STAGE, id), 'utf8');
      expect(bundle.length).toBeGreaterThan(10_000);
      expect(bundle, id).not.toContain('dev-sso-secret');
    }
  });

  it('has no dev sign-in and no mailbox, and the sign-in page offers no demo people', async () => {
    for (const path of ['/dev/sign-in', '/dev/mailbox']) {
      expect((await web(throughCloudFront({ path }))).statusCode, path).toBe(404);
      const post = await web(
        throughCloudFront({
          method: 'POST',
          path,
          body: 'as=admin',
          headers: { ...BROWSER_FORM, origin: PUBLIC_ORIGIN },
        }),
      );
      // The mailbox never had an action (405); the dev sign-in's action refuses to exist (404).
      expect(post.statusCode, `POST ${path}`).toBe(path === '/dev/mailbox' ? 405 : 404);
      expect(post.cookies ?? []).toEqual([]);
    }
    const signInPage = await web(throughCloudFront({ path: '/sign-in' }));
    expect(signInPage.statusCode).toBe(200);
    expect(signInPage.body).toContain('<form');
    expect(signInPage.body).not.toContain('Demo people');
  });

  it('reads the SSO secret from Secrets Manager, not from the environment', () => {
    expect(process.env.SSO_SECRET).toBe(SSO_SECRET);
    expect(aws.secretReads).toContain(SECRET_ARN);
  });
});

describe('requests around CloudFront (the execute-api URL)', () => {
  it('are refused by every HTTP bundle without the origin secret, and with a wrong one', async () => {
    for (const headers of [{}, { [originHeader.name]: 'guessed' }] as Record<string, string>[]) {
      const calls: [string, HttpHandler, EventInput & { path: string }][] = [
        ['api-read', apiRead, { path: '/api/openapi.json', headers }],
        ['api-write', apiWrite, { method: 'POST', path: '/api/auth/sign-out', headers }],
        ['web', web, { path: '/sign-in', headers }],
      ];
      for (const [name, handler, input] of calls) {
        const result = await handler(aroundCloudFront(input));
        expect(result.statusCode, `${name} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    // The same requests through CloudFront work.
    expect((await apiRead(throughCloudFront({ path: '/api/openapi.json' }))).statusCode).toBe(200);
    expect((await web(throughCloudFront({ path: '/sign-in' }))).statusCode).toBe(200);
    expect(aws.secretReads).toContain(ORIGIN_SECRET_ARN);
  });

  it('get nothing from a forged True-Client-IP: no sign-in link is sent', async () => {
    const sent = aws.emails.length;
    const forged = await apiWrite(
      aroundCloudFront({
        method: 'POST',
        path: '/api/auth/magic-link',
        body: JSON.stringify({ email: 'forger@customer.example' }),
        headers: { 'content-type': 'application/json', 'true-client-ip': '192.0.2.77' },
      }),
    );
    expect(forged.statusCode).toBe(403);
    expect(aws.emails).toHaveLength(sent);
  });
});

describe('the bundled handlers, end to end', () => {
  let boardSlug: string;
  let postId: string;
  let customer: string[];
  let admin: string[];

  it('the API bundles sign in, create a board and a post, and vote; reads go to the read bundle', async () => {
    admin = await signIn('founder', TEST_STAGE_CONFIG.adminEmails[0]!);
    expect((await callApi(apiRead, 'GET', '/api/me', { cookies: admin })).body.user.role).toBe('admin');
    boardSlug = `ideas-${Date.now()}`;
    const board = await callApi(apiWrite, 'POST', '/api/boards', {
      cookies: admin,
      body: { slug: boardSlug, name: 'Ideas', kinds: ['idea'] },
    });
    expect(board.status).toBe(201);

    customer = await signIn('ada', 'ada@customer.example');
    const post = await callApi(apiWrite, 'POST', `/api/boards/${boardSlug}/posts`, {
      cookies: customer,
      body: { kind: 'idea', title: 'Export to CSV', body: 'For the finance team.' },
    });
    expect(post.status).toBe(201);
    postId = post.body.post.id;
    const voter = await signIn('grace', 'grace@customer.example');
    expect(
      (await callApi(apiWrite, 'PUT', `/api/posts/${postId}/vote`, { cookies: voter })).body,
    ).toMatchObject({
      voteCount: 2,
    });

    const list = await callApi(apiRead, 'GET', `/api/boards/${boardSlug}/posts`, { query: 'sort=top' });
    expect(list.status).toBe(200);
    expect(list.body.posts.map((p: { id: string }) => p.id)).toEqual([postId]);
    expect(list.result.headers?.['cache-control']).toBe('no-store');
  });

  it('a status change goes on the bus; the notify bundle emails each follower once through SES', async () => {
    const changed = await callApi(apiWrite, 'POST', `/api/posts/${postId}/status`, {
      cookies: admin,
      body: { status: 'planned', note: 'Next sprint.' },
    });
    expect(changed.status).toBe(200);
    expect(aws.events).toHaveLength(1);
    expect(aws.events[0]).toMatchObject({
      EventBusName: `hearth-${STAGE}`,
      Source: 'hearth',
      DetailType: 'PostStatusChanged',
    });

    const event = asEventBridgeEvent(0);
    await notify(event);
    const recipients = aws.emails.flatMap((email) => email.Destination.ToAddresses).sort();
    expect(recipients).toEqual(['ada@customer.example', 'grace@customer.example']);
    const email = aws.emails[0]!;
    expect(email.FromEmailAddress).toBe(TEST_STAGE_CONFIG.mailFrom);
    expect(email.ConfigurationSetName).toBe(`hearth-${STAGE}`);
    expect(email.Content.Simple.Body.Text.Data).toContain(`${PUBLIC_ORIGIN}/p/${postId}`);
    const headers = Object.fromEntries((email.Content.Simple.Headers ?? []).map((h) => [h.Name, h.Value]));
    expect(headers['List-Unsubscribe']).toContain(`${PUBLIC_ORIGIN}/`);
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');

    // EventBridge delivers at least once: the same event again sends nothing new.
    await notify(event);
    expect(aws.emails).toHaveLength(2);
  });

  it('the web bundle renders pages behind CloudFront, with hashed assets that the S3 upload holds', async () => {
    const page = await web(throughCloudFront({ path: `/b/${boardSlug}`, cookies: customer }));
    expect(page.statusCode).toBe(200);
    expect(page.headers?.['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Export to CSV');
    const assets = [...String(page.body).matchAll(/\/_app\/immutable\/[\w./-]+\.(?:js|css)/g)].map(
      (m) => m[0],
    );
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of new Set(assets)) {
      expect(existsSync(join(new URL('client', webRoot).pathname, asset)), asset).toBe(true);
    }
  });

  it('a form action posted to ?/comment passes the CloudFront Function and redirects with its cookies', async () => {
    const result = await web(
      throughCloudFront({
        method: 'POST',
        path: `/p/${postId}`,
        query: '/comment',
        cookies: customer,
        body: 'body=Would+love+this+for+invoices+too.',
        headers: { ...BROWSER_FORM, origin: PUBLIC_ORIGIN },
      }),
    );
    expect(result.statusCode, String(result.body).slice(0, 500)).toBe(303);
    expect(result.headers?.location).toMatch(new RegExp(`^/p/${postId}#comment-`));
    expect((result.cookies ?? []).some((c) => c.startsWith('hearth_flash='))).toBe(true);
    const post = await callApi(apiRead, 'GET', `/api/posts/${postId}`);
    expect(post.body.post.commentCount).toBe(1);
  });

  it('the web bundle sanitizes user markdown with the stand-ins the bundles carry for postcss', async () => {
    const written = await callApi(apiWrite, 'POST', `/api/posts/${postId}/comments`, {
      cookies: customer,
      body: { body: '**Bold move.** <span style="color:red">styled</span> <script>alert(1)</script>' },
    });
    expect(written.status).toBe(201);
    const page = await web(throughCloudFront({ path: `/p/${postId}`, cookies: customer }));
    expect(page.statusCode).toBe(200);
    const body = String(page.body);
    expect(body).toContain('<strong>Bold move.</strong>');
    expect(body).toContain('styled');
    // The raw markdown is in the page's data for the edit form, escaped; no element carries the style.
    expect(body).not.toMatch(/<span[^>]*style=/);
    expect(body).not.toContain('<script>alert(1)');
  });

  it('a form post from another site is refused by the web bundle', async () => {
    const result = await web(
      throughCloudFront({
        method: 'POST',
        path: `/p/${postId}`,
        query: '/comment',
        cookies: customer,
        body: 'body=Forged',
        headers: { ...BROWSER_FORM, origin: 'https://attacker.example' },
      }),
    );
    expect(result.statusCode).toBe(403);
  });
});

describe('the bundled digest', () => {
  const DAY_MS = 86_400_000;
  const { timeZone } = TEST_STAGE_CONFIG.digest;
  /** Two weeks ago: a week that has ended whatever day the test runs. */
  const then = new Date(Date.now() - 14 * DAY_MS);
  const week = isoWeekOf(localDay(then, timeZone));
  let staff: User;
  let seeding: ReturnType<typeof createRuntime>;

  const envelope = (detailType: string, detail: unknown): EventBridgeEvent<string, unknown> => ({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'hearth',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  });

  beforeAll(async () => {
    // The week's activity, written by the real services on the deployed table at that week's time;
    // its events stay in this process (no bus name), so only the digest's reach the endpoints.
    const config = configFromEnv({ ...process.env, SSO_SECRET });
    seeding = createRuntime({ ...config, eventBusName: undefined }, stack!.db, {
      clock: { now: () => then },
    });
    const person = (sub: string, role: User['role']) =>
      seeding.stores.users.upsertByIdentity(
        'sso',
        `digest-${sub}-${randomUUID()}`,
        { email: `${sub}@digest.example`, name: sub, role },
        then.toISOString(),
      );
    const as = (user: User): Actor => ({ kind: 'user', user });
    const [admin, customer, voter] = await Promise.all([
      person('admin', 'admin'),
      person('customer', 'customer'),
      person('voter', 'customer'),
    ]);
    staff = await seeding.stores.users.setTeam((await person('product', 'staff')).id, 'product');
    const board = await seeding.services.boards.create(as(admin), {
      slug: `digest-${Date.now()}`,
      name: 'Digest ideas',
      kinds: ['idea'],
    });
    const post = await seeding.services.posts.create(as(customer), board.slug, {
      kind: 'idea',
      title: 'Bulk export',
      body: 'Every board at once.',
    });
    await seeding.services.votes.vote(as(voter), post.id);
    await seeding.drainEvents?.();
  });

  it('builds the week that ended before the schedule’s Monday, keeps it, and fans out one delivery per recipient', async () => {
    const events = aws.events.length;
    // Monday 08:00 in the stage's zone after that week, as the schedule fires (cron(0 8 ? * MON *)).
    const monday = new Date(Date.parse(weekBounds(week, timeZone).end) + 8 * 3600_000).toISOString();
    await digest(envelope('WeeklyDigestDue', { scheduledAt: monday, recipients: [] }));

    const stored = await seeding.stores.digests.getWeek(week);
    expect(stored?.week).toBe(week);
    expect(stored?.numbers.posts).toBe(1);
    expect(stored?.numbers.votes).toBeGreaterThanOrEqual(1);
    expect(stored?.topNewIdeas.map((p) => p.title)).toEqual(['Bulk export']);
    const fanOut = aws.events.slice(events);
    expect(fanOut).toHaveLength(1);
    expect(fanOut[0]).toMatchObject({
      EventBusName: `hearth-${STAGE}`,
      Source: 'hearth',
      DetailType: 'DigestDeliveryDue',
    });
    expect(JSON.parse(fanOut[0]!.Detail)).toEqual({
      eventId: expect.any(String),
      at: expect.any(String),
      week,
      recipient: `user:${staff.id}`,
      team: 'product',
    });
  });

  it('sends a delivery’s email through SES once, however often EventBridge delivers it', async () => {
    const delivery = asEventBridgeEvent(
      aws.events.findLastIndex((e) => e.DetailType === 'DigestDeliveryDue'),
    );
    const sent = aws.emails.length;
    await digest(delivery);
    const emails = aws.emails.slice(sent);
    expect(emails.map((e) => e.Destination.ToAddresses)).toEqual([[staff.email]]);
    const [email] = emails;
    expect(email!.FromEmailAddress).toBe(TEST_STAGE_CONFIG.mailFrom);
    expect(email!.ConfigurationSetName).toBe(`hearth-${STAGE}`);
    expect(email!.Content.Simple.Body.Text.Data).toContain('Bulk export');
    const headers = Object.fromEntries((email!.Content.Simple.Headers ?? []).map((h) => [h.Name, h.Value]));
    expect(headers['List-Unsubscribe']).toContain(`${PUBLIC_ORIGIN}/`);

    await digest(delivery);
    // Delivered anew with another envelope id, as a retry or a second run would be.
    await digest({ ...delivery, id: randomUUID() });
    expect(aws.emails).toHaveLength(sent + 1);
  });
});
