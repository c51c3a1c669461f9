/** Staff's triage of a post (its status and tags), and the accepted answer of a question. */
import type { AnswerAccepted, PostStatusChanged } from '../../domain/events.ts';
import type { Actor, Post, StatusChange } from '../../domain/types.ts';
import { ConflictError, ForbiddenError, ValidationError } from '../../domain/errors.ts';
import { acceptAnswerSchema, parseInput, postTagsSchema, statusChangeSchema } from '../../domain/schemas.ts';
import { publishFromOutbox } from '../outbox.ts';
import { canAcceptAnswer, requireParticipant, requireStaff } from '../policy.ts';
import { requireNotWithheld } from '../moderation/withheld.ts';
import { requireVisiblePost } from './access.ts';
import { changeLists, statusChangedEvent } from './status-writes.ts';
import type { PostServiceDeps } from './types.ts';

export async function changeStatus(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<Post> {
  const staff = requireStaff(actor, 'change a post’s status');
  const { status, note } = parseInput(statusChangeSchema, input);
  let event: PostStatusChanged | undefined;
  let responded = false;
  const after = await changeLists(deps, postId, (post, now) => {
    // Called again after losing a race: only the attempt that is written may publish its change.
    event = undefined;
    responded = false;
    if (post.status === 'merged') throw new ConflictError('A merged post’s status cannot change.');
    requireNotWithheld(post);
    if (post.kind === 'story') {
      throw new ValidationError({
        status: 'Stories have no status: feature them or propose a quote instead.',
      });
    }
    if (post.status === status && note === (post.statusNote?.body ?? undefined)) return null;
    const change: StatusChange = {
      id: deps.ids.next(),
      postId: post.id,
      from: post.status,
      to: status,
      ...(note ? { note } : {}),
      byId: staff.id,
      byName: staff.name,
      at: now,
    };
    const next: Post = {
      ...post,
      status,
      statusChangedAt: now,
      updatedAt: now,
      statusNote: note ? { body: note, byId: staff.id, byName: staff.name, at: now } : undefined,
      shippedAt: status === 'shipped' ? (post.status === 'shipped' ? post.shippedAt : now) : undefined,
    };
    // A note alone changes no status: it is recorded, but nobody is told.
    if (post.status !== status) event = statusChangedEvent(next, change);
    // A public note answers the post: staff's first response, when it is the first (issue 18).
    responded = note !== undefined && note !== '';
    return { after: next, extra: { statusChange: change, ...(event ? { event } : {}) } };
  });
  if (event) await publishFromOutbox(deps, event);
  if (responded) await deps.analytics?.staffResponded(actor, after);
  return after;
}

export async function setTags(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<Post> {
  requireStaff(actor, 'tag posts');
  const { tags } = parseInput(postTagsSchema, input);
  const known = new Set((await deps.tags.list()).map((t) => t.slug));
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length > 0) throw new ValidationError({ tags: `Unknown tag: ${unknown.join(', ')}.` });
  return changeLists(deps, postId, (post, now) => {
    if (post.status === 'merged') throw new ConflictError('A merged post cannot be tagged.');
    requireNotWithheld(post);
    return { after: { ...post, tags, updatedAt: now } };
  });
}

export async function acceptAnswer(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<Post> {
  const accepter = requireParticipant(actor, deps.clock.now(), 'Sign in to accept an answer.');
  const { post } = await requireVisiblePost(deps, actor, postId);
  const { commentId } = parseInput(acceptAnswerSchema, input);
  requireNotWithheld(post);
  if (post.kind !== 'question') throw new ConflictError('Only questions have accepted answers.');
  if (!canAcceptAnswer(actor, post))
    throw new ForbiddenError('Only the person who asked, or staff, can accept an answer.');
  const comment = commentId ? await deps.comments.get(post.id, commentId) : null;
  if (commentId && (!comment || comment.deleted || comment.hidden))
    throw new ValidationError({ commentId: 'That comment is not on this post.' });
  const newlyAccepted = comment && comment.id !== post.acceptedCommentId ? comment : null;
  // Only a new acceptance is news (for its author and the question's followers).
  const event: AnswerAccepted | undefined = newlyAccepted
    ? {
        type: 'AnswerAccepted',
        id: deps.ids.next(),
        at: deps.clock.now().toISOString(),
        detail: {
          postId: post.id,
          commentId: newlyAccepted.id,
          answerAuthorId: newlyAccepted.authorId,
          byId: accepter.id,
          byName: accepter.name,
        },
      }
    : undefined;
  const announced = await deps.posts.setAcceptedAnswer(
    post.id,
    commentId,
    comment && comment.id !== post.acceptedCommentId
      ? { at: deps.clock.now().toISOString(), authorId: comment.authorId }
      : undefined,
    { userId: accepter.id, at: deps.clock.now().toISOString() },
    event,
  );
  if (event && announced) await publishFromOutbox(deps, event);
  // Counted once the acceptance is written as new; the recorder counts only the question's first.
  if (newlyAccepted && announced) await deps.analytics?.answerAccepted(post, newlyAccepted);
  const { acceptedCommentId: _previous, ...rest } = post;
  return commentId ? { ...rest, acceptedCommentId: commentId } : rest;
}
