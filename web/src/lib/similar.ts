/** What the new-post form shows while a title is typed: the shape the /similar endpoint returns. */
import type { PostKind, PostStatus } from '$shared/domain/types.ts';

export interface SimilarPost {
  id: string;
  title: string;
  boardSlug: string;
  boardName: string;
  kind: PostKind;
  status: PostStatus;
  voteCount: number;
  commentCount: number;
  /** A question with an accepted answer: these come first (search/rank.ts), labelled "Answered". */
  answered: boolean;
}

/** Shorter queries match too much to help. */
export const MIN_SIMILAR_QUERY = 3;
