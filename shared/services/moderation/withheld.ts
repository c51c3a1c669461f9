/**
 * Withheld content (domain/moderation.ts isWithheld; a comment hidden or deleted) as each output treats
 * it: staff and its author read it, with the moderators' reason; to anyone else a post does not exist
 * and a comment is a neutral placeholder. No public shaming: nobody else learns the state or the reason.
 */
import { isWithheld } from '../../domain/moderation.ts';
import { WithheldError } from '../../domain/errors.ts';
import { isStaff, type Actor, type Comment, type Post } from '../../domain/types.ts';

type Moderated = { authorId: string; moderation?: Post['moderation'] };
type ModerationRecord = NonNullable<Post['moderation']>;

/** Who decided, as the author reads it: the moderators as a body, never one of them by name. */
export const MODERATORS_BODY = { byId: '', byName: 'The moderators' } as const;

/** Staff, or the author themself. */
export const mayReadWithheld = (actor: Actor, item: { authorId: string }): boolean =>
  isStaff(actor) || (actor.kind === 'user' && actor.user.id === item.authorId);

/** Whether the actor may see this post at all (a published post: yes; withheld: staff and its author). */
export const canSeeWithheldPost = (actor: Actor, post: Moderated): boolean =>
  !isWithheld(post) || mayReadWithheld(actor, post);

/**
 * The moderation record as this viewer may read it: all of it for staff; the state, reason and time for
 * the author (who decided stays with staff, so that nobody's moderators are singled out); nothing for
 * anyone else.
 */
export function moderationFor(actor: Actor, item: Moderated): ModerationRecord | undefined {
  const m = item.moderation;
  if (!m || !mayReadWithheld(actor, item)) return undefined;
  if (isStaff(actor)) return m;
  return { state: m.state, reason: m.reason, at: m.at, ...MODERATORS_BODY };
}

/**
 * A record of theirs as its author downloads it (their data export), staff or not: the moderation
 * record as an author reads it (who decided, or whose flags withheld it, stays out), and no flag weight.
 */
export function authorsRecord<T extends Moderated & { flagWeight?: number }>(item: T): T {
  const { moderation: m, flagWeight: _weight, ...rest } = item;
  return (
    m ? { ...rest, moderation: { state: m.state, reason: m.reason, at: m.at, ...MODERATORS_BODY } } : rest
  ) as T;
}

/** Votes, comments, acceptances, status changes, merges, follows and tags wait for a restore. */
export function requireNotWithheld(post: Pick<Post, 'moderation'>): void {
  if (isWithheld(post)) throw new WithheldError();
}

/**
 * A comment waiting for the moderators (held, or withheld by flags) that this viewer may not read: no
 * decision yet, so nobody else learns whose it is; threads leave it out unless replies hang on it.
 */
export const pendingUnseen = (actor: Actor, comment: Pick<Comment, 'authorId' | 'moderation'>): boolean =>
  (comment.moderation?.state === 'held' || comment.moderation?.state === 'flagged') &&
  !mayReadWithheld(actor, comment);

/** A comment no one but staff and its author reads: hidden, removed or held by the moderators. */
export const isWithheldComment = (comment: Pick<Comment, 'hidden' | 'deleted'>): boolean =>
  comment.hidden || comment.deleted;
