/**
 * The outbox: a status change writes its event in its own transaction, the request publishes it and
 * removes it, and the drainer publishes what a failed publish or a crash left behind, once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Post, StatusChange, User } from '../../shared/domain/types.ts';
import { listOutbox } from '../../shared/adapters/mail/outbox-mailer.ts';
import type { EventBus } from '../../shared/ports/index.ts';
import { createServices, ulidGenerator, type Services } from '../../shared/runtime/services.ts';
import { drainOutbox, SCHEDULED_DRAIN } from '../../shared/services/outbox.ts';
import { statusChangedEvent } from '../../shared/services/posts/status-writes.ts';
import { aBoard, as, aStoredPost, aUser } from '../setup/fixtures.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';

/** Real time plus an offset, moved forward past the drainer's grace period. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const later = () => ({ now: () => new Date(clock.now().getTime() + SCHEDULED_DRAIN.olderThanMs + 1_000) });

let t: TestTable;
let staff: User;
let author: User;
beforeAll(async () => {
  t = await createTestTable({ clock });
  staff = await aUser(t, { role: 'staff', name: 'Sam Staff' });
  author = await aUser(t);
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => t.drop());

/** A bus that records what it takes, or refuses everything. */
function aBus(opts: { fails?: boolean } = {}): EventBus & { published: DomainEvent[] } {
  const published: DomainEvent[] = [];
  return {
    published,
    publish: async (event) => {
      if (opts.fails) throw new Error('EventBridge is down');
      published.push(event);
    },
  };
}

/** The same services as the runtime's, on the same table, with this bus instead of the in-process one. */
function servicesWith(events: EventBus): Services {
  return createServices(t.stores, {
    clock,
    ids: ulidGenerator(),
    ssoSecret: TEST_SSO_SECRET,
    events,
    mailer: { send: async () => {} },
    siteUrl: 'https://board.example',
  });
}

/** Everything in the outbox, whatever its age. */
const outboxNow = () => t.stores.outbox.pending('9999', 1_000);

const drainWith = (events: EventBus, now = later()) =>
  drainOutbox({ outbox: t.stores.outbox, events, clock: now }, SCHEDULED_DRAIN);

let titles = 0;
async function aPost(): Promise<Post> {
  const board = await aBoard(t);
  return aStoredPost(t, board.slug, author, { title: `Outbox idea ${++titles}` });
}

describe('a status change whose publish fails', () => {
  it('answers success, leaves its event in the outbox, and the drainer publishes it once', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const post = await aPost();
    const changed = await servicesWith(aBus({ fails: true })).posts.changeStatus(as(staff), post.id, {
      status: 'planned',
    });
    expect(changed.status).toBe('planned');
    expect(warned).toHaveBeenCalledOnce();

    const [change] = await t.stores.posts.statusHistory(post.id);
    const left = await outboxNow();
    expect(left).toEqual([
      {
        type: 'PostStatusChanged',
        id: change?.id,
        at: change?.at,
        detail: {
          postId: post.id,
          boardSlug: post.boardSlug,
          title: post.title,
          from: 'open',
          to: 'planned',
          byId: staff.id,
          byName: staff.name,
        },
      },
    ]);

    const bus = aBus();
    expect(await drainWith(bus)).toEqual({ published: 1, failed: 0 });
    expect(bus.published).toEqual(left);
    expect(await outboxNow()).toEqual([]);

    expect(await drainWith(bus)).toEqual({ published: 0, failed: 0 });
    expect(bus.published).toHaveLength(1);
  });

  it('a merge keeps its event too, naming where the post went', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const [source, target] = [await aPost(), await aPost()];
    await servicesWith(aBus({ fails: true })).posts.merge(as(staff), source.id, { into: target.id });

    const left = await outboxNow();
    expect(left).toHaveLength(1);
    expect(left[0]?.detail).toMatchObject({
      postId: source.id,
      to: 'merged',
      mergedInto: { postId: target.id, boardSlug: target.boardSlug },
    });
    const bus = aBus();
    await drainWith(bus);
    expect(bus.published).toEqual(left);
    expect(await outboxNow()).toEqual([]);
  });
});

describe('a status change whose publish succeeds', () => {
  it('publishes once and leaves nothing in the outbox', async () => {
    const post = await aPost();
    const bus = aBus();
    await servicesWith(bus).posts.changeStatus(as(staff), post.id, { status: 'planned' });
    const [change] = await t.stores.posts.statusHistory(post.id);
    expect(bus.published.map((e) => e.id)).toEqual([change?.id]);
    expect(await outboxNow()).toEqual([]);
    expect(await drainWith(bus)).toEqual({ published: 0, failed: 0 });
  });

  it('a note alone writes no event', async () => {
    const post = await aPost();
    const bus = aBus();
    await servicesWith(bus).posts.changeStatus(as(staff), post.id, { status: 'open', note: 'Still open.' });
    expect(bus.published).toEqual([]);
    expect(await outboxNow()).toEqual([]);
  });
});

describe('a crash between the write and the publish', () => {
  it('is drained: the event goes out through the runtime and the followers are emailed once', async () => {
    const post = await aPost();
    const now = clock.now().toISOString();
    const change: StatusChange = {
      id: ulidGenerator().next(),
      postId: post.id,
      from: 'open',
      to: 'shipped',
      byId: staff.id,
      byName: staff.name,
      at: now,
    };
    const after: Post = { ...post, status: 'shipped', statusChangedAt: now, shippedAt: now, updatedAt: now };
    const event = statusChangedEvent(after, change);
    // What the service writes, and then the process dies before it publishes.
    expect(await t.stores.posts.changeLists(post, after, { statusChange: change, event })).toBe(true);
    expect(await outboxNow()).toEqual([event]);

    const runtime = t.runtime();
    offsetMs += SCHEDULED_DRAIN.olderThanMs + 1_000;
    expect(await runtime.drainOutbox(SCHEDULED_DRAIN)).toEqual({ published: 1, failed: 0 });
    expect(await runtime.drainOutbox(SCHEDULED_DRAIN)).toEqual({ published: 0, failed: 0 });
    await t.drainEvents();
    const mail = (await listOutbox(t.outboxDir)).filter((m) => m.subject.includes(`“${post.title}”`));
    expect(mail).toHaveLength(1);
    expect(await outboxNow()).toEqual([]);
  });
});

describe('the drainer', () => {
  it('leaves events younger than the grace period, and keeps one whose publish fails', async () => {
    const post = await aPost();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await servicesWith(aBus({ fails: true })).posts.changeStatus(as(staff), post.id, { status: 'planned' });
    const [left] = await outboxNow();
    expect(left).toBeDefined();

    const bus = aBus();
    expect(await drainWith(bus, clock)).toEqual({ published: 0, failed: 0 });
    expect(bus.published).toEqual([]);

    expect(await drainWith(aBus({ fails: true }))).toEqual({ published: 0, failed: 1 });
    expect(await outboxNow()).toEqual([left]);

    expect(await drainWith(bus)).toEqual({ published: 1, failed: 0 });
    expect(bus.published).toEqual([left]);
    expect(await outboxNow()).toEqual([]);
  });
});
