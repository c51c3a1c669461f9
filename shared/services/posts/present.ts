/** Posts as a viewer sees them: public fields, their own votes, merge targets they may not see unnamed. */
import type { Actor, Post } from '../../domain/types.ts';
import { ANONYMOUS, CLOSED_STATUSES, isStaff } from '../../domain/types.ts';
import type { StoryView } from '../../domain/views.ts';
import { storyAuthor, storyView, storyViewerOf } from '../stories/story-view.ts';
import { MERGED_ELSEWHERE_NOTE } from '../policy.ts';
import { moderationFor } from '../moderation/withheld.ts';
import { visibleTo } from './access.ts';
import type { PostServiceDeps, PostSummary, PublicPost } from './types.ts';

type Deps = Pick<PostServiceDeps, 'boards' | 'posts' | 'votes'>;

export async function summarize(deps: Deps, actor: Actor, posts: readonly Post[]): Promise<PostSummary[]> {
  const [voted, hiddenTargets] = await Promise.all([
    votedIds(deps, actor, posts),
    mergedIntoHidden(deps, actor, posts),
  ]);
  return posts.map((post) => present(post, voted, hiddenTargets.has(post.id), actor));
}

export async function votedIds(
  deps: Pick<Deps, 'votes'>,
  actor: Actor,
  posts: readonly Post[],
): Promise<Set<string>> {
  if (actor.kind !== 'user' || posts.length === 0) return new Set();
  return deps.votes.votedPostIds(
    actor.user.id,
    posts.map((p) => p.id),
  );
}

/** Ids of the merged posts among these whose target the actor may not see (or that is gone). */
async function mergedIntoHidden(deps: Deps, actor: Actor, posts: readonly Post[]): Promise<Set<string>> {
  const merged = posts.filter((p) => p.mergedInto !== undefined);
  if (merged.length === 0) return new Set();
  const targets = await deps.posts.getMany(merged.map((p) => p.mergedInto as string));
  const visible = new Set((await visibleTo(deps, actor, targets)).map((p) => p.id));
  return new Set(merged.filter((p) => !visible.has(p.mergedInto as string)).map((p) => p.id));
}

/**
 * A post as a viewer sees it. Fields are named one by one, so that whatever the store adds to a post
 * (counters, keys) stays inside unless it is added here on purpose.
 */
export function present(
  post: Post,
  voted: ReadonlySet<string>,
  targetHidden: boolean,
  actor: Actor = ANONYMOUS,
): PostSummary {
  return {
    ...publicFields(post, targetHidden, actor),
    viewerHasVoted: voted.has(post.id),
    votingOpen: !CLOSED_STATUSES.has(post.status),
    // Who pays for what is the product team's business, not the other customers'.
    ...(isStaff(actor) ? { demand: demandOf(post) } : {}),
  };
}

export const demandOf = (post: Pick<Post, 'demandCompanies' | 'demandMrr'>) => ({
  companies: post.demandCompanies ?? 0,
  mrr: post.demandMrr ?? 0,
});

/**
 * The fields any viewer sees, named one by one. What a write answers: whoever wrote it can see the post
 * and what it was merged into, and a vote of their own is not what the write was about.
 */
export function publicFields(
  post: Post,
  targetHidden = false,
  actor: Actor = ANONYMOUS,
): PublicPost & { story?: StoryView } {
  const mergedInto = post.mergedInto !== undefined && !targetHidden ? post.mergedInto : undefined;
  const story = post.story ? { ...post, story: post.story } : undefined;
  const viewer = storyViewerOf(actor, post);
  const moderation = moderationFor(actor, post);
  const statusNote =
    post.statusNote && targetHidden && post.status === 'merged'
      ? { ...post.statusNote, body: MERGED_ELSEWHERE_NOTE }
      : post.statusNote;
  return {
    id: post.id,
    boardSlug: post.boardSlug,
    kind: post.kind,
    title: post.title,
    body: post.body,
    status: post.status,
    // A story names its author only as far as their consent allows (services/stories/story-view.ts).
    ...(story ? storyAuthor(story, viewer) : { authorId: post.authorId, authorName: post.authorName }),
    voteCount: post.voteCount,
    commentCount: post.commentCount,
    tags: post.tags,
    ...(statusNote ? { statusNote } : {}),
    ...(post.statusChangedAt ? { statusChangedAt: post.statusChangedAt } : {}),
    ...(post.shippedAt ? { shippedAt: post.shippedAt } : {}),
    ...(post.acceptedCommentId ? { acceptedCommentId: post.acceptedCommentId } : {}),
    ...(mergedInto ? { mergedInto } : {}),
    createdAt: post.createdAt,
    updatedAt: post.updatedAt,
    ...(story ? { story: storyView(story, viewer) } : {}),
    // Staff and the author read why it is withheld; nobody else learns that it ever was.
    ...(moderation ? { moderation } : {}),
  };
}
