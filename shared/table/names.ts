/**
 * Every name the table's items are addressed by: key and index attributes, index names and key
 * prefixes. Adapters, the table definition and the CDK stack's IAM conditions all spell them from here,
 * so renaming one can never leave a reader, a writer or a permission behind.
 */

/** Attributes that are part of the table's shape (keys, index keys, TTL), as opposed to item fields. */
export const ATTR = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  /** byVotes' partition: the list a post is in. */
  topPk: 'topPk',
  /** byVotes' sort key, and the post's own count. */
  voteCount: 'voteCount',
  /** byTrend's partition: the list a post is in. */
  trendPk: 'trendPk',
  /** byTrend's sort key, and the post's own score. */
  trendScore: 'trendScore',
  /** byMrr's partition: a board's own list (only its entries carry demand). */
  mrrPk: 'mrrPk',
  /** byMrr's sort key, and the post's own demand: the summed MRR of the companies behind it. */
  demandMrr: 'demandMrr',
  /** byCompanies' partition: a board's own list. */
  companiesPk: 'companiesPk',
  /** byCompanies' sort key, and the post's own count of distinct companies behind it. */
  demandCompanies: 'demandCompanies',
  /** Epoch seconds after which DynamoDB may delete the item; readers must not trust it is gone. */
  ttl: 'ttl',
} as const;

export const INDEX = {
  /** Overloaded string index: lists by age, a user's posts, votes, comments and follows, boards by slug. */
  gsi1: 'gsi1',
  /** Lists ordered by vote count; the count itself is the numeric sort key. */
  byVotes: 'byVotes',
  /** Lists ordered by trend score (time-weighted votes, see domain/trend.ts). */
  byTrend: 'byTrend',
  /** A board's posts by the summed MRR of the companies asking (staff only). */
  byMrr: 'byMrr',
  /** A board's posts by the number of distinct companies asking (staff only). */
  byCompanies: 'byCompanies',
} as const;

export type IndexName = (typeof INDEX)[keyof typeof INDEX];

/**
 * Key prefixes (see keys.ts for which item uses which). Each ends in `#`, so that no prefix is the
 * start of another: an IAM `dynamodb:LeadingKeys` pattern `<prefix>*` then grants exactly one kind.
 */
export const PREFIX = {
  BOARD: 'BOARD#',
  POST: 'POST#',
  LIST: 'LIST#',
  STATUS: 'STATUS#',
  VOTEDAY: 'VOTEDAY#',
  MERGED: 'MERGED#',
  COMMENT: 'COMMENT#',
  THREAD: 'THREAD#',
  REPLY: 'REPLY#',
  VOTES: 'VOTES#',
  SUBS: 'SUBS#',
  TERM: 'TERM#',
  USER: 'USER#',
  EMAIL: 'EMAIL#',
  IDENTITY: 'IDENTITY#',
  SESSION: 'SESSION#',
  MAGIC: 'MAGIC#',
  SSOTOKEN: 'SSOTOKEN#',
  NOTIFIED: 'NOTIFIED#',
  IDEMPOTENCY: 'IDEMPOTENCY#',
  RATE: 'RATE#',
  OUTBOX: 'OUTBOX#',
  COMPANY: 'COMPANY#',
  DEMAND: 'DEMAND#',
  AUDIT: 'AUDIT#',
  STORYDAY: 'STORYDAY#',
  ACTIVITY: 'ACTIVITY#',
  DIGEST: 'DIGEST#',
  ACCOUNT: 'ACCOUNT#',
  SEND: 'SEND#',
  // Reputation (issue 16): comment votes, a person's reputation bookkeeping, history and leaderboards.
  CVOTES: 'CVOTES#',
  REP: 'REP#',
  REPH: 'REPH#',
  REPRANK: 'REPRANK#',
  /** Sort key prefixes in a REP# partition: a day's vote points, and a giver's mark for a day. */
  DAY: 'DAY#',
  FROM: 'FROM#',
  CHAMPIONS: 'CHAMPIONS#',
  // Notifications (services/notifications): a person's inbox, their pending emails, who is due one.
  INBOX: 'INBOX#',
  MAILQ: 'MAILQ#',
  MAILDUE: 'MAILDUE#',
  // Answers (issue 16): byVotes' partition of a question's answers (keys.answersPartition).
  ANSWERS: 'ANSWERS#',
  // Moderation (issue 17): flags on an item, the audit log by month, a person's recent content hashes.
  FLAGS: 'FLAGS#',
  MODLOG: 'MODLOG#',
  CONTENT: 'CONTENT#',
  // Analytics (issue 18): a week's requests by post and company; a person's answer reach by period.
  STATWEEK: 'STATWEEK#',
  REACH: 'REACH#',
} as const;

/** Partition values that are whole, not a prefix and an id. */
export const PARTITION = {
  /** gsi1: every board, by slug. */
  BOARDS: 'BOARDS',
  /** gsi1: every company, by name. */
  COMPANIES: 'COMPANIES',
  TAGS: 'TAGS',
  /** Staff members with a digest team (the digest's recipients). */
  TEAMS: 'TEAMS',
  META: 'META',
  /** Staff-marked champions, one item each: the champions page reads them in one Query. */
  CHAMPIONS_MARKED: 'CHAMPIONS_MARKED',
  /** The review queue: one item per held or flagged post or comment, oldest first. */
  MODQUEUE: 'MODQUEUE',
  /** Site-wide settings edited by admins: moderation thresholds, community guidelines. */
  SETTINGS: 'SETTINGS',
  /** Analytics (issue 18): one item of counters per UTC day, so a date range is one Query. */
  STATDAYS: 'STATDAYS',
} as const;

/** The IAM `dynamodb:LeadingKeys` pattern for every item whose partition key has this prefix. */
export const leadingKeysPattern = (prefix: (typeof PREFIX)[keyof typeof PREFIX]) => `${prefix}*`;
