import type { Comment } from '$shared/domain/types.ts';

/** A comment as the post page shows it: its text rendered, and what the viewer may do with it. */
export interface ViewComment extends Comment {
  bodyHtml: string;
  canEdit: boolean;
  canDelete: boolean;
}

export interface Thread {
  comment: ViewComment;
  replies: ViewComment[];
}
