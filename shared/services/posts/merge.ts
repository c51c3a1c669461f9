/** Staff's merge of a duplicate post into the one that stays. */
import type { PostStatusChanged } from '../../domain/events.ts';
import type { Actor, Post, StatusChange } from '../../domain/types.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { mergeSchema, parseInput, postIdSchema } from '../../domain/schemas.ts';
import { publishFromOutbox } from '../outbox.ts';
import { requireStaff } from '../policy.ts';
import { requireNotWithheld } from '../moderation/withheld.ts';
import { requirePost } from './access.ts';
import { changeLists, statusChangedEvent } from './status-writes.ts';
import type { PostServiceDeps } from './types.ts';

/**
 * Merges a post into another: the source closes as "merged", its votes move to the target (a voter
 * of both keeps one vote), its followers follow the target, and its comments stay readable on it.
 * Moving votes is one transaction per vote, so a merge interrupted halfway is finished by merging again.
 */
export async function merge(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<{ from: Post; into: Post }> {
  const staff = requireStaff(actor, 'merge posts');
  const { into: intoId } = parseInput(mergeSchema, input);
  const sourceId = parseInput(postIdSchema, postId);
  if (sourceId === intoId) throw new ValidationError({ into: 'A post cannot be merged into itself.' });
  const target = await requirePost(deps, intoId);
  if (target.status === 'merged') {
    throw new ValidationError({ into: 'That post was itself merged; merge into the post it went to.' });
  }
  // Neither side may be withheld: votes and followers would move to, or from, what nobody sees.
  requireNotWithheld(target);
  let event: PostStatusChanged | undefined;
  const from = await changeLists(deps, sourceId, (post, now) => {
    event = undefined; // as in changeStatus: a retry that finds the merge done has nothing to announce
    if (post.status === 'merged') {
      if (post.mergedInto === intoId) return null; // finishing an interrupted merge
      throw new ConflictError('This post was already merged into another.');
    }
    requireNotWithheld(post);
    const note = `Merged into “${target.title}”.`;
    const change: StatusChange = {
      id: deps.ids.next(),
      postId: post.id,
      from: post.status,
      to: 'merged',
      note,
      byId: staff.id,
      byName: staff.name,
      at: now,
    };
    const after: Post = {
      ...post,
      status: 'merged',
      mergedInto: intoId,
      statusChangedAt: now,
      updatedAt: now,
      statusNote: { body: note, byId: staff.id, byName: staff.name, at: now },
      shippedAt: undefined,
    };
    event = statusChangedEvent(after, change, target);
    return { after, extra: { statusChange: change, mergedFrom: post.id, event } };
  });

  for (let cursor: string | undefined; ;) {
    const page = await deps.votes.listByPost(from.id, 100, cursor);
    for (const vote of page.items) await deps.votes.move(vote, intoId);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  const now = deps.clock.now().toISOString();
  for (const sub of await deps.subscriptions.followers(from.id)) {
    await deps.subscriptions.ensure({
      postId: intoId,
      userId: sub.userId,
      following: true,
      reason: 'merge',
      since: now,
    });
  }
  await deps.search.remove(from);
  // Announced once the votes and followers have moved; the outbox holds it should this request die first.
  if (event) await publishFromOutbox(deps, event);
  const [fromAfter, into] = await Promise.all([requirePost(deps, from.id), requirePost(deps, intoId)]);
  return { from: fromAfter, into };
}
