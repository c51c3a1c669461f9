/**
 * Every DynamoDB key in Hearth is built here, so the shape of the table can be read in one place.
 *
 * | item          | pk                     | sk                  | index keys                                        |
 * |---------------|------------------------|---------------------|---------------------------------------------------|
 * | board         | BOARD#<slug>           | BOARD               | gsi1: BOARDS / <slug>                             |
 * | tag           | TAGS                   | <slug>              |                                                   |
 * | post          | POST#<id>              | POST                | gsi1: USER#<author>#POSTS / <id>                  |
 * | list entry    | POST#<id>              | LIST#<listId>       | gsi1: LIST#<listId> / <newKey>; byVotes, byTrend¹ |
 * | status change | POST#<id>              | STATUS#<id>         |                                                   |
 * | votes per day | POST#<id>              | VOTEDAY#<yyyy-mm-dd>|                                                   |
 * | demand        | POST#<id>              | DEMAND#<companyId>  | gsi1: COMPANY#<id>#ASKS / <first vote at>#<postId> |
 * | merged-in     | POST#<id>              | MERGED#<fromId>     |                                                   |
 * | story audit   | POST#<id>              | AUDIT#<at>#<id>     | gsi1 (approvals, featuring): STORYDAY#<day> / <at>|
 * | comment       | POST#<id>              | COMMENT#<id>        | gsi1: USER#<author>#COMMENTS / <id>               |
 * | thread ref    | POST#<id>              | THREAD#<commentId>  | (a top-level comment, in thread order); byVotes³  |
 * | reply ref     | POST#<id>              | REPLY#<parent>#<id> | (key only: a reply, right after its thread's)     |
 * | vote          | VOTES#<postId>         | <userId>            | gsi1: USER#<userId>#VOTES / <votedAt>#<postId>    |
 * | subscription  | SUBS#<postId>          | <userId>            | gsi1 (while following): USER#<id>#FOLLOWING / ... |
 * | search term   | TERM#<first 2 letters> | <term>#<postId>     |                                                   |
 * | user          | USER#<id>              | USER                | gsi1 (in a company): COMPANY#<id>#PEOPLE / <name> |
 * | email         | EMAIL#<lowercased>     | EMAIL               |                                                   |
 * | company       | COMPANY#<id>           | COMPANY             | gsi1: COMPANIES / <lowercased name>#<id>          |
 * | identity      | IDENTITY#<provider>#<subject> | IDENTITY     |                                                   |
 * | session       | SESSION#<sha256>       | SESSION             | gsi1: USER#<id>#SESSIONS / <createdAt>            |
 * | magic link    | MAGIC#<sha256>         | MAGIC               | (single use, expires by TTL and on read)          |
 * | spent SSO     | SSOTOKEN#<token id>    | SSOTOKEN            | (jti or sha256; counts until exp, then absent)    |
 * | notification  | NOTIFIED#<eventId>     | <userId>            | (ledger: one email per event and recipient)       |
 * | idempotency   | IDEMPOTENCY#<userId>#<sha256 of key> | IDEMPOTENCY | (what a create made; expires by TTL)       |
 * | rate window   | RATE#<action>#<who>    | <window start>      | (expires by TTL)                                  |
 * | outbox        | OUTBOX#<shard>         | <at>#<eventId>      | (event written with its change, until published)  |
 * | activity      | ACTIVITY#<utc day>     | <at>#<kind>#<postId>#<ref> | (the digest's week; expires by TTL)        |
 * | digest week   | DIGEST#<week>          | WEEK                | (the week as built, gzipped JSON)                 |
 * | digest list   | DIGEST#LIST            | <week>              | (the archive: a summary a week)                   |
 * | digest account| DIGEST#<week>          | ACCOUNT#<owner>#<companyId> | (a company's week, for its owner)         |
 * | digest send   | DIGEST#<week>          | SEND#<recipient>    | (one email per recipient and week)                |
 * | digest team   | TEAMS                  | <userId>            | (who gets the digest, and which sections)         |
 * | digest opt-out| EMAIL#<lowercased>     | DIGEST_OPTOUT       | (a configured address that unsubscribed)          |
 * | seed          | META                   | SEED                |                                                   |
 * | inbox item    | INBOX#<userId>         | <at>#<eventId>      | (one per event and recipient; expires by TTL)     |
 * | notify prefs  | USER#<id>              | NOTIFYPREFS         | (email / daily / off per kind)                    |
 * | mod record    | USER#<id>              | MODRECORD           | (their content moderators hid or removed: count)  |
 * | pending mail  | MAILQ#<queue>#<userId> | <at>#<eventId>      | (a line of the next email; queue now or daily)    |
 * | mail due      | MAILDUE#<queue>        | <userId>            | (people with pending mail; dueAt)                 |
 * | comment vote  | CVOTES#<postId>        | <commentId>#<userId>| (the points it gave, to take back on unvote)      |
 * | rep day       | REP#<userId>           | DAY#<utc day>       | (vote points received that day; expires by TTL)   |
 * | rep giver     | REP#<receiver>         | FROM#<day>#<giver>  | (a giver's first counted vote that day; TTL)      |
 * | rep history   | REPH#<userId>          | <at>#<id>           | (a person's reputation lines, newest first)       |
 * | rep rank      | REPRANK#<yyyy-mm|ALL>  | <userId>            | byVotes: CHAMPIONS#<yyyy-mm|ALL> / points²        |
 * | champion mark | CHAMPIONS_MARKED       | <userId>            | (staff's mark, with its reason and term)          |
 * | flag          | FLAGS#<postId>#<commentId or POST> | <userId> | (one per person and item; its weight, outcome)  |
 * | review item   | MODQUEUE               | <since>#<postId>#<commentId or POST> | (held or flagged, oldest first) |
 * | audit line    | MODLOG#<yyyy-mm>       | <at>#<id>           | gsi1 (about a person): USER#<id>#MODLOG / <at>#<id> |
 * | settings      | SETTINGS               | MODERATION, GUIDELINES | (admins' site-wide settings)                   |
 * | content hash  | CONTENT#<userId>       | <sha256>            | (a recent post or comment's text; expires by TTL) |
 * | stats day     | STATDAYS               | <yyyy-mm-dd>        | (a UTC day's counters: domain/analytics.ts)       |
 * | stats week    | STATWEEK#<iso week>    | POST#<id>, COMPANY#<id> | (net votes cast that week, per post and company) |
 * | answer reach  | USER#<id>              | REACH#<yyyy-mm|ALL> | (views of their accepted answers, a counter)      |
 *
 * byVotes is keyed topPk / voteCount and byTrend trendPk / trendScore; only list entries carry them.
 * byMrr (mrrPk / demandMrr) and byCompanies (companiesPk / demandCompanies) hold the board's own list only.
 * ¹ Only entries of lists read in that order: board lists both, roadmap columns byVotes, the changelog
 *   neither. The board's own list (listIds.board) sorts by the post's exact count and score; every other list
 *   by rank buckets (domain/rank-buckets.ts), so its pages are re-sorted exactly once the posts are read,
 *   and across a page boundary its order is exact to within a bucket (domain/lists.ts).
 * ³ Only a question's: topPk ANSWERS#<postId>, voteCount the answer's rank (comment-threads.ts), and the
 *   ids of its replies, so that a page of answers by votes reads no reply references.
 * ² The leaderboards reuse byVotes rather than a GSI of their own: a rank row's voteCount is the person's
 *   points in the period (customers only), so the champions page is one Query.
 * Votes and subscriptions live in their own partitions so that reading a post never pages through them.
 * The prefixes and attribute names themselves are spelled once, in names.ts.
 */
import type { ListId } from '../domain/lists.ts';
import type { MailQueue } from '../domain/notifications.ts';
import { ATTR, PARTITION, PREFIX } from './names.ts';

// A type alias, not an interface, so that keys are assignable to the SDK's Record-typed parameters.
export type Key = { [ATTR.pk]: string; [ATTR.sk]: string };

const tableKey = (pk: string, sk: string): Key => ({ [ATTR.pk]: pk, [ATTR.sk]: sk });
const gsi1 = (pk: string, sk: string) => ({ [ATTR.gsi1pk]: pk, [ATTR.gsi1sk]: sk });

/** A user's own lists on gsi1 share the user's prefix; the suffix says which list. */
type UserList = 'POSTS' | 'COMMENTS' | 'VOTES' | 'FOLLOWING' | 'SESSIONS' | 'MODLOG';
const userList = (userId: string, list: UserList) => `${PREFIX.USER}${userId}#${list}`;
const companyIndex = (companyId: string, list: 'ASKS' | 'PEOPLE') => `${PREFIX.COMPANY}${companyId}#${list}`;

export const keys = {
  board: (slug: string): Key => tableKey(`${PREFIX.BOARD}${slug}`, 'BOARD'),
  boardList: () => ({ [ATTR.gsi1pk]: PARTITION.BOARDS }),
  boardListEntry: (slug: string) => gsi1(PARTITION.BOARDS, slug),

  tag: (slug: string): Key => tableKey(PARTITION.TAGS, slug),
  tagPartition: PARTITION.TAGS,

  post: (id: string): Key => tableKey(`${PREFIX.POST}${id}`, 'POST'),
  postPartition: (id: string) => `${PREFIX.POST}${id}`,
  postByAuthor: (authorId: string, id: string) => gsi1(userList(authorId, 'POSTS'), id),
  postsByAuthorPartition: (authorId: string) => userList(authorId, 'POSTS'),

  listEntry: (postId: string, listId: ListId): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.LIST}${listId}`),
  listEntryPrefix: PREFIX.LIST,
  /** The partition value of a list in each of the three list indexes. */
  listPartition: (listId: ListId) => `${PREFIX.LIST}${listId}`,
  /**
   * A list entry's partition keys in the list indexes it is read from; byVotes and byTrend sort by the
   * entry's own voteCount and trendScore. An entry absent from an index costs nothing when those change.
   */
  listEntryIndexes: (
    listId: ListId,
    newKey: string,
    orders: { byVotes: boolean; byTrend: boolean; byDemand?: boolean },
  ) => {
    const partition = `${PREFIX.LIST}${listId}`;
    return {
      ...gsi1(partition, newKey),
      ...(orders.byVotes ? { [ATTR.topPk]: partition } : {}),
      ...(orders.byTrend ? { [ATTR.trendPk]: partition } : {}),
      ...(orders.byDemand ? { [ATTR.mrrPk]: partition, [ATTR.companiesPk]: partition } : {}),
    };
  },

  statusChange: (postId: string, changeId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.STATUS}${changeId}`),
  statusChangePrefix: PREFIX.STATUS,

  voteDay: (postId: string, day: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.VOTEDAY}${day}`),
  voteDayPrefix: PREFIX.VOTEDAY,

  /** One company's backing of one post: how many of its people vote for it, and the MRR it counted. */
  demand: (postId: string, companyId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.DEMAND}${companyId}`),
  demandPrefix: PREFIX.DEMAND,
  /** A company's asks, the newest first, for its page and for repricing when its MRR changes. */
  demandByCompany: (companyId: string, firstVotedAt: string, postId: string) =>
    gsi1(companyIndex(companyId, 'ASKS'), `${firstVotedAt}#${postId}`),
  demandByCompanyPartition: (companyId: string) => companyIndex(companyId, 'ASKS'),

  /** A story's audit trail, oldest first: put once with a condition that it is new, never updated. */
  storyAudit: (postId: string, at: string, id: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.AUDIT}${at}#${id}`),
  storyAuditPrefix: PREFIX.AUDIT,
  /** The approvals and featurings of one day, for the digest: a week is seven small partitions. */
  storyDay: (at: string, postId: string) => gsi1(storyDayPartition(at.slice(0, 10)), `${at}#${postId}`),
  storyDayPartition: (day: string) => storyDayPartition(day),

  /**
   * One UTC day's activity, in time order: a week in any zone is the eight days around it, each read
   * from `<start>` to `<end>`. Every write of the day lands in one partition, which takes 1,000 writes a
   * second: far above a feedback board's pace (shard the day, as the outbox can be, past that).
   */
  activity: (at: string, kind: string, postId: string, ref: string): Key =>
    tableKey(activityPartition(at.slice(0, 10)), `${at}#${kind}#${postId}#${ref}`),
  activityPartition: (day: string) => activityPartition(day),

  digestWeek: (week: string): Key => tableKey(`${PREFIX.DIGEST}${week}`, 'WEEK'),
  // Under the digest's prefix, so that the digest function's writes stay within `DIGEST#*` (IAM).
  digestListEntry: (week: string): Key => tableKey(`${PREFIX.DIGEST}LIST`, week),
  digestListPartition: `${PREFIX.DIGEST}LIST`,
  digestPartition: (week: string) => `${PREFIX.DIGEST}${week}`,
  /** Keyed by owner, so a sales rep's accounts are one range of the week's partition. */
  digestAccount: (week: string, owner: string, companyId: string): Key =>
    tableKey(`${PREFIX.DIGEST}${week}`, `${PREFIX.ACCOUNT}${owner.toLowerCase()}#${companyId}`),
  digestAccountsOf: (owner: string) => `${PREFIX.ACCOUNT}${owner.toLowerCase()}#`,
  digestAccountPrefix: PREFIX.ACCOUNT,
  digestSend: (week: string, recipient: string): Key =>
    tableKey(`${PREFIX.DIGEST}${week}`, `${PREFIX.SEND}${recipient}`),
  digestSendPrefix: PREFIX.SEND,
  digestTeam: (userId: string): Key => tableKey(PARTITION.TEAMS, userId),
  digestTeamPartition: PARTITION.TEAMS,
  digestOptOut: (email: string): Key => tableKey(`${PREFIX.EMAIL}${email.toLowerCase()}`, 'DIGEST_OPTOUT'),

  mergedIn: (postId: string, fromId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.MERGED}${fromId}`),
  mergedInPrefix: PREFIX.MERGED,

  comment: (postId: string, commentId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.COMMENT}${commentId}`),
  commentPrefix: PREFIX.COMMENT,
  commentByAuthor: (authorId: string, commentId: string) => gsi1(userList(authorId, 'COMMENTS'), commentId),
  commentsByAuthorPartition: (authorId: string) => userList(authorId, 'COMMENTS'),
  /**
   * Key-only references that order a post's comments by thread: the top-level comments sit together, so
   * a page of threads is one Query, and the replies of consecutive threads sit together too.
   */
  commentThreadRef: (postId: string, commentId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.THREAD}${commentId}`),
  commentThreadRefPrefix: PREFIX.THREAD,
  commentReplyRef: (postId: string, parentId: string, replyId: string): Key =>
    tableKey(`${PREFIX.POST}${postId}`, `${PREFIX.REPLY}${parentId}#${replyId}`),
  /** The sort key prefix of every reply reference of a post. */
  commentReplyRefPrefix: PREFIX.REPLY,
  /** The sort key prefix of one thread's reply references. */
  commentRepliesOf: (parentId: string) => `${PREFIX.REPLY}${parentId}#`,
  /**
   * byVotes' partition of a question's answers: its top-level comments' thread references carry it
   * (topPk), and the answers' rank as voteCount, so a page of answers by votes is one Query.
   */
  answersPartition: (postId: string) => `${PREFIX.ANSWERS}${postId}`,

  vote: (postId: string, userId: string): Key => tableKey(`${PREFIX.VOTES}${postId}`, userId),
  votesPartition: (postId: string) => `${PREFIX.VOTES}${postId}`,
  voteByUser: (userId: string, votedAt: string, postId: string) =>
    gsi1(userList(userId, 'VOTES'), `${votedAt}#${postId}`),
  votesByUserPartition: (userId: string) => userList(userId, 'VOTES'),

  subscription: (postId: string, userId: string): Key => tableKey(`${PREFIX.SUBS}${postId}`, userId),
  subscriptionsPartition: (postId: string) => `${PREFIX.SUBS}${postId}`,
  following: (userId: string, since: string, postId: string) =>
    gsi1(userList(userId, 'FOLLOWING'), `${since}#${postId}`),
  followingPartition: (userId: string) => userList(userId, 'FOLLOWING'),

  /** Terms are spread over partitions by their first two characters; a prefix query stays in one. */
  searchTerm: (term: string, postId: string): Key => tableKey(searchPartition(term), `${term}#${postId}`),
  searchPartition: (termOrPrefix: string) => searchPartition(termOrPrefix),

  user: (id: string): Key => tableKey(`${PREFIX.USER}${id}`, 'USER'),
  company: (id: string): Key => tableKey(`${PREFIX.COMPANY}${id}`, 'COMPANY'),
  companyList: () => ({ [ATTR.gsi1pk]: PARTITION.COMPANIES }),
  /** On a user item while they belong to a company: the company's people by name. */
  personOfCompany: (companyId: string, name: string, userId: string) =>
    gsi1(companyIndex(companyId, 'PEOPLE'), `${name.toLowerCase()}#${userId}`),
  peopleOfCompanyPartition: (companyId: string) => companyIndex(companyId, 'PEOPLE'),
  /** By name for staff to browse; the id settles ties between companies of the same name. */
  companyListEntry: (name: string, id: string) => gsi1(PARTITION.COMPANIES, `${name.toLowerCase()}#${id}`),
  email: (email: string): Key => tableKey(`${PREFIX.EMAIL}${email.toLowerCase()}`, 'EMAIL'),
  identity: (provider: string, subject: string): Key =>
    tableKey(`${PREFIX.IDENTITY}${provider}#${subject}`, 'IDENTITY'),
  session: (tokenHash: string): Key => tableKey(`${PREFIX.SESSION}${tokenHash}`, 'SESSION'),
  sessionByUser: (userId: string, createdAt: string) => gsi1(userList(userId, 'SESSIONS'), createdAt),
  sessionsByUserPartition: (userId: string) => userList(userId, 'SESSIONS'),
  magicLink: (tokenHash: string): Key => tableKey(`${PREFIX.MAGIC}${tokenHash}`, 'MAGIC'),
  spentSsoToken: (tokenId: string): Key => tableKey(`${PREFIX.SSOTOKEN}${tokenId}`, 'SSOTOKEN'),
  notified: (eventId: string, userId: string): Key => tableKey(`${PREFIX.NOTIFIED}${eventId}`, userId),
  /** Per user, so one person's key can neither collide with nor reveal another's; hashed to bound its size. */
  idempotency: (userId: string, keyHash: string): Key =>
    tableKey(`${PREFIX.IDEMPOTENCY}${userId}#${keyHash}`, 'IDEMPOTENCY'),
  rateWindow: (key: string, windowStart: number): Key =>
    tableKey(`${PREFIX.RATE}${key}`, String(windowStart)),
  seedMarker: (): Key => tableKey(PARTITION.META, 'SEED'),

  // Reputation (domain/reputation.ts, adapters/dynamodb/reputation-items.ts).
  commentVote: (postId: string, commentId: string, userId: string): Key =>
    tableKey(`${PREFIX.CVOTES}${postId}`, `${commentId}#${userId}`),
  reputationDay: (userId: string, day: string): Key =>
    tableKey(`${PREFIX.REP}${userId}`, `${PREFIX.DAY}${day}`),
  reputationGiver: (receiverId: string, day: string, giverId: string): Key =>
    tableKey(`${PREFIX.REP}${receiverId}`, `${PREFIX.FROM}${day}#${giverId}`),
  reputationHistory: (userId: string, at: string, id: string): Key =>
    tableKey(`${PREFIX.REPH}${userId}`, `${at}#${id}`),
  reputationHistoryPartition: (userId: string) => `${PREFIX.REPH}${userId}`,
  /** `period`: a UTC month (yyyy-mm) or ALL; the row carries topPk championsPartition(period) for byVotes. */
  reputationRank: (period: string, userId: string): Key => tableKey(`${PREFIX.REPRANK}${period}`, userId),
  championsPartition: (period: string) => championsPartition(period),
  championMark: (userId: string): Key => tableKey(PARTITION.CHAMPIONS_MARKED, userId),
  championMarksPartition: PARTITION.CHAMPIONS_MARKED,

  /** Newest last in the partition, so a page read backwards is the newest first. */
  inbox: (userId: string, at: string, eventId: string): Key =>
    tableKey(`${PREFIX.INBOX}${userId}`, inboxId(at, eventId)),
  inboxById: (userId: string, id: string): Key => tableKey(`${PREFIX.INBOX}${userId}`, id),
  inboxPartition: (userId: string) => `${PREFIX.INBOX}${userId}`,
  notificationPrefs: (userId: string): Key => tableKey(`${PREFIX.USER}${userId}`, 'NOTIFYPREFS'),
  /**
   * How much of the person's content moderators hid or removed: beside the user item, not on it, since a
   * decision's transaction also moves the author's reputation on the user item (one operation per item).
   */
  moderationRecord: (userId: string): Key => tableKey(`${PREFIX.USER}${userId}`, 'MODRECORD'),
  /** One partition per person and queue: a flush reads exactly what it sends. */
  mailPending: (userId: string, queue: MailQueue, at: string, eventId: string): Key =>
    tableKey(mailPendingPartition(queue, userId), `${at}#${eventId}`),
  mailPendingPartition: (queue: MailQueue, userId: string) => mailPendingPartition(queue, userId),
  /** Bounded by the people with mail pending in that queue, never by the size of the board. */
  mailDue: (queue: MailQueue, userId: string): Key => tableKey(`${PREFIX.MAILDUE}${queue}`, userId),
  mailDuePartition: (queue: MailQueue) => `${PREFIX.MAILDUE}${queue}`,

  // Moderation (domain/moderation.ts). A flag's and a review item's target: a post, or one comment of it.
  flag: (postId: string, commentId: string | undefined, userId: string): Key =>
    tableKey(flagsPartition(postId, commentId), userId),
  flagsPartition: (postId: string, commentId?: string) => flagsPartition(postId, commentId),
  reviewItem: (since: string, postId: string, commentId?: string): Key =>
    tableKey(PARTITION.MODQUEUE, `${since}#${postId}#${commentId ?? 'POST'}`),
  reviewQueuePartition: PARTITION.MODQUEUE,
  /**
   * Beside the target's flags, the key of its review item while it has one (so a decision or a restore
   * finds it); '#' sorts before any user id, so the flags' Query reads it first.
   */
  reviewPointer: (postId: string, commentId?: string): Key =>
    tableKey(flagsPartition(postId, commentId), '#QUEUE'),
  /** By month, so a month's export is one partition and no partition grows without end. */
  auditLine: (at: string, id: string): Key => tableKey(`${PREFIX.MODLOG}${at.slice(0, 7)}`, `${at}#${id}`),
  auditMonthPartition: (month: string) => `${PREFIX.MODLOG}${month}`,
  /** On a line about a person (a sanction): their standing's history is one Query of gsi1. */
  auditLineAboutUser: (userId: string, at: string, id: string) =>
    gsi1(userList(userId, 'MODLOG'), `${at}#${id}`),
  auditAboutUserPartition: (userId: string) => userList(userId, 'MODLOG'),
  settings: (name: 'MODERATION' | 'GUIDELINES' | 'ANALYTICS'): Key => tableKey(PARTITION.SETTINGS, name),

  /** One item per UTC day: a date range is one Query of this partition, however old the board. */
  statsDay: (day: string): Key => tableKey(PARTITION.STATDAYS, day),
  statsDayPartition: PARTITION.STATDAYS,
  /** A week's requests: one item per post and per company voted for that week. */
  statsWeekPost: (week: string, postId: string): Key =>
    tableKey(`${PREFIX.STATWEEK}${week}`, `${PREFIX.POST}${postId}`),
  statsWeekCompany: (week: string, companyId: string): Key =>
    tableKey(`${PREFIX.STATWEEK}${week}`, `${PREFIX.COMPANY}${companyId}`),
  statsWeekPartition: (week: string) => `${PREFIX.STATWEEK}${week}`,
  /** A person's answer reach in a month (yyyy-mm) or ALL, beside their user item. */
  answerReach: (userId: string, period: string): Key =>
    tableKey(`${PREFIX.USER}${userId}`, `${PREFIX.REACH}${period}`),
  /** All of a person's reach items (deleted with their account): a Query of this prefix. */
  answerReachPartition: (userId: string) => `${PREFIX.USER}${userId}`,
  answerReachPrefix: PREFIX.REACH,
  contentHash: (userId: string, sha256: string): Key => tableKey(`${PREFIX.CONTENT}${userId}`, sha256),

  /** Oldest first within a shard, so a drain that stops at its limit leaves the newest for next time. */
  outbox: (eventId: string, at: string): Key =>
    tableKey(outboxPartition(outboxShard(eventId)), `${at}#${eventId}`),
  outboxPartition: (shard: number) => outboxPartition(shard),
};

/**
 * Status changes are staff-paced, far below the 1,000 writes a second one partition takes, so one shard
 * suffices; raising this spreads the writes and makes the drainer query one partition more per shard.
 */
export const OUTBOX_SHARDS = 1;

const flagsPartition = (postId: string, commentId?: string) =>
  `${PREFIX.FLAGS}${postId}#${commentId ?? 'POST'}`;
const championsPartition = (period: string) => `${PREFIX.CHAMPIONS}${period}`;
/** An inbox item's id in the API is its sort key. */
export const inboxId = (at: string, eventId: string) => `${at}#${eventId}`;

const mailPendingPartition = (queue: MailQueue, userId: string) => `${PREFIX.MAILQ}${queue}#${userId}`;
const storyDayPartition = (day: string) => `${PREFIX.STORYDAY}${day}`;
const activityPartition = (day: string) => `${PREFIX.ACTIVITY}${day}`;
const outboxPartition = (shard: number) => `${PREFIX.OUTBOX}${shard}`;
/** From the id's last character: ULIDs end in random bits, so events spread evenly. */
const outboxShard = (eventId: string) => (eventId.charCodeAt(eventId.length - 1) || 0) % OUTBOX_SHARDS;

function searchPartition(termOrPrefix: string): string {
  return `${PREFIX.TERM}${termOrPrefix.slice(0, 2)}`;
}
