import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PostStatusChanged } from '../domain/events.ts';
import type { Subscription, User } from '../domain/types.ts';
import type {
  EmailMessage,
  Mailer,
  NotificationLedger,
  Page,
  SubscriptionStore,
  UserStore,
} from '../ports/index.ts';
import { verifyUnsubscribe } from '../notify/unsubscribe-token.ts';
import { NotificationService } from './notification-service.ts';

const SECRET = 'notification-test-secret-0123456789abcdef';

class MemorySubscriptions implements SubscriptionStore {
  readonly items: Subscription[] = [];
  async ensure(s: Subscription) {
    if (!(await this.get(s.postId, s.userId))) this.items.push(s);
  }
  async set(s: Subscription) {
    const i = this.items.findIndex((x) => x.postId === s.postId && x.userId === s.userId);
    if (i >= 0) this.items[i] = s;
    else this.items.push(s);
  }
  async get(postId: string, userId: string) {
    return this.items.find((s) => s.postId === postId && s.userId === userId) ?? null;
  }
  async followers(postId: string) {
    return this.items.filter((s) => s.postId === postId && s.following);
  }
  async subscribers(postId: string) {
    return this.items.filter((s) => s.postId === postId);
  }
  async following(): Promise<Page<Subscription>> {
    throw new Error('not used');
  }
}

class MemoryUsers implements Pick<UserStore, 'get' | 'getMany'> {
  constructor(readonly users: User[]) {}
  async get(id: string) {
    return this.users.find((u) => u.id === id) ?? null;
  }
  async getMany(ids: readonly string[]) {
    return ids.flatMap((id) => this.users.filter((u) => u.id === id));
  }
}

class MemoryLedger implements NotificationLedger {
  readonly claims = new Map<string, string>();
  async claimedAt(eventId: string, userId: string) {
    return this.claims.get(`${eventId}/${userId}`) ?? null;
  }
  async claim(eventId: string, userId: string, at: string) {
    const key = `${eventId}/${userId}`;
    if (this.claims.has(key)) return false;
    this.claims.set(key, at);
    return true;
  }
  async release(eventId: string, userId: string) {
    this.claims.delete(`${eventId}/${userId}`);
  }
}

class MemoryMailer implements Mailer {
  readonly sent: EmailMessage[] = [];
  failFor = new Set<string>();
  async send(message: EmailMessage) {
    if (this.failFor.has(message.to)) throw new Error(`mailbox of ${message.to} is full`);
    this.sent.push(message);
  }
}

const user = (id: string, role: User['role'] = 'customer'): User => ({
  id,
  email: `${id}@example.com`,
  name: id.toUpperCase(),
  role,
  createdAt: '2026-01-01T00:00:00.000Z',
});

const event: PostStatusChanged = {
  type: 'PostStatusChanged',
  id: 'evt-1',
  at: '2026-11-23T10:00:00.000Z',
  detail: {
    postId: 'post-1',
    boardSlug: 'ideas',
    title: 'Dark mode',
    from: 'open',
    to: 'planned',
    byId: 'staff',
    byName: 'Staff',
  },
};

let subscriptions: MemorySubscriptions;
let ledger: MemoryLedger;
let mailer: MemoryMailer;
let service: NotificationService;

beforeEach(async () => {
  subscriptions = new MemorySubscriptions();
  ledger = new MemoryLedger();
  mailer = new MemoryMailer();
  const follow = (userId: string, following = true) =>
    subscriptions.set({ postId: 'post-1', userId, following, reason: 'voter', since: event.at });
  await follow('ann');
  await follow('bob');
  await follow('cat');
  await follow('dan', false);
  await follow('staff');
  await subscriptions.set({
    postId: 'post-2',
    userId: 'eve',
    following: true,
    reason: 'author',
    since: event.at,
  });
  service = new NotificationService({
    boards: {
      get: async (slug: string) => ({
        slug,
        name: slug,
        description: '',
        kinds: ['idea'],
        archived: false,
        private: false,
        allowedDomains: [],
        createdAt: event.at,
      }),
      // No board takes stories here: status emails carry no story invitation.
      list: async () => [],
    },
    subscriptions,
    users: new MemoryUsers(
      ['ann', 'bob', 'cat', 'dan', 'eve'].map((id) => user(id)).concat(user('staff', 'staff')),
    ) as unknown as UserStore,
    ledger,
    mailer,
    clock: { now: () => new Date('2026-11-23T10:00:01.000Z') },
    secret: SECRET,
    publicOrigin: 'https://hearth.example/',
  });
});

afterEach(() => vi.restoreAllMocks());

const recipients = () => mailer.sent.map((m) => m.to).sort();

describe('NotificationService.onStatusChanged', () => {
  it('emails the post’s followers, not unfollowers, other posts’ followers or the one who changed it', async () => {
    expect(await service.onStatusChanged(event)).toEqual({ sent: 3, skipped: 1 });
    expect(recipients()).toEqual(['ann@example.com', 'bob@example.com', 'cat@example.com']);
    expect(ledger.claims.get('evt-1/ann')).toBe('2026-11-23T10:00:01.000Z');
  });

  it('links to the post and to an unsubscribe for this recipient and post', async () => {
    await service.onStatusChanged(event);
    const mail = mailer.sent.find((m) => m.to === 'ann@example.com')!;
    expect(mail.subject).toBe('[Hearth] “Dark mode” is now planned');
    expect(mail.text).toContain('https://hearth.example/p/post-1');
    const page = /https:\/\/hearth\.example\/unsubscribe\/([\w.-]+)/.exec(mail.text)?.[1];
    expect(page && verifyUnsubscribe(SECRET, page)).toEqual({ postId: 'post-1', userId: 'ann' });
    expect(mail.headers?.['List-Unsubscribe']).toBe(`<https://hearth.example/api/unsubscribe?token=${page}>`);
  });

  it('sends nothing when the same event is delivered again', async () => {
    await service.onStatusChanged(event);
    expect(await service.onStatusChanged(event)).toEqual({ sent: 0, skipped: 4 });
    expect(mailer.sent).toHaveLength(3);
  });

  it('gives back the claim of a failed send, tries the others, throws, and the retry sends only that one', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    mailer.failFor.add('bob@example.com');
    await expect(service.onStatusChanged(event)).rejects.toThrow('mailbox of bob@example.com is full');
    expect(recipients()).toEqual(['ann@example.com', 'cat@example.com']);
    expect(ledger.claims.has('evt-1/bob')).toBe(false);

    mailer.failFor.clear();
    expect(await service.onStatusChanged(event)).toEqual({ sent: 1, skipped: 3 });
    expect(recipients()).toEqual(['ann@example.com', 'bob@example.com', 'cat@example.com']);
  });

  it('reports several failures at once', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    mailer.failFor = new Set(['ann@example.com', 'cat@example.com']);
    const error = await service.onStatusChanged(event).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors).toHaveLength(2);
    expect(recipients()).toEqual(['bob@example.com']);
  });

  it('does nothing for a post nobody follows', async () => {
    expect(
      await service.onStatusChanged({ ...event, detail: { ...event.detail, postId: 'post-9' } }),
    ).toEqual({
      sent: 0,
      skipped: 0,
    });
  });
});
