/**
 * What people did, as the weekly digest counts it: one small record per post, vote, unvote, comment,
 * status change and accepted answer, written in the same transaction as the thing it records, so the
 * week's figures are a Query of that week, never a scan of the board.
 */
import type { PostStatus } from './types.ts';

export const ACTIVITY_KINDS = ['post', 'vote', 'unvote', 'comment', 'status', 'accepted'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityEvent {
  kind: ActivityKind;
  at: string;
  postId: string;
  /** Who did it: the author, the voter, the staff member who changed the status, the answer's author. */
  userId: string;
  /** The voter's company when the vote was cast (votes only; others take the person's company now). */
  companyId?: string;
  /** The comment (comment, accepted). */
  commentId?: string;
  /** A status change. */
  from?: PostStatus;
  to?: PostStatus;
  note?: string;
  byName?: string;
}
