/**
 * Ports: what the services need from the outside world. DynamoDB, SES and EventBridge adapters implement
 * them; unit tests may implement them in memory.
 */
import type { ChampionMark, ReputationCounters, ReputationEvent } from '../domain/reputation.ts';
import type { ListFilter, ListId } from '../domain/lists.ts';
import type { ConsentLevel } from '../domain/consent.ts';
import type { DomainEvent } from '../domain/events.ts';
import type { ActivityEvent } from '../domain/activity.ts';
import type { AuditEntry, Sanction } from '../domain/moderation.ts';
import type { AnalyticsSettings, DayCounters } from '../domain/analytics.ts';
import type {
  DigestAccount,
  DigestSend,
  DigestTeam,
  DigestWeek,
  DigestWeekSummary,
} from '../domain/digest.ts';

export type { DigestSend };
import type { InboxItem, MailQueue, NotificationPrefs, PendingMail } from '../domain/notifications.ts';
import type { FlagReason, HoldReason, ModerationSettings } from '../domain/moderation.ts';
import type {
  Board,
  Comment,
  Company,
  Post,
  Session,
  StatusChange,
  StoryAuditEntry,
  Subscription,
  Tag,
  User,
  Vote,
} from '../domain/types.ts';

export interface Page<T> {
  items: T[];
  /** Opaque: hand it back to get the next page; null on the last page. */
  nextCursor: string | null;
}

/** The last two, by demand, are for staff only (PostService checks). */
export const POST_SORTS = ['trending', 'top', 'new', 'mrr', 'companies'] as const;
export type PostSort = (typeof POST_SORTS)[number];

export interface ListQuery {
  listId: ListId;
  sort: PostSort;
  limit: number;
  cursor?: string;
  /** Filters the list's own key does not cover, applied to its entries (a page may then come back short). */
  residual?: ListFilter;
  /**
   * Demand thresholds (the board's own list only: its entries carry demand). The one the list is sorted
   * by is part of the key condition and costs nothing; the other is a residual filter.
   */
  demandAtLeast?: { mrr?: number; companies?: number };
}

export interface BoardStore {
  list(): Promise<Board[]>;
  get(slug: string): Promise<Board | null>;
  /** Creates the board; false when a board with this slug already exists. */
  create(board: Board): Promise<boolean>;
  /** Replaces name, description, kinds and archived; false when there is no such board. */
  update(board: Board): Promise<boolean>;
}

export interface TagStore {
  list(): Promise<Tag[]>;
  get(slug: string): Promise<Tag | null>;
  /** Creates or renames the tag. */
  put(tag: Tag): Promise<void>;
}

/**
 * What a creation made, under the Idempotency-Key it was asked with: a retry of the same request finds
 * it and answers with the same thing instead of creating it twice.
 */
export interface IdempotencyRecord {
  userId: string;
  /** A hash of the client's key. */
  keyHash: string;
  /** A hash of the operation, its target and its input: the same key with another request is refused. */
  fingerprint: string;
  /** The id of the post or comment the first request created. */
  resourceId: string;
  createdAt: string;
}

export interface IdempotencyStore {
  /** The record, or null when absent or expired. */
  get(userId: string, keyHash: string, now: Date): Promise<IdempotencyRecord | null>;
}

/**
 * `created`: written now, or by an earlier attempt of this very call (a retried request the database
 * had applied). `keyTaken`: the idempotency record already exists; read it and answer from it.
 */
export type CreateOutcome = 'created' | 'keyTaken';

/**
 * A post's or comment's text as the repeat check knows it (spam basics, issue 17): a hash of
 * contentFingerprintText per person, kept for REPEAT_WINDOW_HOURS (services/moderation/repeats.ts).
 */
export interface ContentFingerprint {
  userId: string;
  sha256: string;
  at: string;
}

export interface PostStore {
  /**
   * Stores the post, its author's vote and subscription, its list entries, its search postings and the
   * idempotency record, if any, in one transaction: a post is there completely or not at all. (Postings
   * beyond what one transaction holds are written just before it; without the post they find nothing.)
   */
  create(
    post: Post,
    authorVote: Vote,
    opts?: {
      idempotency?: IdempotencyRecord;
      audit?: StoryAuditEntry;
      /** A new member's post held for review (moderation, issue 17): its review item and audit line. */
      held?: ModerationWrite;
      /** The repeat check (issue 17): the same text from the same person again throws RepeatedContentError. */
      repeat?: ContentFingerprint;
    },
  ): Promise<CreateOutcome>;
  get(id: string): Promise<Post | null>;
  /** The posts that exist among these ids, in the order asked. */
  getMany(ids: readonly string[]): Promise<Post[]>;
  /** One Query on a list index, then one BatchGet of the posts. */
  list(query: ListQuery): Promise<Page<Post>>;
  listByAuthor(authorId: string, limit: number, cursor?: string): Promise<Page<Post>>;
  updateContent(id: string, fields: { title: string; body: string; updatedAt: string }): Promise<void>;
  /** Shows the post as from someone else (a deleted account): the name is denormalized onto it. */
  setAuthorName(id: string, name: string): Promise<void>;
  /**
   * Moves the post to the lists of `after` (status, tags, merge) and writes the extra items, in one
   * transaction that holds only if no vote or other change raced it since `before` was read.
   * False when one did: read again and retry. `event` goes into the outbox (see Outbox) in the same
   * transaction, so a change is never written without the event that announces it.
   */
  changeLists(
    before: Post,
    after: Post,
    extra?: {
      statusChange?: StatusChange;
      mergedFrom?: string;
      event?: DomainEvent;
      audit?: StoryAuditEntry;
    },
  ): Promise<boolean>;
  /** A story's audit trail, oldest first. */
  storyAudit(postId: string): Promise<StoryAuditEntry[]>;
  /** Quote approvals and featurings of one UTC day (YYYY-MM-DD), across stories: one small partition. */
  storyEventsOn(day: string): Promise<StoryAuditEntry[]>;
  /** Deletes the post, its entries and the author's vote, if its votes and comments are as in `post`. */
  delete(post: Post, authorVoted: boolean): Promise<boolean>;
  /** `accepted` (the acceptance's time, the answer's author) goes to the activity log with it. */
  setAcceptedAnswer(
    postId: string,
    commentId: string | null,
    accepted?: { at: string; authorId: string },
    /** Who accepted: only the asker's acceptance of someone else's answer earns reputation. */
    by?: { userId: string; at: string },
    /**
     * Its AnswerAccepted, put in the outbox by the same transaction, unless the answer was already
     * accepted as read there. True when it was put (the caller publishes it).
     */
    event?: DomainEvent,
  ): Promise<boolean>;
  statusHistory(postId: string): Promise<StatusChange[]>;
  /** Votes added per day (net of unvotes), oldest first. */
  voteDays(postId: string): Promise<{ day: string; votes: number }[]>;
  /** Ids of posts merged into this one. */
  mergedIn(postId: string): Promise<string[]>;
}

export interface VoteChange {
  /** False when the vote was already there (vote) or already gone (unvote): a retry changes nothing. */
  changed: boolean;
  /** The post as read just before the change. */
  post: Post;
  /** The vote taken away (remove, when changed): what it carried when cast, such as its company. */
  vote?: Vote;
}

export interface VoteStore {
  /**
   * Adds the vote, and one to the post's count and to each of its list entries, in one transaction.
   * Throws NotFoundError for a missing post and ConflictError when voting is closed. `post`, when the
   * caller has just read it (consistently), saves reading it again; a retry reads afresh.
   */
  add(vote: Vote, opts?: { post?: Post }): Promise<VoteChange>;
  /**
   * Removes the vote and one from the counts, in one transaction. Refused on closed posts unless
   * `evenIfClosed` (an account being deleted takes its votes everywhere).
   */
  remove(
    postId: string,
    userId: string,
    opts?: { evenIfClosed?: boolean; post?: Post; at?: string },
  ): Promise<VoteChange>;
  get(postId: string, userId: string): Promise<Vote | null>;
  /** Which of these posts the user has voted on. */
  votedPostIds(userId: string, postIds: readonly string[]): Promise<Set<string>>;
  listByPost(postId: string, limit: number, cursor?: string): Promise<Page<Vote>>;
  listByUser(userId: string, limit: number, cursor?: string): Promise<Page<Vote>>;
  /**
   * Merge step: moves one vote from a merged post to its target. A voter who already voted on the
   * target keeps one vote there. Either way the source loses the vote and its count follows.
   */
  move(vote: Vote, toPostId: string): Promise<'moved' | 'dropped'>;
}

/** A top-level comment and its replies, oldest first. */
export interface CommentThread {
  comment: Comment;
  replies: Comment[];
}

export interface CommentStore {
  /** Stores the comment, adds one to the post's comment count and stores the idempotency record, in one transaction. */
  /** `question`: the post is a question, so a top-level comment is an answer ranked by votes. */
  create(
    comment: Comment,
    /** `event`: its CommentPosted, put in the outbox by the same transaction. */
    opts?: {
      idempotency?: IdempotencyRecord;
      question?: boolean;
      event?: DomainEvent;
      /** A new member's comment held for review (created hidden): its review item and audit line. */
      held?: ModerationWrite;
      /** The repeat check (issue 17): the same text from the same person again throws RepeatedContentError. */
      repeat?: ContentFingerprint;
    },
  ): Promise<CreateOutcome>;
  get(postId: string, commentId: string): Promise<Comment | null>;
  listByPost(postId: string): Promise<Comment[]>;
  /**
   * A page of the post's threads, oldest first: each top-level comment with all its replies. A page
   * costs the same requests however many comments the post has.
   */
  listThreads(postId: string, limit: number, cursor?: string): Promise<Page<CommentThread>>;
  /** The thread holding the comment (the comment itself, or the reply's parent, with its replies). */
  getThread(postId: string, commentId: string): Promise<CommentThread | null>;
  /**
   * The cursor of the page that begins with the thread `threadId`, and how many threads come before
   * it, counted up to `countUpTo`.
   */
  cursorAtThread(
    postId: string,
    threadId: string,
    countUpTo: number,
  ): Promise<{ cursor: string; threadsBefore: number }>;
  /**
   * A page of a question's answers (threads) by votes, the most first, ties the oldest first; the same
   * requests per page whatever the number of answers. Its cursors are not listThreads' (nor theirs its).
   */
  listAnswers(postId: string, limit: number, cursor?: string): Promise<Page<CommentThread>>;
  /** As cursorAtThread, for a question's answers in vote order. */
  cursorAtAnswer(
    postId: string,
    threadId: string,
    countUpTo: number,
  ): Promise<{ cursor: string; threadsBefore: number }>;
  listByAuthor(authorId: string, limit: number, cursor?: string): Promise<Page<Comment>>;
  updateBody(postId: string, commentId: string, body: string, editedAt: string): Promise<void>;
  setAuthorName(postId: string, commentId: string, name: string): Promise<void>;
  /**
   * Sets the deleted or hidden flag. The post's comment count counts visible comments, so it follows
   * in the same transaction. Returns false when the flag already had that value.
   */
  setFlag(
    postId: string,
    commentId: string,
    flag: 'deleted' | 'hidden',
    value: boolean,
    /** When: the reputation line the change may write is dated with it (now, if omitted). */
    at?: string,
    /** More fields set on the comment with the flag (the author's own delete marks itself, issue 17). */
    extra?: { set?: Record<string, unknown> },
  ): Promise<boolean>;
}

export interface SubscriptionStore {
  /** Subscribes the user unless a subscription (even an unfollowed one) exists: an unfollow sticks. */
  ensure(subscription: Subscription): Promise<void>;
  /** An explicit follow or unfollow. */
  set(subscription: Subscription): Promise<void>;
  get(postId: string, userId: string): Promise<Subscription | null>;
  /** Everyone following the post. */
  followers(postId: string): Promise<Subscription[]>;
  /** Every subscription row of the post, followed or not: whom an @mention may name. */
  subscribers(postId: string): Promise<Subscription[]>;
  following(userId: string, limit: number, cursor?: string): Promise<Page<Subscription>>;
}

export interface IdentityProfile {
  email: string;
  name: string;
  /** Omitted: a new user is a customer, a known one keeps the role they have (admins may have changed it). */
  role?: User['role'];
  company?: string;
  /** Set with `company`: the company record the person now belongs to. */
  companyId?: string;
}

export interface UserStore {
  /** `consistent` for a read that decides a conditional write (a sanction's expected state). */
  get(id: string, options?: { consistent?: boolean }): Promise<User | null>;
  getMany(ids: readonly string[]): Promise<User[]>;
  findByEmail(email: string): Promise<User | null>;
  setRole(userId: string, role: User['role']): Promise<User>;
  /** The name shown with the person's posts and comments; an SSO sign-in sets it again from the host. */
  setName(userId: string, name: string): Promise<User>;
  /** Removes the user, their email claim and their sign-in identity (a later sign-in starts afresh). */
  delete(userId: string): Promise<void>;
  /** The user bound to this external identity, created on first sight and refreshed on each sign-in. */
  upsertByIdentity(provider: string, subject: string, profile: IdentityProfile, now: string): Promise<User>;
  /** Sets the person's digest team (null: no digest) and lists them among the recipients accordingly. */
  setTeam(userId: string, team: DigestTeam | null): Promise<User>;
  setDigestOptOut(userId: string, optOut: boolean): Promise<User>;
  /** Everyone with a digest team: one small partition (staff only ever join it). */
  teamMembers(): Promise<{ userId: string; team: DigestTeam }[]>;
  /** A company's people by name: one Query a page. */
  listByCompany(companyId: string, limit: number, cursor?: string): Promise<Page<User>>;
  /**
   * Sets (or with null lifts) the person's sanction, with its audit line and the notice to them in one
   * transaction; false when their sanction is no longer `before` (someone else acted first) or they are gone.
   */
  setSanction(change: SanctionChange): Promise<boolean>;
  /** Records that the person accepted this version of the community guidelines, and when. */
  acceptGuidelines(userId: string, accepted: { version: number; at: string }): Promise<void>;
}

/** One company's backing of one post (adapters/dynamodb/demand-items.ts). */
export interface CompanyAsk {
  postId: string;
  companyId: string;
  /** The company's people who vote for it. */
  voters: number;
  /** What the company adds to the post's summed MRR. */
  mrr: number;
  lastVotedAt: string;
}

export interface DemandStore {
  /** A company's asks, the newest (by the vote that began each) first: one Query a page. */
  asksOf(companyId: string, limit: number, cursor?: string): Promise<Page<CompanyAsk>>;
  /** Every company backing a post: one partition range of the post. */
  backersOf(postId: string): Promise<CompanyAsk[]>;
  /**
   * Brings each of the company's backings to `mrr`, and each backed post's sum with it (one transaction
   * a post); answers how many posts changed.
   */
  reprice(companyId: string, mrr: number): Promise<number>;
}

/** A company as stored, with the version a conditional write must find still in place. */
export interface StoredCompany {
  company: Company;
  version: number;
}

export interface CompanyStore {
  get(id: string): Promise<StoredCompany | null>;
  /** The companies that exist among these ids (any order). */
  getMany(ids: readonly string[]): Promise<Company[]>;
  /**
   * Writes the company if it is still at `expectedVersion` (null: if it does not exist yet); false when
   * another write came first (read again and retry).
   */
  put(company: Company, expectedVersion: number | null): Promise<boolean>;
  /** Staff's list, by name: one Query a page, whatever the number of companies. */
  list(limit: number, cursor?: string): Promise<Page<Company>>;
}

export interface MagicLink {
  email: string;
  expiresAt: string;
}

export interface MagicLinkStore {
  create(tokenHash: string, link: MagicLink): Promise<void>;
  /** Takes the link out of the table and returns it: a second use of the same link finds nothing. */
  consume(tokenHash: string): Promise<MagicLink | null>;
}

/** Host products' SSO tokens already used: each token signs in once. */
export interface SpentTokenStore {
  /** Marks the token spent until `expiresAt`; false when it already was (a replay). */
  spend(tokenId: string, expiresAt: Date, now: Date): Promise<boolean>;
}

export interface SessionStore {
  create(tokenHash: string, session: Session): Promise<void>;
  /** The session, or null when absent or expired (expired items may linger until TTL removes them). */
  get(tokenHash: string, now: Date): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  /** Moves the session's expiry (sliding sessions). */
  extend(tokenHash: string, expiresAt: string): Promise<void>;
  /** Ends every session of the user ("sign out everywhere"). */
  deleteAllForUser(userId: string): Promise<number>;
}

export interface SearchHit {
  postId: string;
  score: number;
}

export interface SearchIndex {
  /** (Re)indexes the post's title and body; `previous` is the text indexed before, if any. */
  index(
    post: Pick<Post, 'id' | 'boardSlug' | 'title' | 'body'>,
    previous?: Pick<Post, 'title' | 'body'>,
  ): Promise<void>;
  remove(post: Pick<Post, 'id' | 'title' | 'body'>): Promise<void>;
  /**
   * Best matches first. The last word of the query also matches as a prefix (search while typing).
   * `boards`, when given, are the only boards whose posts count: left out before ranking and the limit.
   */
  search(
    query: string,
    opts: { boardSlug?: string; boards?: readonly string[]; limit: number },
  ): Promise<SearchHit[]>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  /** Images the HTML shows as `cid:<cid>` (mail clients show these, unlike data: URIs or SVG). */
  inline?: {
    /** Without angle brackets: what follows `cid:` in the HTML. */
    cid: string;
    filename: string;
    contentType: string;
    content: Uint8Array;
    /** Content-Description, for clients that list the part. */
    description?: string;
  }[];
}

export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
}

/**
 * Events written in the transaction of the change they announce, kept until the bus has taken them: a
 * crash or a failed publish after the write delays the event instead of losing it.
 */
export interface Outbox {
  /** Events written before `before` (an ISO time), oldest first, at most `limit`. */
  pending(before: string, limit: number): Promise<DomainEvent[]>;
  /** Forgets a published event; one already gone is no error. */
  remove(event: DomainEvent): Promise<void>;
}

/** Exactly-once-ish sending: one claim per event and recipient, taken before the (non-idempotent) send. */
export interface NotificationLedger {
  /** True if this call claimed it; false if it was already claimed (a retried delivery). */
  claim(eventId: string, userId: string, at: string): Promise<boolean>;
  /** Gives the claim back after a failed send, so that a retry sends. */
  release(eventId: string, userId: string): Promise<void>;
  /** When the claim was made, if there is one. */
  claimedAt(eventId: string, userId: string): Promise<string | null>;
}

/** The activity log (domain/activity.ts). */
export interface ActivityLog {
  /** What was done from `start` (inclusive) to `end` (exclusive), ISO instants: only those days are read. */
  between(start: string, end: string): Promise<ActivityEvent[]>;
}

export interface DigestStore {
  /** Keeps the week unless one was kept already, and answers the one kept: the first build is the record. */
  saveWeek(week: DigestWeek, accounts: DigestAccount[]): Promise<DigestWeek>;
  getWeek(week: string): Promise<DigestWeek | null>;
  /** Weeks built, newest first, as their summaries (the archive's list). */
  listWeeks(limit: number, cursor?: string): Promise<Page<DigestWeekSummary>>;
  /** The week's accounts owned by this address: one range of the week's partition. */
  accountsOf(week: string, owner: string): Promise<DigestAccount[]>;
  /** Every account with news that week (owned or not). */
  allAccounts(week: string): Promise<DigestAccount[]>;
  /**
   * Claims the week's email for a recipient: `claimed`; `sent` when it went out already; `held` while
   * a run that claimed it after `staleBefore` may still be sending it (an older claim is of a run that
   * died, and is taken over).
   */
  claimSend(
    send: Omit<DigestSend, 'status' | 'sentAt'>,
    week: string,
    staleBefore: string,
  ): Promise<'claimed' | 'sent' | 'held'>;
  markSent(week: string, recipient: string, at: string): Promise<void>;
  /** Gives a claim back after a failed send, so that the next run sends it. */
  releaseSend(week: string, recipient: string): Promise<void>;
  sends(week: string): Promise<DigestSend[]>;
  /** Configured addresses that are not people: their unsubscribes. */
  isOptedOut(email: string): Promise<boolean>;
  setOptedOut(email: string, optOut: boolean): Promise<void>;
}

export interface RateVerdict {
  allowed: boolean;
  /** When refused: seconds until the window resets. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit against `key` in the current window; refused once the window holds `limit` hits. */
  hit(key: string, limit: number, windowSeconds: number, now: Date): Promise<RateVerdict>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** Sortable by creation time. */
  next(): string;
}

// --- Notifications (services/notifications) ---

/** A line queued for a person's next email, in one of two queues: soon (batched) or the daily summary. */
export interface QueuedMail {
  queue: MailQueue;
  /** When the batch goes out: the first line of a batch sets it, later ones join it. */
  dueAt: string;
  line: PendingMail;
}

/** A person's in-app inbox, its unread count (on the user item) and their pending email. */
export interface InboxStore {
  /**
   * Puts the item, adds one to the unread count and queues the email line, in one transaction, unless
   * this event already reached this person: false then, and nothing is written (exactly once).
   */
  deliver(
    userId: string,
    item: Omit<InboxItem, 'read'>,
    opts: { deliveredAt: string; mail?: QueuedMail },
  ): Promise<boolean>;
  /** Newest first; items at or before the person's "mark all read" time count as read. */
  page(userId: string, limit: number, cursor?: string): Promise<Page<InboxItem> & { unread: number }>;
  /** Marks these items read (ids as `page` gives them); answers how many were unread. */
  markRead(userId: string, ids: readonly string[]): Promise<number>;
  /** Everything up to `at` is read, and the count goes to 0, without touching the items. */
  markAllRead(userId: string, at: string): Promise<void>;
}

/** What pending email lines are about, as it is now. */
export interface MailSubjects {
  posts: Map<string, Post>;
  /** Ids of the lines' comments that are still shown (neither hidden nor deleted). */
  shownComments: Set<string>;
}

/** The pending-mail queues: read by recipient, never scanned. */
export interface MailQueueStore {
  /** People whose batch in `queue` is due at `now` (at most `limit`). */
  due(queue: MailQueue, now: string, limit: number): Promise<string[]>;
  pending(userId: string, queue: MailQueue): Promise<PendingMail[]>;
  /** The posts and comments the lines are about, as they are now: one BatchGet. */
  subjects(lines: readonly PendingMail[]): Promise<MailSubjects>;
  /** Moves the person's due mark to `dueAt`: a send that keeps failing waits and lets others go first. */
  postpone(userId: string, queue: MailQueue, dueAt: string): Promise<void>;
  /**
   * Forgets these lines (sent or dropped: never lines another run claimed) and the person's due mark;
   * marks them due again if lines remain.
   */
  done(userId: string, queue: MailQueue, lines: readonly PendingMail[], againAt: string): Promise<void>;
}

export interface NotificationPrefsStore {
  get(userId: string): Promise<NotificationPrefs>;
  getMany(userIds: readonly string[]): Promise<Map<string, NotificationPrefs>>;
  /** Sets the kinds named, keeps the others; answers the whole set. */
  set(userId: string, changes: Partial<NotificationPrefs>): Promise<NotificationPrefs>;
}

export interface Stores {
  boards: BoardStore;
  tags: TagStore;
  posts: PostStore;
  votes: VoteStore;
  comments: CommentStore;
  subscriptions: SubscriptionStore;
  users: UserStore;
  companies: CompanyStore;
  demand: DemandStore;
  sessions: SessionStore;
  magicLinks: MagicLinkStore;
  spentSsoTokens: SpentTokenStore;
  rateLimiter: RateLimiter;
  search: SearchIndex;
  ledger: NotificationLedger;
  idempotency: IdempotencyStore;
  outbox: Outbox;
  activity: ActivityLog;
  digests: DigestStore;
  inbox: InboxStore;
  mailQueue: MailQueueStore;
  notificationPrefs: NotificationPrefsStore;
  commentVotes: CommentVoteStore;
  reputation: ReputationStore;
  moderation: ModerationStore;
  auditLog: AuditLogStore;
  guidelines: GuidelinesStore;
  analytics: AnalyticsStore;
}

// Comment votes and reputation (issue 16; adapters/dynamodb/comment-vote-store.ts, reputation-store.ts).

export interface CommentVote {
  postId: string;
  commentId: string;
  userId: string;
  votedAt: string;
}

export interface CommentVoteChange {
  changed: boolean;
  /** The comment's count after the call. */
  voteCount: number;
}

export interface CommentVoteStore {
  /**
   * The vote, one more on the comment (and its thread reference) and the author's reputation, in one
   * transaction. NotFoundError for a missing comment, ConflictError for a hidden or deleted one.
   */
  add(vote: CommentVote, post: Post): Promise<CommentVoteChange>;
  /** Takes the vote back with exactly the points it gave. */
  remove(
    postId: string,
    commentId: string,
    userId: string,
    post: Post,
    at: string,
  ): Promise<CommentVoteChange>;
  /** Which of these comments the user voted for: one BatchGetItem a page. */
  votedCommentIds(userId: string, postId: string, commentIds: readonly string[]): Promise<Set<string>>;
}

/** A reputation line's post as it is now: what decides whether a reader may see what the line is about. */
export interface HistoryPost {
  boardSlug: string;
  kind: Post['kind'];
  story?: { consent: { level: ConsentLevel } };
}

export interface RankedPerson {
  userId: string;
  name: string;
  points: number;
}

export interface ReputationStore {
  /** The counters kept on each user item (absent ones read as zero); one BatchGetItem. */
  countersOf(userIds: readonly string[]): Promise<Map<string, ReputationCounters>>;
  /**
   * A person's reputation lines, newest first; `hidden` when the comment a line is about is hidden or
   * deleted now, `post` the post's board, kind and story consent now (null when the post is gone): one
   * BatchGetItem of the page's comments and posts.
   */
  history(
    userId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<ReputationEvent & { hidden: boolean; post: HistoryPost | null }>>;
  /** The period's (yyyy-mm, or ALL) customers by points, most first: one Query. */
  ranked(period: string, limit: number): Promise<RankedPerson[]>;
  /** Every champion mark staff set, current or lapsed: one Query. */
  marks(): Promise<(ChampionMark & { userId: string })[]>;
  mark(userId: string): Promise<ChampionMark | null>;
  setMark(userId: string, mark: ChampionMark | null): Promise<void>;
}

// Sanctions, guidelines and the audit log (issue 17; adapters/dynamodb/audit-log.ts, guidelines-store.ts).

export interface SanctionChange {
  userId: string;
  /** The sanction the decision was made against (undefined: none). */
  before: Sanction | undefined;
  /** null: lifted. */
  after: Sanction | null;
  audit: AuditEntry;
  /** The private notice to the person, written to the outbox with the change. */
  notice?: DomainEvent;
}

export interface AuditLogStore {
  /** A page of a month's lines (yyyy-mm), newest first: one Query. */
  page(month: string, limit: number, cursor?: string): Promise<Page<AuditEntry>>;
  /** Every line of a month, oldest first, for the export. */
  month(month: string): Promise<AuditEntry[]>;
  /** The newest lines about a person (their sanctions): one Query of gsi1. */
  aboutUser(userId: string, limit: number): Promise<AuditEntry[]>;
}

/** The community guidelines as admins last saved them (SETTINGS / GUIDELINES). */
export interface Guidelines {
  markdown: string;
  version: number;
  updatedAt: string;
  updatedById: string;
  updatedByName: string;
}

export interface GuidelinesStore {
  /** `consistent` for a read that decides a write (a save's version, an acceptance). */
  get(options?: { consistent?: boolean }): Promise<Guidelines | null>;
  /** Saves `next` with its audit line, if the stored version is still `next.version - 1`; false otherwise. */
  save(next: Guidelines, audit: AuditEntry): Promise<boolean>;
}

// Moderation (issue 17; adapters/dynamodb/moderation-store.ts, flag-store.ts, review-queue-store.ts).

/** A post, or one comment of it. */
export interface ModerationTarget {
  postId: string;
  commentId?: string;
}

export type FlagOutcome = 'agreed' | 'disagreed';

/** Where a post or comment stands with the moderators (domain/records.ts moderationRecord). */
export type ModerationRecord = NonNullable<Post['moderation']>;

/** One person's flag on one post or comment (once each). */
export interface Flag extends ModerationTarget {
  userId: string;
  userName: string;
  reason: FlagReason;
  note?: string;
  /** What it added to the item's flagWeight (domain/moderation.ts flagWeight). */
  weight: number;
  at: string;
  /** Set once, by the decision on the item: what the flagger's record learnt. */
  outcome?: FlagOutcome;
}

/** A post or comment waiting in the review queue, oldest first. */
export interface ReviewItem extends ModerationTarget {
  /** The queue's sort key: opaque to clients, the id a decision names. */
  id: string;
  since: string;
  state: 'held' | 'flagged';
  holdReason?: HoldReason;
  authorId: string;
}

/** What goes with a moderation change, in its transaction. */
export interface ModerationWrite {
  audit: AuditEntry;
  /** The author's private notice (services/moderation/notice.ts), into the outbox. */
  event?: DomainEvent;
  /** What the content announces once published (a held comment's CommentPosted), into the outbox. */
  announce?: DomainEvent;
  /** A new review item (with its pointer, put only if the target has none); the store gives its id. */
  reviewPut?: Omit<ReviewItem, 'id'>;
  /** The review item a decision or restore takes out of the queue (it must still be there). */
  reviewDelete?: ReviewItem['id'];
  /** A new flag (put only if this person has none on the item). */
  flag?: Flag;
  /** The author whose count of content hidden or removed by moderators goes up one. */
  withheldOf?: string;
}

/** The user item's fields the queue shows of an author. */
export interface AuthorHistory {
  role: User['role'];
  createdAt: string;
  sanction?: Sanction;
  reputation: number;
  /** Their posts and comments moderators hid or removed (kept on the user item by those decisions). */
  withheldCount: number;
}

export interface ModerationStore {
  /**
   * Sets (or clears) the post's moderation and flagWeight, moving it out of (or back into) every list,
   * with the write, in one transaction; false on a race (read again and retry).
   */
  setPost(
    before: Post,
    after: { moderation?: ModerationRecord; flagWeight?: number; updatedAt: string },
    write: ModerationWrite,
  ): Promise<boolean>;
  /**
   * Sets the comment's moderation (held, flagged, hidden: its hidden flag; removed: its deleted flag)
   * and flagWeight, with the write, in one transaction; false on a race.
   */
  setComment(
    before: Comment,
    after: { moderation?: ModerationRecord; flagWeight?: number },
    write: ModerationWrite,
  ): Promise<boolean>;
  /**
   * A flag that withholds nothing: the flag, its weight added to the item's (held only if the weight is
   * as read and the item not withheld), and the write. `exists`: this person flagged it already;
   * `raced`: the item changed since it was read.
   */
  addFlag(
    target: ModerationTarget,
    weightAsRead: number | undefined,
    write: ModerationWrite & { flag: Flag },
  ): Promise<'added' | 'exists' | 'raced'>;
  getFlag(target: ModerationTarget, userId: string): Promise<Flag | null>;
  /** The item's review item id (when queued) and its first flags (at most `limit`): one Query. */
  flagsOf(target: ModerationTarget, limit: number): Promise<{ reviewId?: string; flags: Flag[] }>;
  /** Sets the flag's outcome and adds one to its flagger's agreed or disagreed count, once. */
  settleFlag(flag: Flag, outcome: FlagOutcome): Promise<boolean>;
  queue(limit: number, cursor?: string): Promise<Page<ReviewItem>>;
  reviewItem(id: string): Promise<ReviewItem | null>;
  /**
   * Takes the target's review item (and its pointer) out of the queue, with `audit` if given: for content
   * its author deleted, or a decision on content that is gone. False when it had none.
   */
  dropReview(target: ModerationTarget, audit?: AuditEntry): Promise<boolean>;
  /** The queue's posts and comments: one BatchGetItem. */
  contents(
    items: readonly ModerationTarget[],
  ): Promise<{ posts: Map<string, Post>; comments: Map<string, Comment> }>;
  /** Authors' standing, reputation and withheld count: one BatchGetItem. */
  histories(userIds: readonly string[]): Promise<Map<string, AuthorHistory>>;
  settings(): Promise<ModerationSettings>;
  saveSettings(settings: ModerationSettings, audit: AuditEntry): Promise<void>;
}

// Analytics (issue 18; adapters/dynamodb/analytics-store.ts). Counts only: see domain/analytics.ts.

export interface AnalyticsStore {
  /** ADDs to one day's counters (one UpdateItem; the item is created by its first count). */
  count(day: string, counters: Partial<DayCounters>): Promise<void>;
  /** The days from `from` to `to` (inclusive, yyyy-mm-dd) that have counters, oldest first: one Query. */
  days(from: string, to: string): Promise<{ day: string; counters: DayCounters }[]>;
  /** ADDs `votes` (±1) to a post's and, when given, a company's requests for the ISO week. */
  countRequest(week: string, postId: string, companyId: string | null, votes: number): Promise<void>;
  /** A week's requests: one Query of its partition. */
  week(week: string): Promise<{ posts: Map<string, number>; companies: Map<string, number> }>;
  /**
   * Marks the person active today; true for each of day and week when this was their first activity in
   * it (one conditional UpdateItem of their user item's `activeDay`/`activeWeek`, nothing else kept).
   */
  markActive(userId: string, day: string, week: string): Promise<{ newDay: boolean; newWeek: boolean }>;
  /**
   * Marks the post's creation as counted (SET analyticsCountedAt, one UpdateItem): only such a post's
   * answer and first response are counted, so a day's answered and responded never exceed its counts.
   */
  markCounted(postId: string, at: string): Promise<void>;
  /**
   * Sets the post's first staff response time once; true only for the call that set it (a conditional
   * UpdateItem on the post item: attribute_exists(analyticsCountedAt) AND
   * attribute_not_exists(firstStaffResponseAt)).
   */
  markFirstStaffResponse(postId: string, at: string): Promise<boolean>;
  /**
   * Sets the question's first accepted answer time once; true only for the call that set it (the same
   * condition, on firstAnsweredAt): of two acceptances, a switch or a re-accept, one is counted.
   */
  markFirstAnswered(postId: string, at: string): Promise<boolean>;
  /** ADDs to a person's answer reach for the month (yyyy-mm) and for ALL. */
  countReach(userId: string, month: string, views: number): Promise<void>;
  /** People's reach in one period (yyyy-mm or ALL): one BatchGet; absent people are 0. */
  reach(userIds: readonly string[], period: string): Promise<Map<string, number>>;
  settings(options?: { consistent?: boolean }): Promise<AnalyticsSettings>;
  saveSettings(settings: AnalyticsSettings): Promise<void>;
}
