/**
 * `npm run bench`: speed and cost figures, measured on DynamoDB Local (slower than the real service,
 * so the latencies are upper bounds; the request counts are exact). Not a test: nothing here asserts a
 * time.
 *
 * 1. A table of DynamoDB requests and latencies for the main request paths at 100 and 5,000 posts.
 * 2. Per user action, as a page view or a form post runs it (the same service calls as the SvelteKit
 *    hooks, loads and actions, request by request): Lambda invocations and their wall time (a stand-in
 *    for Lambda duration, too high since DynamoDB Local is slower than DynamoDB), DynamoDB requests by
 *    operation, read and write units and the bytes stored (dynamo-meter.ts), emails and events.
 * 3. The monthly AWS cost at 1k, 10k and 100k monthly active users from those figures (cost-model.ts).
 *    docs/cost.md explains the assumptions and prices.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { ensureTable } from '../../shared/adapters/dynamodb/ensure-table.ts';
import { InProcessBus } from '../../shared/adapters/events/in-process-bus.ts';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.ts';
import { hashSessionToken, newSessionToken, SESSION_TTL_SECONDS } from '../../shared/auth/session-token.ts';
import { targetsFor } from '../../shared/events/rules.ts';
import { createRuntime } from '../../shared/runtime/services.ts';
import { actorFor, type Actor, type Post, type PostStatus, type User } from '../../shared/domain/types.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { EmailMessage } from '../../shared/ports/index.ts';
import { bulkPosts } from '../setup/bulk-posts.ts';
import { DynamoMeter } from './dynamo-meter.ts';
import {
  ACTIONS,
  formatActionTable,
  formatCostTable,
  formatVolumeTable,
  monthlyCost,
  PRICES_CHECKED,
  type ActionFigures,
  type ActionKey,
  type MeasuredActions,
} from './cost-model.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const RUNS = 30;
/** Runs with the meter's detailed mode on: units and bytes, not timed. */
const ACCOUNT_RUNS = 10;
const MAUS = [1_000, 10_000, 100_000];

// Emails and events, counted where they leave: the outbox mailer stands in for SES and the in-process
// bus for EventBridge (one notify invocation per matching rule, as EventBridge delivers).
let emailsSent = 0;
let lastEmail: EmailMessage | undefined;
let eventsPublished = 0;
let notifyDeliveries = 0;
const sendEmail = OutboxMailer.prototype.send;
OutboxMailer.prototype.send = function (this: OutboxMailer, message: EmailMessage) {
  emailsSent++;
  lastEmail = message;
  return sendEmail.call(this, message);
};
const publishEvent = InProcessBus.prototype.publish;
InProcessBus.prototype.publish = function (this: InProcessBus, event: DomainEvent) {
  eventsPublished++;
  notifyDeliveries += targetsFor(event.type).length;
  return publishEvent.call(this, event);
};

const dynamo = await startDynamoDbLocal();
const outboxDir = mkdtempSync(join(tmpdir(), 'hearth-bench-'));
try {
  const clientConfig = {
    endpoint: dynamo.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const db = createDb('bench', clientConfig);
  const side = new DynamoDBClient(clientConfig);
  const meter = new DynamoMeter(side);
  meter.install(db.raw);
  await ensureTable(db.raw, 'bench');
  const runtime = createRuntime(
    {
      tableName: 'bench',
      ssoSecret: 'bench-secret-bench-secret-bench-secret-0000',
      secureCookies: true,
      localMode: false,
      siteUrl: 'https://bench.example',
      mailFrom: 'bench@bench.example',
      outboxDir,
      adminEmails: [],
    },
    db,
  );
  const { services, stores } = runtime;
  const user = (name: string, role: User['role'] = 'customer') =>
    stores.users.upsertByIdentity(
      'sso',
      name,
      { email: `${name}@bench.example`, name, role },
      new Date().toISOString(),
    );
  const staff = await user('staff', 'staff');
  const viewer: Actor = { kind: 'user', user: await user('viewer') };
  await services.boards.putTag({ kind: 'user', user: staff }, { slug: 'bulk', name: 'Bulk' });
  for (const [slug, count] of [
    ['small', 100],
    ['large', 5_000],
  ] as const) {
    await stores.boards.create({
      slug,
      name: slug,
      description: '',
      kinds: ['idea'],
      archived: false,
      private: false,
      allowedDomains: [],
      createdAt: new Date().toISOString(),
    });
    const started = performance.now();
    await bulkPosts(db, slug, count, staff.id);
    console.log(`seeded ${count} posts in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  // ---------------------------------------------------------------------------------------------------
  // 1. Request paths

  const rows: string[][] = [];
  const measure = async (name: string, work: (i: number) => Promise<unknown>) => {
    await work(-1); // warm up
    const times: number[] = [];
    meter.reset();
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await work(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const perCall = [...meter.snapshot().requests]
      .map(([op, n]) => `${op} ${+(n / RUNS).toFixed(2)}`)
      .join(', ');
    const pct = (p: number) =>
      (times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0).toFixed(1);
    rows.push([name, perCall, pct(0.5), pct(0.95)]);
  };

  for (const board of ['small', 'large']) {
    for (const sort of ['trending', 'top', 'new']) {
      await measure(`list ${board} ${sort}`, () => services.posts.list(viewer, board, { sort, limit: 20 }));
    }
    await measure(`list ${board} status+tag`, () =>
      services.posts.list(viewer, board, { status: 'planned', tag: 'bulk' }),
    );
  }
  const target = (await services.posts.list(viewer, 'large', { sort: 'new', limit: 1 })).posts[0];
  if (!target) throw new Error('no post to read');
  await measure('post page', () => services.posts.get(viewer, target.id));
  const voters = await Promise.all(Array.from({ length: RUNS + 1 }, (_, i) => user(`voter-${i}`)));
  await measure('vote', (i) =>
    services.votes.vote({ kind: 'user', user: voters[i + 1] ?? staff }, target.id),
  );
  // One author per post: a person may post 10 times an hour (domain/rate-limits.ts).
  const authors = await Promise.all(Array.from({ length: RUNS + 1 }, (_, i) => user(`author-${i}`)));
  await measure('create post', (i) =>
    services.posts.create({ kind: 'user', user: authors[i + 1] ?? staff }, 'small', {
      title: `Benchmark idea ${i}`,
      body: 'Some details about the idea.',
    }),
  );
  await measure('search "benchmark ide"', () => services.posts.search(viewer, { q: 'benchmark ide' }));

  const widths = [28, 58, 9, 9];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  console.log(`\nDynamoDB Local, ${RUNS} runs each; requests are per call\n`);
  console.log(line(['path', 'DynamoDB requests per call', 'p50 ms', 'p95 ms']));
  for (const row of rows) console.log(line(row));

  // ---------------------------------------------------------------------------------------------------
  // 2. User actions, as the web app runs them

  const TOTAL_RUNS = 1 + RUNS + ACCOUNT_RUNS;
  const POST_BODY =
    'We export our feedback to a spreadsheet every week to share it with the product team. ' +
    'A CSV export of a board, with the title, status, votes, tags and the date of each post, would ' +
    'save us an hour of copying every Friday. Ideally the export would respect the filters of the ' +
    'board page, so that we can export only the planned posts, or only the ones with a given tag, ' +
    'and it would include the number of comments too. An API endpoint returning the same data as ' +
    'JSON would work as well, since we could schedule it from our own tooling.';
  const COMMENT_BODY =
    'Same here: we copy the board into a sheet by hand before every planning meeting. A filter for ' +
    'the status would be enough for us, the tags are a nice extra.';

  let personSeq = 0;
  /** A signed-in person: their user, a session as the sign-in would create it, and an address of their own. */
  const person = async (role: User['role'] = 'customer') => {
    const n = ++personSeq;
    const u = await user(`person-${n}`, role);
    const token = newSessionToken();
    const now = Date.now();
    await stores.sessions.create(hashSessionToken(token), {
      userId: u.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_TTL_SECONDS * 1000).toISOString(),
    });
    return { user: u, token, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  };
  type Person = Awaited<ReturnType<typeof person>>;
  const people = (n: number) => Promise.all(Array.from({ length: n }, () => person()));
  const at = <T>(list: T[], i: number): T => {
    const item = list[i % list.length];
    if (item === undefined) throw new Error('empty list');
    return item;
  };

  // What each request does, after web/src: hooks.server.ts, then the route's load or action.
  /** hooks.server.ts: the session cookie's user (no cookie, no lookup). */
  const handle = async (who?: { token?: string; ip: string }): Promise<Actor> =>
    actorFor(await services.auth.userForSession(who?.token), who?.ip ?? '192.0.2.1');
  /** b/[slug]/+page.server.ts: board and tags, then the list (or the search when there is a query). */
  const boardPage = async (actor: Actor, slug: string, q = '') => {
    const [board] = await Promise.all([services.boards.get(actor, slug), services.boards.tags(actor)]);
    if (q) return services.posts.search(actor, { q, board: board.slug, limit: 30 });
    return services.posts.list(actor, board.slug, {
      sort: 'trending',
      status: undefined,
      kind: undefined,
      tag: undefined,
      cursor: undefined,
    });
  };
  /** p/[id]/+page.server.ts */
  const postPage = (actor: Actor, id: string) =>
    Promise.all([services.posts.get(actor, id), services.boards.tags(actor)]);
  /** lib/server/similar.ts, behind b/[slug]/similar/+server.ts */
  const similarPosts = (actor: Actor, q: string) =>
    Promise.all([services.posts.search(actor, { q, limit: 5 }), services.boards.list(actor)]);

  // Fixtures: posts with a body, comments and followers, as a live board has them.
  const newPost = async (author: Person, title: string) =>
    services.posts.create(await handle(author), 'large', { title, body: POST_BODY });
  const commenters = await people(8);
  const withComments = async (post: Post, by: Person[]) => {
    for (const c of by) await services.comments.create(await handle(c), post.id, { body: COMMENT_BODY });
    return post;
  };
  const voteTarget = await newPost(await person(), 'Dark mode for the board');
  // 8 comments and 2 votes from others: 11 followers (the author, 8 commenters, 2 voters).
  const popular = await withComments(await newPost(await person(), 'Export a board to CSV'), commenters);
  for (const v of await people(2)) await services.votes.vote(await handle(v), popular.id);
  // As many comments, all by its author: 1 follower.
  const loneAuthor = await person();
  const quiet = await withComments(
    await newPost(loneAuthor, 'Keyboard shortcuts for voting'),
    Array<Person>(8).fill(loneAuthor),
  );
  const commentTargets = await Promise.all(
    Array.from({ length: 6 }, async (_, i) =>
      withComments(await newPost(await person(), `Slack notifications for board ${i}`), commenters),
    ),
  );
  // Search postings for the newest 400 bulk posts, so that common words reach the 200 postings a
  // query term reads at most (shared/adapters/dynamodb/search-index.ts): searches read their most.
  let cursor: string | undefined;
  for (let page = 0; page < 4; page++) {
    const list = await services.posts.list(viewer, 'large', { sort: 'new', limit: 100, cursor });
    for (const p of list.posts) await stores.search.index(p);
    cursor = list.nextCursor ?? undefined;
  }

  interface Tally {
    webInvocations: number;
    webMs: number;
    notifyMs: number;
  }
  let tally: Tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
  /** One request to the web Lambda. */
  const web = async <T>(work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      tally.webInvocations++;
      tally.webMs += performance.now() - t0;
    }
  };
  /** Work inside a request measured elsewhere: its time counts, no invocation. */
  const within = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    tally.webMs += performance.now() - t0;
  };
  /** The notify Lambda: EventBridge's deliveries of the events published so far. */
  const notifyLambda = async () => {
    const t0 = performance.now();
    await runtime.drainEvents?.();
    tally.notifyMs += performance.now() - t0;
  };

  let sizeChecks = 0;
  let sizeAgreed = 0;
  let failedWrites = 0;
  const txIndexNotes: string[] = [];
  /** Warm-up, timed runs (meter counting only), then runs with units and bytes. Figures are per run. */
  const measureAction = async (name: string, run: (i: number) => Promise<void>): Promise<ActionFigures> => {
    let i = 0;
    await run(i++);
    await runtime.drainEvents?.();
    tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
    meter.detailed = false;
    for (let r = 0; r < RUNS; r++) await run(i++);
    const timed = tally;

    tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
    meter.reset();
    meter.detailed = true;
    const emails0 = emailsSent;
    const events0 = eventsPublished;
    const deliveries0 = notifyDeliveries;
    for (let r = 0; r < ACCOUNT_RUNS; r++) await run(i++);
    meter.detailed = false;
    const m = meter.snapshot();
    sizeChecks += m.checked;
    sizeAgreed += m.agreed;
    failedWrites += m.failedWrites;
    if (m.txIndexWru > 0) {
      txIndexNotes.push(
        `${name} ${+(m.txIndexWru / ACCOUNT_RUNS).toFixed(2)} of ${+(m.wru / ACCOUNT_RUNS).toFixed(2)}`,
      );
    }
    const per = (n: number) => n / ACCOUNT_RUNS;
    return {
      webInvocations: per(tally.webInvocations),
      webMs: timed.webMs / RUNS,
      notifyInvocations: per(notifyDeliveries - deliveries0),
      notifyMs: timed.notifyMs / RUNS,
      requests: Object.fromEntries([...m.requests].map(([op, n]) => [op, per(n)])),
      rru: per(m.rru),
      wru: per(m.wru),
      tableBytes: per(m.tableBytes),
      indexBytes: per(m.indexBytes),
      emails: per(emailsSent - emails0),
      events: per(eventsPublished - events0),
    };
  };

  const measured: Partial<MeasuredActions> = {};
  const record = async (key: ActionKey, run: (i: number) => Promise<void>) => {
    measured[key] = await measureAction(key, run);
  };

  const reader = await person();
  await record('boardView', async () => {
    await web(async () => boardPage(await handle(), 'large'));
  });
  await record('boardViewSignedIn', async () => {
    await web(async () => boardPage(await handle(reader), 'large'));
  });
  await record('postView', async () => {
    await web(async () => postPage(await handle(), popular.id));
  });
  await record('postViewSignedIn', async () => {
    await web(async () => postPage(await handle(reader), popular.id));
  });
  await record('search', async () => {
    await web(async () => boardPage(await handle(), 'large', 'bulk idea'));
  });
  await record('similar', async () => {
    await web(async () => similarPosts(await handle(reader), 'bulk idea exp'));
  });

  // Votes: the form action, then SvelteKit's enhance reloads the page's data (invalidateAll).
  const voterPool = await people(TOTAL_RUNS);
  await record('vote', async (i) => {
    const p = at(voterPool, i);
    await web(async () => services.votes.vote(await handle(p), voteTarget.id));
    await web(async () => boardPage(await handle(p), 'large'));
  });

  // Comments: the action redirects (303) back to the post, which enhance then loads.
  const commenterPool = await people(TOTAL_RUNS);
  await record('comment', async (i) => {
    const p = at(commenterPool, i);
    const post = at(commentTargets, i);
    await web(async () => services.comments.create(await handle(p), post.id, { body: COMMENT_BODY }));
    await web(async () => postPage(await handle(p), post.id));
  });

  // New post: the form page, the post action, and the post it redirects to.
  const authorPool = await people(TOTAL_RUNS);
  await record('newPost', async (i) => {
    const p = at(authorPool, i);
    await web(async () => services.boards.get(await handle(p), 'large'));
    const post = await web(async () =>
      services.posts.create(await handle(p), 'large', { title: `Export posts as CSV ${i}`, body: POST_BODY }),
    );
    await web(async () => postPage(await handle(p), post.id));
  });

  // Sign-in by link, for someone who has signed in before: the form, the request, the link's page,
  // its button, and the home page it redirects to.
  const returning = await Promise.all(
    Array.from({ length: TOTAL_RUNS }, async (_, i) => {
      const email = `returning-${i}@bench.example`;
      await stores.users.upsertByIdentity(
        'email',
        email,
        { email, name: `returning-${i}`, role: 'customer' },
        new Date().toISOString(),
      );
      return { email, ip: `172.16.${i >> 8}.${i & 255}` };
    }),
  );
  await record('signIn', async (i) => {
    const { email, ip } = at(returning, i);
    const anonymous = { ip };
    await web(() => handle(anonymous));
    await web(async () => {
      await handle(anonymous);
      await services.auth.requestMagicLink({ email }, { ip });
    });
    const token = /\/auth\/magic\/([\w-]+)/.exec(lastEmail?.text ?? '')?.[1];
    if (!token) throw new Error('no sign-in link in the email');
    await web(() => handle(anonymous));
    const signedIn = await web(async () => {
      await handle(anonymous);
      return services.auth.signInWithMagicLink({ token });
    });
    await web(async () => services.boards.list(await handle({ token: signedIn.sessionToken, ip })));
  });

  // The write a page view adds once a day to keep a session alive (AuthService.userForSession).
  const renewing = await people(TOTAL_RUNS);
  await record('sessionRenewal', async (i) => {
    const p = at(renewing, i);
    const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
    await within(() => stores.sessions.extend(hashSessionToken(p.token), expiresAt));
  });

  // Status changes: the staff action, the post it redirects to, and the notify Lambda. Measured on a
  // post with 1 follower and on one with 11, which gives the cost without followers and per follower.
  const staffer = await person('staff');
  const statusChange = (post: Post) => async (i: number) => {
    const status: PostStatus = i % 2 === 0 ? 'under_review' : 'planned';
    await web(async () =>
      services.posts.changeStatus(await handle(staffer), post.id, { status, note: 'Thanks, we are on it.' }),
    );
    await web(async () => postPage(await handle(staffer), post.id));
    await notifyLambda();
  };
  const one = await measureAction('statusChange (1 follower)', statusChange(quiet));
  const eleven = await measureAction('statusChange (11 followers)', statusChange(popular));
  const followersOne = one.emails;
  const followersMany = eleven.emails;
  if (followersMany <= followersOne) throw new Error('status change: the follower counts do not differ');
  const k = 1 / (followersMany - followersOne);
  // The two web requests do not depend on the followers; only the notify Lambda does.
  measured.notifyFollower = { ...combine(eleven, one, k, -k), webInvocations: 0, webMs: 0 };
  measured.statusChange = combine(one, measured.notifyFollower, 1, -followersOne);

  // An account, for storage: the user, email and identity items a first sign-in writes.
  await record('account', async (i) => {
    await within(() =>
      stores.users.upsertByIdentity(
        'sso',
        `account-${i}`,
        { email: `account-${i}@bench.example`, name: `account-${i}`, role: 'customer' },
        new Date().toISOString(),
      ),
    );
  });

  const actions = measured as MeasuredActions;
  for (const key of Object.keys(ACTIONS) as ActionKey[]) {
    if (!actions[key]) throw new Error(`no figures for ${key}`);
  }
  console.log(
    `\nPer user action: ${RUNS} timed runs, ${ACCOUNT_RUNS} metered runs each. Lambda ms is wall time on ` +
      'DynamoDB Local (slower than DynamoDB: an upper bound) without SvelteKit rendering. The status ' +
      `change is measured with ${followersOne} and ${followersMany} followers and split into a part ` +
      'without followers and a part per follower.\n',
  );
  console.log(formatActionTable(actions));
  console.log(
    `\nSize model: ${sizeAgreed} of ${sizeChecks} single writes computed as DynamoDB Local reports them. ` +
      `Refused conditional writes: ${failedWrites}. Index writes inside transactions, WRU of the action's ` +
      `total (DynamoDB Local would count them twice): ${txIndexNotes.join('; ') || 'none'}. Notify Lambda ` +
      `with ${followersOne} and ${followersMany} followers: ${one.notifyMs.toFixed(1)} and ` +
      `${eleven.notifyMs.toFixed(1)} ms.`,
  );
  const breakdowns = MAUS.map((mau) => monthlyCost(mau, actions));
  const lessFree = MAUS.map((mau) => monthlyCost(mau, actions, undefined, undefined, { alwaysFree: true }));
  console.log(
    `\nMonthly AWS cost, us-east-1 list prices checked ${PRICES_CHECKED}, free tiers not applied ` +
      '(assumptions: test/bench/cost-model.ts, docs/cost.md); the last row takes off the allowances that ' +
      'do not expire\n',
  );
  console.log(formatCostTable(breakdowns, lessFree));
  console.log('');
  console.log(formatVolumeTable(breakdowns));

  await runtime.drainEvents?.();
  db.raw.destroy();
  side.destroy();
} finally {
  await dynamo.stop();
  rmSync(outboxDir, { recursive: true, force: true });
}

/** ka·a + kb·b, field by field. */
function combine(a: ActionFigures, b: ActionFigures, ka: number, kb: number): ActionFigures {
  const ops = new Set([...Object.keys(a.requests), ...Object.keys(b.requests)]);
  const mix = (x: number, y: number) => Math.max(0, ka * x + kb * y);
  return {
    webInvocations: mix(a.webInvocations, b.webInvocations),
    webMs: mix(a.webMs, b.webMs),
    notifyInvocations: mix(a.notifyInvocations, b.notifyInvocations),
    notifyMs: mix(a.notifyMs, b.notifyMs),
    requests: Object.fromEntries([...ops].map((op) => [op, mix(a.requests[op] ?? 0, b.requests[op] ?? 0)])),
    rru: mix(a.rru, b.rru),
    wru: mix(a.wru, b.wru),
    tableBytes: mix(a.tableBytes, b.tableBytes),
    indexBytes: mix(a.indexBytes, b.indexBytes),
    emails: mix(a.emails, b.emails),
    events: mix(a.events, b.events),
  };
}
