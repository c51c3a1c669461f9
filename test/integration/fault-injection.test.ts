/**
 * Creations and votes through the JSON API while DynamoDB throttles and fails: the API's DynamoDB
 * client talks to DynamoDB Local through a fault-injecting proxy (test/setup/fault-proxy.ts), and a
 * client retries each request with the same Idempotency-Key until it is acknowledged or it gives up.
 * The outcome is then read from DynamoDB Local directly, around the proxy:
 * - every acknowledged post or comment is stored exactly once, with its list entries, author's vote,
 *   subscription and search postings; every unacknowledged one is absent or complete, never partial;
 * - vote counts equal the vote items, on the post and on its board's list entry; its other entries hold
 *   the count's rank bucket once the repair has redone rank rewrites a fault interrupted;
 * - a failure is a 503 with Retry-After, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { Router } from '../../functions/http/router.ts';
import { routes } from '../../functions/http/routes.ts';
import { createDb } from '../../shared/adapters/dynamodb/client.ts';
import { postingItems } from '../../shared/adapters/dynamodb/search-index.ts';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import { listRanking, memberships } from '../../shared/domain/lists.ts';
import { repairLists } from '../../shared/maintenance/repair-lists.ts';
import type { Post } from '../../shared/domain/types.ts';
import { createRuntime, type Runtime } from '../../shared/runtime/services.ts';
import { apiGatewayEvent } from '../setup/apigw-event.ts';
import { startFaultProxy, seededRandom, type FaultProxy } from '../setup/fault-proxy.ts';
import { aBoard } from '../setup/fixtures.ts';
import { expectEntryRanks } from '../setup/entry-ranks.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';

const HOST = 'board.example';
const router = new Router(routes);
let t: TestTable;
let proxy: FaultProxy;
let faulty: Runtime;

beforeAll(async () => {
  t = await createTestTable();
  proxy = await startFaultProxy(inject('dynamoEndpoint'), { seed: 20261202, faultRate: 0.2 });
  // Two attempts per DynamoDB call: the SDK's own retry is exercised (including a retried write that
  // was in fact stored), yet enough faults get through to the service and its client.
  const db = createDb(t.db.tableName, {
    endpoint: proxy.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  faulty = createRuntime(t.runtime().config, db);
});
afterAll(async () => {
  await proxy.close();
  faulty.db.raw.destroy();
  await t.drop();
});

interface Attempted {
  statuses: number[];
  acknowledged?: APIGatewayProxyStructuredResultV2;
}

const statuses: number[] = [];
let missingRetryAfter = 0;

/** A client that retries 503s with the same request (and so the same Idempotency-Key). */
async function send(
  runtime: Runtime,
  req: { method: string; path: string; body?: object; cookie: string; ip: string; key?: string },
  maxAttempts: number,
): Promise<Attempted> {
  const attempted: Attempted = { statuses: [] };
  for (let i = 0; i < maxAttempts; i++) {
    const event = apiGatewayEvent({
      method: req.method,
      path: req.path,
      cookies: [req.cookie],
      ...(req.body ? { body: JSON.stringify(req.body) } : {}),
      headers: {
        host: HOST,
        origin: `https://${HOST}`,
        'content-type': 'application/json',
        ...(req.key ? { 'idempotency-key': req.key } : {}),
      },
    });
    event.requestContext.http.sourceIp = req.ip;
    const result = await router.handle(event, runtime);
    const status = result.statusCode ?? 0;
    attempted.statuses.push(status);
    statuses.push(status);
    if (status === 503 && !result.headers?.['retry-after']) missingRetryAfter++;
    if (status < 300) {
      attempted.acknowledged = result;
      return attempted;
    }
    if (status !== 503) return attempted;
  }
  return attempted;
}

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.db.doc.send(new ScanCommand({ TableName: t.db.tableName, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const words = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november'.split(
  ' ',
);

describe('writes under DynamoDB faults', () => {
  it('acknowledges what it stored, stores nothing partially, duplicates nothing and never answers 500', async () => {
    const board = await aBoard(t, { kinds: ['idea'] });
    const people: { cookie: string; ip: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const token = await signSsoToken(
        { sub: `faulty-${i}`, email: `faulty-${i}@example.com`, name: `Faulty ${i}` },
        TEST_SSO_SECRET,
      );
      const event = apiGatewayEvent({
        method: 'POST',
        path: '/api/auth/sso',
        body: JSON.stringify({ token }),
        headers: { host: HOST, origin: `https://${HOST}`, 'content-type': 'application/json' },
      });
      const res = await router.handle(event, t.runtime());
      expect(res.statusCode).toBe(200);
      people.push({ cookie: (res.cookies?.[0] ?? '').split(';')[0] ?? '', ip: `198.51.100.${10 + i}` });
    }
    const random = seededRandom(7);
    // Some clients give up after one try, so that some writes stay unacknowledged.
    const patience = () => (random() < 0.3 ? 1 : 8);

    proxy.enabled = true;
    const postOps: { title: string; body: string; long: boolean; result: Attempted }[] = [];
    for (let i = 0; i < 12; i++) {
      const person = people[i % people.length];
      if (!person) continue;
      // Every sixth post is long: more distinct terms than one transaction takes.
      const long = i % 6 === 5;
      const body = long
        ? Array.from({ length: 160 }, (_, n) => `term${i}x${n}`).join(' ')
        : `${words[i % words.length]} ${words[(i + 3) % words.length]} details`;
      const title = `Fault post ${i} ${words[i % words.length]}`;
      const result = await send(
        faulty,
        {
          method: 'POST',
          path: `/api/boards/${board.slug}/posts`,
          body: { title, body },
          key: `post-key-${i}-0123456789`,
          ...person,
        },
        patience(),
      );
      postOps.push({ title, body, long, result });
    }
    const acknowledgedPosts = postOps.flatMap((op) =>
      op.result.acknowledged ? [JSON.parse(op.result.acknowledged.body ?? '{}').post as Post] : [],
    );
    expect(acknowledgedPosts.length).toBeGreaterThan(4);

    const commentOps: { body: string; postId: string; result: Attempted }[] = [];
    for (let i = 0; i < 16; i++) {
      const person = people[(i + 1) % people.length];
      const post = acknowledgedPosts[i % acknowledgedPosts.length];
      if (!person || !post) continue;
      const body = `Fault comment ${i}`;
      const result = await send(
        faulty,
        {
          method: 'POST',
          path: `/api/posts/${post.id}/comments`,
          body: { body },
          key: `comment-key-${i}-0123456789`,
          ...person,
        },
        patience(),
      );
      commentOps.push({ body, postId: post.id, result });
    }

    // Votes and unvotes are idempotent by nature: retried until acknowledged.
    for (let i = 0; i < 20; i++) {
      const person = people[i % people.length];
      const post = acknowledgedPosts[(i * 7) % acknowledgedPosts.length];
      if (!person || !post) continue;
      const method = i % 4 === 3 ? 'DELETE' : 'PUT';
      await send(faulty, { method, path: `/api/posts/${post.id}/vote`, ...person }, 8);
    }
    proxy.enabled = false;

    // What the client saw.
    expect(statuses).not.toContain(500);
    expect(missingRetryAfter).toBe(0);
    expect(statuses).toContain(503);
    expect(proxy.stats.throttleAfter + proxy.stats.serverErrorAfter).toBeGreaterThan(0);
    expect(proxy.stats.throttleBefore + proxy.stats.serverErrorBefore).toBeGreaterThan(0);

    // A fault can stop a vote's rank rewrite after the vote counted (entry-ranks.ts): the repair brings
    // those entries up, and must find nothing else to fix, least of all an exact count.
    const repaired = await repairLists(t.db);
    for (const fix of repaired.fixes) {
      expect(fix.what, `${fix.listId} of ${fix.postId}`).toBe('stale');
      expect(listRanking(fix.listId), fix.listId).toBe('bucketed');
    }

    // What DynamoDB holds.
    const items = await scanAll();
    const ofType = (type: string) => items.filter((item) => item.type === type);
    const posts = ofType('post') as unknown as Post[];
    const byPost = (type: string, postId: string) => ofType(type).filter((item) => item.postId === postId);

    for (const op of postOps) {
      const stored = posts.filter((p) => p.title === op.title);
      expect(stored.length, op.title).toBeLessThanOrEqual(1);
      if (op.result.acknowledged) {
        expect(stored.map((p) => p.id)).toEqual([JSON.parse(op.result.acknowledged.body ?? '{}').post.id]);
      }
    }
    for (const post of posts) {
      // Complete: every list entry, the author's vote and subscription, every search posting.
      const entries = byPost('entry', post.id);
      expect(entries.map((e) => e.listId).sort()).toEqual(
        memberships(post)
          .map((m) => m.listId)
          .sort(),
      );
      const votes = byPost('vote', post.id);
      expect(post.voteCount).toBe(votes.length);
      expectEntryRanks(post, entries);
      expect(byPost('subscription', post.id).some((s) => s.userId === post.authorId)).toBe(true);
      const postings = byPost('posting', post.id).map((p) => p.term as string);
      expect(postings.sort()).toEqual(
        postingItems(post)
          .map((p) => p.term as string)
          .sort(),
      );
      // Comments counted as stored.
      expect(post.commentCount).toBe(byPost('comment', post.id).length);
    }
    // Postings without a post can only be a long post's overflow, written before a transaction that
    // then failed: no post, entry or vote refers to them, and search skips posts it cannot read.
    const postIds = new Set(posts.map((p) => p.id));
    const overflowTerms = new Set(
      postOps
        .filter((op) => op.long)
        .flatMap((op) => postingItems({ id: 'x', boardSlug: board.slug, title: op.title, body: op.body }))
        .map((p) => p.term),
    );
    for (const posting of ofType('posting').filter((p) => !postIds.has(p.postId as string))) {
      expect(overflowTerms.has(posting.term)).toBe(true);
    }
    for (const type of ['entry', 'vote', 'comment', 'subscription']) {
      for (const item of ofType(type)) expect(postIds.has(item.postId as string), type).toBe(true);
    }

    const comments = ofType('comment');
    for (const op of commentOps) {
      const stored = comments.filter((c) => c.body === op.body);
      expect(stored.length, op.body).toBeLessThanOrEqual(1);
      if (op.result.acknowledged) {
        expect(stored.map((c) => c.id)).toEqual([JSON.parse(op.result.acknowledged.body ?? '{}').comment.id]);
      }
    }
    // Both outcomes happened: some writes acknowledged only on a retry, some never acknowledged.
    const retried = [...postOps, ...commentOps].filter(
      (op) => op.result.acknowledged && op.result.statuses.length > 1,
    );
    expect(retried.length).toBeGreaterThan(0);
    const unacknowledged = [...postOps, ...commentOps].filter((op) => !op.result.acknowledged);
    expect(unacknowledged.length).toBeGreaterThan(0);
    // Many sequential requests with the SDK's backoffs, on a DynamoDB Local that may be slow.
  }, 300_000);
});
