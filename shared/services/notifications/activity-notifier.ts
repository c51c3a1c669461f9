/**
 * Who hears of a comment, an answer or an acceptance, and as what kind. Runs as the notify target, which
 * may deliver an event more than once: delivery is exactly once per (event, recipient) (delivery.ts).
 *
 * Rules: never the actor themself; one notification per person per event, the most specific kind
 * (domain/notifications.ts); only people who may see the post's board (canSeeBoard, as status emails)
 * and, for a story kept inside the company, the story itself (canSeeStory);
 * `comment` and `followed` are news of a post, so someone who unfollowed it does not get them, while a
 * reply, a mention or an acceptance is addressed to them and does.
 */
import type { AnswerAccepted, CommentPosted, ContentModerated } from '../../domain/events.ts';
import {
  excerptOf,
  NOTIFICATION_KINDS,
  resolveMentions,
  type NotificationKind,
} from '../../domain/notifications.ts';
import { isWithheld } from '../../domain/moderation.ts';
import { actorFor, type Board, type Comment, type Post, type User } from '../../domain/types.ts';
import type {
  BoardStore,
  Clock,
  CommentStore,
  InboxStore,
  NotificationPrefsStore,
  PostStore,
  SubscriptionStore,
  UserStore,
} from '../../ports/index.ts';
import { canSeeBoard } from '../policy.ts';
import { canSeeStory } from '../posts/access.ts';
import { deliverModerationNotice } from '../moderation/notice.ts';
import { deliverNotices, type DeliveryResult, type Notice } from './delivery.ts';

export interface ActivityNotifierDeps {
  boards: Pick<BoardStore, 'get' | 'list'>;
  posts: Pick<PostStore, 'get'>;
  comments: Pick<CommentStore, 'get'>;
  subscriptions: Pick<SubscriptionStore, 'followers' | 'subscribers'>;
  users: Pick<UserStore, 'getMany'>;
  inbox: InboxStore;
  notificationPrefs: NotificationPrefsStore;
  clock: Clock;
  publicOrigin: string;
}

const NOBODY: DeliveryResult = { delivered: 0, repeated: 0, prefs: new Map(), newly: new Set() };
const rank = (kind: NotificationKind) => NOTIFICATION_KINDS.indexOf(kind);

export class ActivityNotifier {
  private readonly origin: string;

  constructor(private readonly deps: ActivityNotifierDeps) {
    this.origin = deps.publicOrigin.replace(/\/+$/, '');
  }

  async onCommentPosted(event: CommentPosted): Promise<DeliveryResult> {
    const { postId, commentId } = event.detail;
    const [comment, post] = await Promise.all([
      this.deps.comments.get(postId, commentId),
      this.deps.posts.get(postId),
    ]);
    // A hidden or deleted comment notifies nobody, even when its event is handled late (moderation
    // relies on this: hiding a comment before its event is handled keeps it from reaching anyone).
    if (!comment || comment.hidden || comment.deleted || !post || isWithheld(post)) return NOBODY;
    const [parent, subscribers] = await Promise.all([
      comment.parentId ? this.deps.comments.get(postId, comment.parentId) : null,
      this.deps.subscriptions.subscribers(postId),
    ]);
    const following = new Set(subscribers.filter((s) => s.following).map((s) => s.userId));

    const wanted = new Map<string, NotificationKind>();
    const want = (userId: string | undefined, kind: NotificationKind) => {
      if (!userId || userId === comment.authorId) return;
      const had = wanted.get(userId);
      if (had === undefined || rank(kind) < rank(had)) wanted.set(userId, kind);
    };
    if (following.has(post.authorId)) want(post.authorId, 'comment');
    if (parent && !parent.deleted) want(parent.authorId, 'reply');
    // Mentions resolve against everyone subscribed to the post, followed or not: a mention is addressed
    // to them, and the partition is bounded by the post, never the board.
    const mentionable = subscribers.map((s) => s.userId);
    const mentioned =
      comment.body.includes('@') && mentionable.length > 0
        ? resolveMentions(comment.body, await this.deps.users.getMany(mentionable))
        : new Set<string>();
    for (const id of mentioned) want(id, 'mention');

    return this.deliver(post, comment, comment.authorName, event, wanted);
  }

  async onAnswerAccepted(event: AnswerAccepted): Promise<DeliveryResult> {
    const { postId, commentId, answerAuthorId, byId, byName } = event.detail;
    const [comment, post, followers] = await Promise.all([
      this.deps.comments.get(postId, commentId),
      this.deps.posts.get(postId),
      this.deps.subscriptions.followers(postId),
    ]);
    if (!comment || comment.hidden || comment.deleted || !post || isWithheld(post)) return NOBODY;
    // Accepted, then another answer accepted (or none) before this was handled: old news.
    if (post.acceptedCommentId !== commentId) return NOBODY;
    const wanted = new Map<string, NotificationKind>();
    if (answerAuthorId !== byId) wanted.set(answerAuthorId, 'accepted');
    for (const s of followers) {
      if (s.following && s.userId !== byId && !wanted.has(s.userId)) wanted.set(s.userId, 'followed');
    }
    return this.deliver(post, comment, byName, event, wanted);
  }

  /** A moderators' action: one private notice to the person it concerned (moderation/notice.ts). */
  onContentModerated(event: ContentModerated): Promise<DeliveryResult> {
    return deliverModerationNotice(this.deps, event);
  }

  private async deliver(
    post: Post,
    comment: Comment,
    actorName: string,
    event: CommentPosted | AnswerAccepted,
    wanted: Map<string, NotificationKind>,
  ): Promise<DeliveryResult> {
    if (wanted.size === 0) return NOBODY;
    const [users, board, storyBoard] = await Promise.all([
      this.deps.users.getMany([...wanted.keys()]),
      this.deps.boards.get(post.boardSlug),
      [...wanted.values()].includes('accepted') ? this.storyBoard() : null,
    ]);
    const sees = (user: User, b: Board | null) => b !== null && canSeeBoard(actorFor(user), b);
    const notices: Notice[] = users
      .filter((user) => sees(user, board) && canSeeStory(actorFor(user), post))
      .map((user) => {
        const kind = wanted.get(user.id) ?? 'comment';
        // An accepted answer is a customer's moment to tell their story: one click to its form.
        const invite =
          kind === 'accepted' && storyBoard && user.role === 'customer' && sees(user, storyBoard)
            ? `${this.origin}/b/${encodeURIComponent(storyBoard.slug)}/new?from=${encodeURIComponent(post.id)}`
            : undefined;
        return { user, kind, ...(invite ? { storyInviteUrl: invite } : {}) };
      });
    return deliverNotices(
      this.deps,
      {
        eventId: event.id,
        at: event.at,
        postId: post.id,
        postTitle: post.title,
        commentId: comment.id,
        actorName,
        excerpt: excerptOf(comment.body),
      },
      notices,
    );
  }

  /** The board that takes success stories, if one is open for them. */
  private async storyBoard(): Promise<Board | null> {
    const boards = await this.deps.boards.list();
    return boards.find((b) => b.kinds.includes('story') && !b.archived) ?? null;
  }
}
