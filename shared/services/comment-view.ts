/**
 * A comment as a viewer gets it: its text masked as they may see it, and what they may do with it,
 * decided here once so that pages only read the answers.
 */
import { isStaff, type Actor, type Comment, type Post } from '../domain/types.ts';
import type { CommentPermissions, CommentView } from '../domain/views.ts';
import { moderationFor, pendingUnseen } from './moderation/withheld.ts';
import { canAcceptComment, canDeleteComment, canEditComment, canReplyToComment } from './policy.ts';

export type { CommentPermissions, CommentView };

/**
 * What a viewer may see of a comment: deleted text is gone for everyone, hidden text is kept for staff
 * (they may unhide it) and withheld from everyone else. What moderators withheld (it carries their
 * `moderation` record) its author still reads, with the reason; nobody else learns the reason.
 */
export function maskComment(actor: Actor, comment: Comment): Comment {
  const { moderation: _record, ...shown } = staffFields(actor, comment);
  const moderation = moderationFor(actor, comment);
  const withReason = moderation ? { ...shown, moderation } : shown;
  if (moderation && (comment.hidden || comment.deleted)) return withReason;
  // Awaiting review, with replies under it (threads leave it out otherwise): not even whose it is.
  if (pendingUnseen(actor, comment))
    return { ...withReason, body: '', authorId: '', authorName: '', authorIsStaff: false };
  if (comment.deleted || (comment.hidden && !isStaff(actor))) return { ...withReason, body: '' };
  return withReason;
}

export function commentPermissions(
  actor: Actor,
  post: Post,
  comment: Comment,
  now: Date,
): CommentPermissions {
  return {
    edit: canEditComment(actor, comment, now),
    delete: canDeleteComment(actor, comment),
    // A deleted comment has no text left to hide or show again.
    moderate: isStaff(actor) && !comment.deleted,
    accept: canAcceptComment(actor, post, comment),
    reply: canReplyToComment(actor, post, comment),
  };
}

/**
 * How much the flags weigh is for staff (who review them); to anyone else it would rank their flags. Who
 * deleted a comment too: saying its author did would say, of the others, that the moderators did.
 */
function staffFields(actor: Actor, comment: Comment): Comment {
  if (isStaff(actor)) return comment;
  const { flagWeight: _weight, deletedByAuthor: _byAuthor, ...rest } = comment;
  return rest;
}

/** The comment with the viewer's permissions; its text as stored (callers mask where they must). */
export const withPermissions = (actor: Actor, post: Post, comment: Comment, now: Date): CommentView => ({
  ...staffFields(actor, comment),
  permissions: commentPermissions(actor, post, comment, now),
});

/** A comment of a post's thread, as the viewer reads it. */
export const commentView = (actor: Actor, post: Post, comment: Comment, now: Date): CommentView =>
  withPermissions(actor, post, maskComment(actor, comment), now);
