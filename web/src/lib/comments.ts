import type { CommentView } from '$shared/services/comment-view.ts';

/**
 * A comment as the post page shows it: its text rendered, what the viewer may do with it, and (on pages
 * of comments) whether they upvoted it and its author's reputation.
 */
export type ViewComment = CommentView & { bodyHtml: string };

export interface Thread {
  comment: ViewComment;
  replies: ViewComment[];
}
