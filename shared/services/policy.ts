/**
 * Who may do what. Services call these before acting; the UI reads the same answers (via the
 * permissions each service returns) to decide which controls to show, so the two cannot disagree.
 */
import { ForbiddenError, UnauthenticatedError } from '../domain/errors.ts';
import { mayParticipate, sanctionInForce, type Sanction } from '../domain/moderation.ts';
import {
  isAdmin,
  isStaff,
  type Actor,
  type Board,
  type Comment,
  type Post,
  type User,
} from '../domain/types.ts';

/** How long an author may edit their own post or comment. */
export const EDIT_WINDOW_MS = 30 * 60 * 1000;

export function requireUser(actor: Actor, message = 'Sign in to do that.'): User {
  if (actor.kind !== 'user') throw new UnauthenticatedError(message);
  return actor.user;
}

export function requireStaff(actor: Actor, what: string): User {
  const user = requireUser(actor);
  if (!isStaff(actor)) throw new ForbiddenError(`Only staff can ${what}.`);
  return user;
}

export function requireAdmin(actor: Actor, what: string): User {
  const user = requireUser(actor);
  if (!isAdmin(actor)) throw new ForbiddenError(`Only admins can ${what}.`);
  return user;
}

/**
 * The signed-in person, unless a sanction in force keeps them from taking part (posting, commenting,
 * voting, flagging): checked in the services, so the API and the pages refuse alike.
 */
export function requireParticipant(actor: Actor, now: Date, message = 'Sign in to do that.'): User {
  const user = requireUser(actor, message);
  if (!mayParticipate(user.sanction, now)) throw new ForbiddenError(sanctionMessage(user.sanction, now));
  return user;
}

/** What a sanctioned person is told: the sanction, its end (or that it has none), and its reason. */
export function sanctionMessage(sanction: Sanction | undefined, now: Date): string {
  const s = sanctionInForce(sanction, now);
  if (!s) return 'You are not allowed to do that.';
  const what = { warn: 'warned', silence: 'silenced', suspend: 'suspended', ban: 'banned' }[s.level];
  const until = s.until ? ` until ${s.until.slice(0, 16).replace('T', ' ')} UTC` : '';
  return `You are ${what}${until}: ${s.reason}`;
}

const isAuthor = (actor: Actor, authorId: string) => actor.kind === 'user' && actor.user.id === authorId;
const withinWindow = (createdAt: string, now: Date) =>
  now.getTime() - Date.parse(createdAt) <= EDIT_WINDOW_MS;

export function canEditPost(actor: Actor, post: Post, now: Date): boolean {
  if (post.status === 'merged') return false;
  return isStaff(actor) || (isAuthor(actor, post.authorId) && withinWindow(post.createdAt, now));
}

/** Authors may take a post back while it is still only theirs: no one else's vote or comment on it. */
export function canDeletePost(actor: Actor, post: Post, othersInvolved: boolean): boolean {
  return isAuthor(actor, post.authorId) && post.status !== 'merged' && !othersInvolved;
}

export function canEditComment(actor: Actor, comment: Comment, now: Date): boolean {
  // A hidden comment is withheld from its author too: there is nothing they could see to edit.
  return (
    !comment.deleted &&
    !comment.hidden &&
    isAuthor(actor, comment.authorId) &&
    withinWindow(comment.createdAt, now)
  );
}

export const canDeleteComment = (actor: Actor, comment: Comment): boolean =>
  !comment.deleted && isAuthor(actor, comment.authorId);

/**
 * Replies join a thread's first comment while the post takes comments; a deleted or hidden comment
 * shows most readers no text to answer, so it takes none (staff unhide it first).
 */
export const canReplyToComment = (actor: Actor, post: Post, comment: Comment): boolean =>
  actor.kind === 'user' &&
  post.status !== 'merged' &&
  !comment.parentId &&
  !comment.deleted &&
  !comment.hidden;

/**
 * Who sees a board: public boards everyone; private boards staff, and customers whose email domain is
 * listed. Everything on a board (posts, comments, votes) follows the board.
 */
export function canSeeBoard(actor: Actor, board: Board): boolean {
  if (!board.private || isStaff(actor)) return true;
  if (actor.kind !== 'user') return false;
  const domain = actor.user.email.toLowerCase().split('@')[1] ?? '';
  return board.allowedDomains.includes(domain);
}

/**
 * What a merged post says about where it went to a viewer who may not see that post's board: its
 * title, id and board would reveal the private post, so the note names none of them.
 */
export const MERGED_ELSEWHERE_NOTE = 'Merged into another post.';

export const canAcceptAnswer = (actor: Actor, post: Post): boolean =>
  post.kind === 'question' && (isStaff(actor) || isAuthor(actor, post.authorId));

/** An answer to accept is one readers can see, on a question still open to answers (not merged). */
export const canAcceptComment = (actor: Actor, post: Post, comment: Comment): boolean =>
  canAcceptAnswer(actor, post) && post.status !== 'merged' && !comment.deleted && !comment.hidden;

/** Whether anyone but the author has voted or commented (the author's own vote does not count). */
export const othersInvolved = (post: Post, comments: readonly Comment[], authorVoted: boolean): boolean =>
  post.voteCount - (authorVoted ? 1 : 0) > 0 || comments.some((c) => c.authorId !== post.authorId);
