/** An author's own post: creating it, and editing or taking it back while the rules allow. */
import type { Actor, Company, Post, Story, User } from '../../domain/types.ts';
import { isStaff } from '../../domain/types.ts';
import { CONSENT_TEXT, CONSENT_VERSION } from '../../domain/consent.ts';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  ValidationError,
} from '../../domain/errors.ts';
import { TREND_SHIFT, voteWeight } from '../../domain/trend.ts';
import {
  boardSlugSchema,
  editPostSchema,
  newPostSchema,
  parseInput,
  type NewPostInput,
} from '../../domain/schemas.ts';
import { canDeletePost, canEditPost, othersInvolved, requireParticipant, requireUser } from '../policy.ts';
import { requireGuidelinesAccepted } from '../moderation/guidelines-service.ts';
import { idempotencyClaim, type IdempotencyClaim } from '../idempotency.ts';
import { settledValue } from '../settled.ts';
import { requireBoard, requireVisiblePost } from './access.ts';
import { holdReasonFor, holdWrites } from '../moderation/holds.ts';
import { contentFingerprint } from '../moderation/repeats.ts';
import { requireNotWithheld } from '../moderation/withheld.ts';
import type { PostServiceDeps } from './types.ts';

/**
 * `idempotencyKey`: the same key with the same request answers with the post the first request made
 * (even if its answer was lost), before any rate limit counts it again.
 */
export async function create(
  deps: PostServiceDeps,
  actor: Actor,
  boardSlug: string,
  input: unknown,
  opts: { idempotencyKey?: string } = {},
): Promise<Post> {
  const user = requireParticipant(actor, deps.clock.now(), 'Sign in to post.');
  await requireGuidelinesAccepted(deps.guidelines, actor);
  const slug = parseInput(boardSlugSchema, boardSlug);
  const fields = parseInput(newPostSchema, input);
  const claim = idempotencyClaim(opts.idempotencyKey, ['createPost', slug, fields]);
  // Read together; a replay still answers before the board is looked at, and its errors come first.
  const [replayed, boardRead, companyRead] = await Promise.allSettled([
    claim ? replayCreate(deps, user.id, claim) : null,
    requireBoard(deps, slug, actor),
    user.companyId ? deps.companies.get(user.companyId) : null,
  ]);
  const earlier = settledValue(replayed);
  if (earlier) return earlier;
  const board = settledValue(boardRead);
  const company = settledValue(companyRead)?.company;
  await deps.limits.check('post', { userId: user.id, ip: actor.ip, user });
  if (board.archived) throw new ConflictError(`The ${board.name} board is archived and takes no new posts.`);
  const kind = fields.kind ?? board.kinds[0] ?? 'idea';
  if (!board.kinds.includes(kind)) {
    throw new ValidationError({ kind: `The ${board.name} board does not take posts of kind ${kind}.` });
  }
  const now = deps.clock.now().toISOString();
  const story = kind === 'story' ? newStory(fields, company, now) : undefined;
  const tags = story ? await storyTags(deps, fields.storyTags ?? []) : [];
  const post: Post = {
    id: deps.ids.next(),
    boardSlug: slug,
    kind,
    title: fields.title,
    body: fields.body,
    status: 'open',
    authorId: user.id,
    authorName: user.name,
    // Authors back their own idea, as on Canny and Fider: the post starts with their vote.
    voteCount: 1,
    trendScore: voteWeight(now, TREND_SHIFT),
    ...(TREND_SHIFT > 0 ? { trendShift: TREND_SHIFT } : {}),
    // The author's company backs the post from its first vote (demand-items.ts).
    ...(company ? { demandCompanies: 1, demandMrr: company.mrr ?? 0 } : {}),
    commentCount: 0,
    tags,
    ...(story ? { story } : {}),
    rev: 0,
    voteSeq: 0,
    createdAt: now,
    updatedAt: now,
  };
  // A new member's first post on a board that holds them, or one with links, waits for review (issue 17).
  const holdReason = await holdReasonFor(
    deps,
    actor,
    user,
    { board, text: `${post.title}\n${post.body}` },
    deps.clock.now(),
  );
  const hold = holdReason ? holdWrites(deps, user, holdReason, { postId: post.id }, now) : undefined;
  if (hold) post.moderation = hold.moderation;
  // The author's vote and subscription and the search postings are written with the post.
  const outcome = await deps.posts.create(
    post,
    { postId: post.id, userId: user.id, votedAt: now, ...(company ? { companyId: company.id } : {}) },
    {
      ...(claim ? { idempotency: { userId: user.id, ...claim, resourceId: post.id, createdAt: now } } : {}),
      ...(hold ? { held: hold.held } : {}),
      // The same post again within the repeat window is refused (spam basics); staff are trusted.
      ...(isStaff(actor)
        ? {}
        : {
            repeat: contentFingerprint(user.id, { kind: 'post', title: post.title, body: post.body }, now),
          }),
      // The consent the story was told under opens its audit trail, in the same transaction.
      ...(story
        ? {
            audit: {
              id: deps.ids.next(),
              postId: post.id,
              at: now,
              actorId: user.id,
              actorName: user.name,
              action: 'story_posted' as const,
              consent: story.consent,
              ...(story.quote ? { quote: story.quote } : {}),
            },
          }
        : {}),
    },
  );
  if (outcome === 'keyTaken' && claim) {
    // A concurrent request with the same key got there first: answer as it did.
    const winner = await replayCreate(deps, user.id, claim);
    if (winner) return winner;
  }
  // Analytics (issue 18): counted once the post is written; a count never fails the post.
  if (outcome !== 'keyTaken') await deps.analytics?.postCreated(actor, post);
  return post;
}

async function replayCreate(
  deps: PostServiceDeps,
  userId: string,
  claim: IdempotencyClaim,
): Promise<Post | null> {
  const record = await deps.idempotency.get(userId, claim.keyHash, deps.clock.now());
  if (!record) return null;
  if (record.fingerprint !== claim.fingerprint) throw new IdempotencyKeyReusedError();
  const post = await deps.posts.get(record.resourceId);
  if (!post) throw new NotFoundError('Post');
  return post;
}

export async function edit(
  deps: PostServiceDeps,
  actor: Actor,
  postId: string,
  input: unknown,
): Promise<Post> {
  const user = requireParticipant(actor, deps.clock.now(), 'Sign in to edit.');
  const { post } = await requireVisiblePost(deps, actor, postId);
  const fields = parseInput(editPostSchema, input);
  if (!canEditPost(actor, post, deps.clock.now())) {
    throw new ForbiddenError('Authors can edit a post for 30 minutes after posting it.');
  }
  // The moderators decide what becomes of a withheld post; only staff edit it meanwhile (issue 17).
  if (!isStaff(actor)) requireNotWithheld(post);
  const updatedAt = deps.clock.now().toISOString();
  // A new member's link added by an edit waits for review like one in a new post: held first, so the
  // link is never out before the moderators saw it.
  const moderation = await holdOnEdit(
    deps,
    actor,
    user,
    post,
    `${fields.title ?? post.title}\n${fields.body ?? post.body}`,
    updatedAt,
  );
  await deps.posts.updateContent(post.id, { ...fields, updatedAt });
  const edited = { ...post, ...fields, ...(moderation ? { moderation } : {}), updatedAt };
  await deps.search.index(edited, post);
  return edited;
}

export async function remove(deps: PostServiceDeps, actor: Actor, postId: string): Promise<void> {
  requireUser(actor, 'Sign in to delete.');
  const { post } = await requireVisiblePost(deps, actor, postId);
  const [comments, authorVote] = await Promise.all([
    deps.comments.listByPost(post.id),
    deps.votes.get(post.id, post.authorId),
  ]);
  const authorVoted = authorVote !== null;
  if (!canDeletePost(actor, post, othersInvolved(post, comments, authorVoted))) {
    throw new ForbiddenError('Authors can delete a post only while nobody else has voted or commented.');
  }
  if (!(await deps.posts.delete(post, authorVoted))) {
    throw new ConflictError('Someone voted or commented just now; the post can no longer be deleted.');
  }
  // Held or flagged, it waits in the review queue: nothing is left there to review (issue 17).
  if (deps.moderation && (post.moderation || post.flagWeight))
    await deps.moderation.dropReview({ postId: post.id });
  await deps.search.remove(post);
}

/** Holds the post for review when the edit brings a new member's link; the hold's record, if held. */
async function holdOnEdit(
  deps: PostServiceDeps,
  actor: Actor,
  user: User,
  post: Post,
  text: string,
  at: string,
): Promise<Post['moderation']> {
  if (!deps.moderation) return undefined;
  const reason = await holdReasonFor(deps, actor, user, { text }, deps.clock.now());
  if (!reason) return undefined;
  const { moderation, held } = holdWrites(deps, user, reason, { postId: post.id }, at);
  // Already queued by flags: the item waits there, now held as well.
  const { reviewId } = await deps.moderation.flagsOf({ postId: post.id }, 0);
  const write = reviewId ? { audit: held.audit } : held;
  const after = { moderation, updatedAt: at, ...(post.flagWeight ? { flagWeight: post.flagWeight } : {}) };
  if (!(await deps.moderation.setPost(post, after, write))) {
    throw new ConflictError('The post changed meanwhile; try again.');
  }
  return moderation;
}

/** A story's own fields, with the consent exactly as the author was shown it (domain/consent.ts). */
function newStory(fields: NewPostInput, company: Company | undefined, now: string): Story {
  if (!fields.consent) throw new ValidationError({ consent: 'Choose how we may use your story.' });
  if (fields.consentVersion !== CONSENT_VERSION) {
    throw new ValidationError({
      consent: 'The consent wording has changed since the form was opened: read it again and choose.',
    });
  }
  return {
    ...(fields.outcome ? { outcome: fields.outcome } : {}),
    ...(fields.role ? { role: fields.role } : {}),
    ...(fields.quote ? { quote: fields.quote } : {}),
    ...(company ? { company: { id: company.id, name: company.name } } : {}),
    consent: { level: fields.consent, version: CONSENT_VERSION, text: CONSENT_TEXT[fields.consent], at: now },
  };
}

/** The product areas a story names: known tags only, each once. */
async function storyTags(deps: Pick<PostServiceDeps, 'tags'>, slugs: readonly string[]): Promise<string[]> {
  if (slugs.length === 0) return [];
  const known = new Set((await deps.tags.list()).map((t) => t.slug));
  const unknown = slugs.filter((s) => !known.has(s));
  if (unknown.length > 0)
    throw new ValidationError({ storyTags: `Unknown product area: ${unknown.join(', ')}.` });
  return [...new Set(slugs)];
}
