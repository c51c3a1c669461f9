import type { Comment } from '$shared/domain/types.ts';
import type { CommentPermissions } from '$shared/services/comment-view.ts';

/** A comment as the post page shows it: its text rendered, and what the viewer may do with it. */
export type ViewComment = Comment & { bodyHtml: string; permissions: CommentPermissions };

export interface Thread {
  comment: ViewComment;
  replies: ViewComment[];
}
