/** What the post use cases answer, and what they are built on. */
import type { Clock, EventBus, IdGenerator, Stores } from '../../ports/index.ts';
import type { RateLimits } from '../rate-limits.ts';
import type { AnalyticsRecorder } from '../analytics/types.ts';

export type {
  PostDetail,
  PostList,
  PostPermissions,
  PostRef,
  PostSummary,
  PublicPost,
  Roadmap,
} from '../../domain/views.ts';
export type { CommentPermissions, CommentView } from '../comment-view.ts';

export type PostServiceDeps = Pick<
  Stores,
  | 'boards'
  | 'tags'
  | 'posts'
  | 'votes'
  | 'comments'
  | 'subscriptions'
  | 'search'
  | 'idempotency'
  | 'outbox'
  | 'companies'
> &
  // The comment page's votes and authors' reputation (comment-pages.ts), when wired.
  Partial<Pick<Stores, 'commentVotes' | 'reputation'>> &
  // With it, a member accepts the community guidelines before their first post (issue 17).
  Partial<Pick<Stores, 'guidelines'>> &
  // With it, new members' first posts and links wait for review (moderation/holds.ts, issue 17).
  Partial<Pick<Stores, 'moderation'>> & {
    /** With it, new posts, status notes and accepted answers are counted (issue 18). */
    analytics?: AnalyticsRecorder;
    events: EventBus;
    limits: RateLimits;
    clock: Clock;
    ids: IdGenerator;
  };
