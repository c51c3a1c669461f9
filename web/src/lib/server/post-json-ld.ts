/**
 * schema.org structured data for a post's page, so that a search for a customer's problem can land on
 * its answer: a question is a `QAPage`, an idea or a bug a `DiscussionForumPosting`. Stories have their
 * own (the stories wall's Reviews) and get none here. The caller decides whether the page is public;
 * this only shapes what an anonymous reader could read anyway. Written into the page through
 * jsonForScript (json-ld.ts).
 */
// Relative, not $shared: the unit tests import this module outside SvelteKit's aliases.
import { markdownToText } from '../../../../shared/notify/plain-text.ts';
import type { CommentView, PostSummary } from '../../../../shared/services/post-service.ts';

export type JsonLdPost = Pick<
  PostSummary,
  | 'id'
  | 'kind'
  | 'title'
  | 'body'
  | 'authorName'
  | 'voteCount'
  | 'commentCount'
  | 'createdAt'
  | 'acceptedCommentId'
>;
export type JsonLdComment = Pick<
  CommentView,
  'id' | 'parentId' | 'authorName' | 'body' | 'createdAt' | 'deleted' | 'hidden'
>;

/** Enough to show in a result and to match a search; the page holds the rest. */
export const MAX_TEXT_LENGTH = 1000;
/** Google shows a few answers at most; more only make the page heavier. */
export const MAX_SUGGESTED_ANSWERS = 5;

/**
 * `comments`: the first page of the post's comments as the service answered it (a question's accepted
 * answer is always on it). Hidden and deleted comments are left out, whoever is reading.
 */
export function postJsonLd(
  post: JsonLdPost,
  comments: readonly JsonLdComment[],
  origin: string,
): Record<string, unknown> | null {
  const url = `${origin}/p/${post.id}`;
  const readable = comments.filter((c) => !c.deleted && !c.hidden && c.body.trim() !== '');
  switch (post.kind) {
    case 'question':
      return qaPage(post, readable, url);
    case 'idea':
    case 'bug':
      return forumPosting(post, url);
    default:
      return null;
  }
}

function qaPage(post: JsonLdPost, comments: readonly JsonLdComment[], url: string) {
  const answer = (c: JsonLdComment) => ({
    '@type': 'Answer',
    text: plainText(c.body),
    dateCreated: c.createdAt,
    url: `${url}#comment-${c.id}`,
    author: person(c.authorName),
  });
  // The accepted answer may be a reply; the other answers are the thread starts (replies discuss them).
  const accepted = comments.find((c) => c.id === post.acceptedCommentId);
  const others = comments.filter((c) => !c.parentId && c !== accepted);
  return {
    '@context': 'https://schema.org',
    '@type': 'QAPage',
    url,
    mainEntity: {
      '@type': 'Question',
      name: post.title,
      // A question asked in its title alone still needs a text.
      text: plainText(post.body) || post.title,
      dateCreated: post.createdAt,
      author: person(post.authorName),
      answerCount: others.length + (accepted ? 1 : 0),
      upvoteCount: post.voteCount,
      ...(accepted ? { acceptedAnswer: answer(accepted) } : {}),
      ...(others.length > 0 ? { suggestedAnswer: others.slice(0, MAX_SUGGESTED_ANSWERS).map(answer) } : {}),
    },
  };
}

function forumPosting(post: JsonLdPost, url: string) {
  return {
    '@context': 'https://schema.org',
    '@type': 'DiscussionForumPosting',
    url,
    headline: post.title,
    text: plainText(post.body) || post.title,
    datePublished: post.createdAt,
    author: person(post.authorName),
    interactionStatistic: [
      counter('LikeAction', post.voteCount),
      counter('CommentAction', post.commentCount),
    ],
  };
}

const person = (name: string) => ({ '@type': 'Person', name });

const counter = (action: string, count: number) => ({
  '@type': 'InteractionCounter',
  interactionType: `https://schema.org/${action}`,
  userInteractionCount: count,
});

/** Markdown as the reader sees it, cut at a word near the limit. */
function plainText(markdown: string): string {
  const text = markdownToText(markdown).replace(/\s+/g, ' ').trim();
  if (text.length <= MAX_TEXT_LENGTH) return text;
  const cut = text.slice(0, MAX_TEXT_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > MAX_TEXT_LENGTH * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
