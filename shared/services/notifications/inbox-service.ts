/** A person's inbox and notification preferences, and the one-click unsubscribe of notification emails. */
import {
  markReadSchema,
  notificationPageQuerySchema,
  notificationPrefsSchema,
  NOTIFICATION_KINDS,
  PREFERENCE_KINDS,
  type InboxItem,
  type NotificationKind,
  type NotificationPrefs,
} from '../../domain/notifications.ts';
import { ValidationError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/schemas.ts';
import type { Actor } from '../../domain/types.ts';
import type { Clock, InboxStore, NotificationPrefsStore, UserStore } from '../../ports/index.ts';
import { verifyKindUnsubscribe } from '../../notify/unsubscribe-token.ts';
import { requireUser } from '../policy.ts';

export interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  unread: number;
}

export interface InboxServiceDeps {
  inbox: InboxStore;
  notificationPrefs: NotificationPrefsStore;
  users: Pick<UserStore, 'get'>;
  clock: Clock;
  secret: string;
}

export class InboxService {
  constructor(private readonly deps: InboxServiceDeps) {}

  /** The newest first, a page at a time: one Query and one GetItem, whatever the inbox's size. */
  async list(actor: Actor, query: unknown): Promise<InboxPage> {
    const user = requireUser(actor, 'Sign in to see your notifications.');
    const { limit, cursor } = parseInput(notificationPageQuerySchema, query);
    const page = await this.deps.inbox.page(user.id, limit, cursor);
    return { items: page.items, nextCursor: page.nextCursor, unread: page.unread };
  }

  /** `{ ids }` marks those, `{ all: true }` everything so far. Answers the unread count after. */
  async markRead(actor: Actor, input: unknown): Promise<{ unread: number }> {
    const user = requireUser(actor, 'Sign in to see your notifications.');
    const body = parseInput(markReadSchema, input);
    if (body.all) await this.deps.inbox.markAllRead(user.id, this.deps.clock.now().toISOString());
    else await this.deps.inbox.markRead(user.id, body.ids ?? []);
    const fresh = await this.deps.users.get(user.id);
    return { unread: fresh?.unreadNotifications ?? 0 };
  }

  async preferences(actor: Actor): Promise<NotificationPrefs> {
    const user = requireUser(actor, 'Sign in to change your notifications.');
    return this.deps.notificationPrefs.get(user.id);
  }

  async setPreferences(actor: Actor, input: unknown): Promise<NotificationPrefs> {
    const user = requireUser(actor, 'Sign in to change your notifications.');
    const changes = parseInput(notificationPrefsSchema, input);
    return this.deps.notificationPrefs.set(user.id, changes);
  }

  /**
   * The one-click unsubscribe of a notification email: turns the kinds it carried off for its
   * recipient. Needs no session (mail clients post it on their own, RFC 8058); the signed token is the
   * authority. The inbox keeps getting them.
   */
  async unsubscribe(token: string): Promise<{ kinds: NotificationKind[] }> {
    const claims = typeof token === 'string' ? verifyKindUnsubscribe(this.deps.secret, token) : null;
    const kinds = (claims?.kinds ?? []).filter((k): k is NotificationKind =>
      (NOTIFICATION_KINDS as readonly string[]).includes(k),
    );
    if (!claims || kinds.length === 0) {
      throw new ValidationError({ token: 'This unsubscribe link is not valid.' });
    }
    // Moderators' notices stay on: the link turns off the rest of what the email carried.
    const choosable = kinds.filter((k) => (PREFERENCE_KINDS as readonly string[]).includes(k));
    if (choosable.length > 0) {
      await this.deps.notificationPrefs.set(
        claims.userId,
        Object.fromEntries(choosable.map((k) => [k, 'off'])) as Partial<NotificationPrefs>,
      );
    }
    return { kinds: choosable };
  }
}
