/**
 * Which new posts and comments wait for review before anyone but their author and staff sees them: a
 * new member's first post on a board that says so, and a new member's links (when the site says so).
 * Staff are never held. The hold is written with the post or comment, in its transaction.
 */
import {
  containsLink,
  HOLD_REASON_TEXT,
  isNewMember,
  type AuditEntry,
  type HoldReason,
} from '../../domain/moderation.ts';
import { trustLevel } from '../../domain/reputation.ts';
import { isStaff, type Actor, type Board, type User } from '../../domain/types.ts';
import type {
  IdGenerator,
  ModerationRecord,
  ModerationStore,
  ModerationWrite,
  PostStore,
  ReputationStore,
} from '../../ports/index.ts';

export interface HoldDeps {
  posts: Pick<PostStore, 'listByAuthor'>;
  reputation?: Pick<ReputationStore, 'countersOf'>;
  moderation?: Pick<ModerationStore, 'settings'>;
  ids: IdGenerator;
}

/** A few of the author's posts: enough to find a published one past the ones still held or hidden. */
const EARLIER_POSTS_READ = 5;

/**
 * Why the new post or comment is held, if it is. `board` only for a post: its first-post rule (a first
 * post anywhere: until one of theirs is published, held or hidden ones do not count). One BatchGet (the
 * author's points), one Get (the settings) and, on such a board, one small Query of the author's posts,
 * all at once.
 */
export async function holdReasonFor(
  deps: HoldDeps,
  actor: Actor,
  user: User,
  what: { board?: Board; text: string },
  now: Date,
): Promise<HoldReason | undefined> {
  if (isStaff(actor) || !deps.moderation || user.role !== 'customer') return undefined;
  const [counters, settings, earlier] = await Promise.all([
    deps.reputation?.countersOf([user.id]),
    deps.moderation.settings(),
    what.board?.holdFirstPosts ? deps.posts.listByAuthor(user.id, EARLIER_POSTS_READ) : undefined,
  ]);
  const level = trustLevel({ ...user, reputation: counters?.get(user.id)?.reputation ?? 0 }, now);
  if (!isNewMember(level)) return undefined;
  if (earlier && !earlier.items.some((post) => !post.moderation)) return 'firstPost';
  if (settings.holdLinksFromNewMembers && containsLink(what.text)) return 'links';
  return undefined;
}

/** The held item's moderation record and what goes with it: its review item and audit line. */
export function holdWrites(
  deps: Pick<HoldDeps, 'ids'>,
  user: User,
  reason: HoldReason,
  target: { postId: string; commentId?: string },
  at: string,
): { moderation: ModerationRecord; held: ModerationWrite } {
  const audit: AuditEntry = {
    id: deps.ids.next(),
    at,
    action: 'hold',
    actorId: user.id,
    actorName: user.name,
    target: { kind: target.commentId ? 'comment' : 'post', ...target },
    reason: HOLD_REASON_TEXT[reason],
    before: { state: 'new' },
    after: { state: 'held' },
  };
  return {
    // Held by the rules, on the author's own account: byId is theirs (records.ts).
    moderation: { state: 'held', reason: HOLD_REASON_TEXT[reason], at, byId: user.id, byName: user.name },
    held: {
      audit,
      reviewPut: { since: at, state: 'held', holdReason: reason, ...target, authorId: user.id },
    },
  };
}
