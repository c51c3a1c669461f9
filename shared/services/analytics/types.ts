/**
 * What analytics offers (issue 18). Two parts with one job each:
 * - `AnalyticsRecorder` counts: the post, vote, comment and triage services call it after their change is
 *   written (a count never fails or slows the change it follows: errors are logged and dropped), and the
 *   analytics service calls it for the visitors' signals. It counts nothing for staff or while analytics
 *   is off; bots are left out of the visitors' signals, not out of what people write.
 * - `AnalyticsService` is what the adapters call: visitors' signals, the dashboard, the settings, and a
 *   champion's reach.
 */
import type {
  AnalyticsReport,
  AnalyticsSettings,
  OpenSource,
  RangeInterval,
} from '../../domain/analytics.ts';
import type { Actor, Comment, Post } from '../../domain/types.ts';

export interface AnalyticsRecorder {
  /**
   * A customer's new post (any kind; a question also counts `questions`). Counts the author active and
   * marks the post counted: only then are its answer and first response counted.
   */
  postCreated(actor: Actor, post: Pick<Post, 'id' | 'kind' | 'createdAt' | 'authorId'>): Promise<void>;
  /**
   * A vote cast (+1) or taken back (−1) by `voter` (a customer; a vote staff cast on a customer's behalf
   * is the customer's). Counts `votes` on a cast, the week's request for the post and `companyId` (the
   * company stored on the vote when cast, for an unvote too), and the voter active.
   */
  voteChanged(
    voter: { id: string; role: string; companyId?: string | null },
    postId: string,
    delta: 1 | -1,
  ): Promise<void>;
  /**
   * A comment or answer. From a customer: `comments` and the author active. From staff on a customer's
   * post: the post's first staff response, once (counted on the post's creation day).
   */
  commentAdded(actor: Actor, post: Pick<Post, 'id' | 'authorId' | 'createdAt'>): Promise<void>;
  /** A status change with a public note by staff is a response too. */
  staffResponded(actor: Actor, post: Pick<Post, 'id' | 'authorId' | 'createdAt'>): Promise<void>;
  /**
   * A newly accepted answer: the first acceptance of a counted question (markFirstAnswered) counts
   * `questionsAnswered` on its creation day and, when the answerer is neither the asker nor staff,
   * `acceptedForOthers` today. Later acceptances (another answer, or again) count nothing.
   */
  answerAccepted(
    post: Pick<Post, 'id' | 'authorId' | 'createdAt'>,
    answer: Pick<Comment, 'authorId' | 'authorIsStaff'>,
  ): Promise<void>;
}

export interface ReportQuery {
  /** yyyy-mm-dd, inclusive; default: 29 days before `to`. */
  from?: string;
  /** yyyy-mm-dd, inclusive; default: today (UTC). */
  to?: string;
  interval?: RangeInterval;
}

export interface AnalyticsService {
  /** A board search ran (the page decides "once per visit and query"). */
  searched(actor: Actor): Promise<void>;
  /** A post opened from search results or the new-post form's suggestions (`/go/<source>/<id>`). */
  opened(actor: Actor, source: OpenSource, options?: { firstFromForm?: boolean }): Promise<void>;
  /** A new-post form showed at least one similar post (once per form). */
  suggestionsShown(actor: Actor): Promise<void>;
  /** A post was submitted from a form that had opened a suggestion. */
  postedAfterSuggestion(actor: Actor): Promise<void>;
  /**
   * A visit to an answered question (once per visitor and question within a visit: the page decides).
   * Counts `answeredViews` and the accepted answer's author's reach (not when staff wrote it), unless the
   * visitor asked the question or wrote the answer. Nothing for a post that is not an answered question.
   */
  viewedAnswered(
    actor: Actor,
    post: Pick<Post, 'id' | 'kind' | 'authorId' | 'acceptedCommentId'>,
    answerAuthorId: string | null,
  ): Promise<void>;
  /**
   * "This answered my question": `{ answer: 'yes' | 'no' }` about a question visible to the actor that has
   * an accepted answer (ValidationError for bad input, NotFoundError for an unseen post, ConflictError
   * for a question without an accepted answer); rate-limited per person and address when it would be
   * counted. `counted` is false when the answer was not counted (staff, a bot, the asker, the accepted
   * answer's author, analytics off); the answer is thanked either way.
   */
  helpful(actor: Actor, postId: string, input: unknown): Promise<{ counted: boolean }>;
  /** The dashboard (staff): ValidationError per field for a bad range (to before from, over 366 days). */
  report(actor: Actor, query: unknown): Promise<AnalyticsReport>;
  /** Staff read the settings; admins change them (ValidationError per field). */
  settings(actor: Actor): Promise<AnalyticsSettings>;
  saveSettings(actor: Actor, input: unknown): Promise<AnalyticsSettings>;
  /**
   * Views of each person's accepted answers in a period ('ALL' or yyyy-mm): public, as reputation is.
   * One BatchGet, at most 100 people.
   */
  reach(userIds: readonly string[], period: string): Promise<Map<string, number>>;
}
