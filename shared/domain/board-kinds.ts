/**
 * What each kind of post is called, and which statuses make sense for it: one place for the words of
 * the board, new-post and post pages, so a Questions board does not ask "what gets in the way?" and a
 * Bugs board is not called "Ideas". A board that takes several kinds speaks of "posts".
 */
import type { PostKind, PostStatus } from './types.ts';

export interface KindWording {
  /** "Idea": a badge, a radio choice. */
  one: string;
  /** "Ideas": a board's kinds on the board list. */
  many: string;
  /** The board page's link to the new-post page, and that page's heading. */
  newPost: string;
  /** The new-post form's submit button. */
  submit: string;
  titleLabel: string;
  titlePlaceholder: string;
  bodyLabel: string;
  bodyPlaceholder: string;
  /** An empty board's invitation, and its button. */
  emptyBoard: string;
  firstPost: string;
  /** "No match: suggest it yourself". */
  suggest: string;
  /** A post page without comments, and the comment box's label. */
  noComments: string;
  commentLabel: string;
  /**
   * The statuses a board of this kind filters by. Stories are told, not planned: no roadmap statuses.
   * Questions are answered (an accepted answer), which the board filters by separately.
   */
  statuses: readonly PostStatus[];
  /** Questions: the board filters answered and unanswered ones. */
  answers: boolean;
  /** What a vote is called where it is a reaction, not a request ("Inspiring"); null: a vote. */
  reaction: string | null;
}

const ROADMAP: readonly PostStatus[] = [
  'open',
  'under_review',
  'planned',
  'in_progress',
  'shipped',
  'declined',
];

export const KIND_WORDING: Record<PostKind, KindWording> = {
  idea: {
    one: 'Idea',
    many: 'Ideas',
    newPost: 'New post',
    submit: 'Post idea',
    titleLabel: 'Title',
    titlePlaceholder: 'Short and specific, e.g. “Export reports as CSV”',
    bodyLabel: 'Details',
    bodyPlaceholder: 'What are you trying to do, and what gets in the way?',
    emptyBoard: 'Be the first: what would make the product better for you?',
    firstPost: 'Post the first idea',
    suggest: 'suggest it yourself',
    noComments: 'No comments yet. Add what this would change for you.',
    commentLabel: 'Add a comment',
    statuses: ROADMAP,
    answers: false,
    reaction: null,
  },
  bug: {
    one: 'Bug',
    many: 'Bugs',
    newPost: 'Report a bug',
    submit: 'Report bug',
    titleLabel: 'What went wrong',
    titlePlaceholder: 'e.g. “CSV export leaves out the last row”',
    bodyLabel: 'Steps to reproduce',
    bodyPlaceholder: 'What did you do, what did you expect, and what happened instead?',
    emptyBoard: 'No bugs reported. Found one? Tell us what you did and what you saw.',
    firstPost: 'Report a bug',
    suggest: 'report it',
    noComments: 'No comments yet. Seeing it too? Say how it happens for you.',
    commentLabel: 'Add a comment',
    statuses: ROADMAP,
    answers: false,
    reaction: null,
  },
  question: {
    one: 'Question',
    many: 'Questions',
    newPost: 'Ask a question',
    submit: 'Ask question',
    titleLabel: 'Your question',
    titlePlaceholder: 'Ask in one line, e.g. “How do I export reports?”',
    bodyLabel: 'Details',
    bodyPlaceholder: 'What are you trying to do, and what have you tried?',
    emptyBoard: 'No questions yet. Ask the first one: the community and the team answer.',
    firstPost: 'Ask the first question',
    suggest: 'ask it yourself',
    noComments: 'No answers yet. Know how? Share it below.',
    commentLabel: 'Your answer or comment',
    statuses: [],
    answers: true,
    reaction: null,
  },
  story: {
    one: 'Story',
    many: 'Stories',
    newPost: 'Share a story',
    submit: 'Share story',
    titleLabel: 'What did you achieve?',
    titlePlaceholder: 'e.g. “We close the month two days sooner”',
    bodyLabel: 'Tell the story',
    bodyPlaceholder: 'What did you do with the product, and what changed for you and your team?',
    emptyBoard: 'No stories yet. How has the product helped you? Share the first one.',
    firstPost: 'Share the first story',
    suggest: 'share yours',
    noComments: 'No comments yet. Say what this story means to you.',
    commentLabel: 'Add a comment',
    statuses: [],
    answers: false,
    // Nobody asks for a story to be built: a vote says it inspired you.
    reaction: 'Inspiring',
  },
};

/** A board of several kinds speaks of posts, and filters by every status any of its kinds uses. */
const MIXED: Omit<KindWording, 'statuses' | 'answers' | 'reaction'> = {
  one: 'Post',
  many: 'Posts',
  newPost: 'New post',
  submit: 'Post',
  titleLabel: 'Title',
  titlePlaceholder: 'Short and specific, e.g. “Export reports as CSV”',
  bodyLabel: 'Details',
  bodyPlaceholder: 'What is it about? Add what helps others understand it.',
  emptyBoard: 'Be the first to post here.',
  firstPost: 'Write the first post',
  suggest: 'post it yourself',
  noComments: 'No comments yet.',
  commentLabel: 'Add a comment',
};

export function kindWording(kind: PostKind): KindWording {
  return KIND_WORDING[kind];
}

/** The words for a board, from the kinds it takes. */
export function boardWording(kinds: readonly PostKind[]): KindWording {
  const [only] = kinds;
  if (kinds.length === 1 && only) return KIND_WORDING[only];
  const all = kinds.map((k) => KIND_WORDING[k]);
  return {
    ...MIXED,
    statuses: ROADMAP.filter((s) => all.some((w) => w.statuses.includes(s))),
    answers: all.some((w) => w.answers),
    reaction: null,
  };
}
