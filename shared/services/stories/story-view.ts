/**
 * A story as each viewer may see it, computed from the consent as it stands when read: every output
 * (the post, the wall, the API, exports, digests) goes through here, so a narrowed or withdrawn consent
 * holds everywhere at once, with no copy left to forget.
 */
import { attribution, disclosureLine, isPublic } from '../../domain/consent.ts';
import type { Actor, Post, Story } from '../../domain/types.ts';
import { isStaff } from '../../domain/types.ts';
import type { StoryView } from '../../domain/views.ts';

export type StoryViewer = 'public' | 'author' | 'staff';

export function storyViewerOf(actor: Actor, post: Pick<Post, 'authorId'>): StoryViewer {
  if (isStaff(actor)) return 'staff';
  return actor.kind === 'user' && actor.user.id === post.authorId ? 'author' : 'public';
}

/** The approved quote, if the consent lets any quote out. */
export function publicQuote(story: Story): string | undefined {
  return isPublic(story.consent.level) && story.proposal?.state === 'approved'
    ? story.proposal.text
    : undefined;
}

export function storyView(post: Pick<Post, 'authorName'> & { story: Story }, viewer: StoryViewer): StoryView {
  const { story } = post;
  const credit = attribution(story.consent.level, {
    name: post.authorName,
    role: story.role,
    company: story.company?.name,
  });
  const quote = publicQuote(story);
  const open = isPublic(story.consent.level);
  const view: StoryView = {
    ...(story.outcome && (open || viewer !== 'public') ? { outcome: story.outcome } : {}),
    attribution: credit,
    ...(quote ? { quote } : {}),
    ...(story.incentive && open ? { disclosure: disclosureLine(story.incentive.description) } : {}),
    featured: story.featuredAt !== undefined && open,
  };
  if (viewer === 'public') return view;
  return {
    ...view,
    ...(story.role ? { role: story.role } : {}),
    ...(story.quote ? { authorQuote: story.quote } : {}),
    consent: story.consent,
    ...(story.proposal ? { proposal: story.proposal } : {}),
    ...(story.incentive ? { incentive: story.incentive.description } : {}),
    ...(viewer === 'staff' && story.note ? { note: story.note } : {}),
    ...(viewer === 'staff' && story.company ? { company: story.company } : {}),
  };
}

/**
 * The author as a public viewer may see them on a story: the consent's byline, and no profile link
 * unless the consent names them in full (a profile shows the full name).
 */
export function storyAuthor(
  post: Post & { story: Story },
  viewer: StoryViewer,
): { authorId: string; authorName: string } {
  if (viewer !== 'public') return { authorId: post.authorId, authorName: post.authorName };
  const credit = attribution(post.story.consent.level, {
    name: post.authorName,
    role: post.story.role,
    company: post.story.company?.name,
  });
  const named = post.story.consent.level === 'full_name' || post.story.consent.level === 'name_company_logo';
  return { authorId: named ? post.authorId : '', authorName: credit?.byline ?? 'A customer' };
}
