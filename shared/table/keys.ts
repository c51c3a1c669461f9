/**
 * Every DynamoDB key in Hearth is built here, so the shape of the table can be read in one place.
 *
 * | item          | pk                     | sk                  | index keys                                        |
 * |---------------|------------------------|---------------------|---------------------------------------------------|
 * | board         | BOARD#<slug>           | BOARD               | gsi1: BOARDS / <slug>                             |
 * | tag           | TAGS                   | <slug>              |                                                   |
 * | post          | POST#<id>              | POST                | gsi1: USER#<author>#POSTS / <id>                  |
 * | list entry    | POST#<id>              | LIST#<listId>       | gsi1: LIST#<listId> / <newKey>; byVotes, byTrend  |
 * | status change | POST#<id>              | STATUS#<id>         |                                                   |
 * | votes per day | POST#<id>              | VOTEDAY#<yyyy-mm-dd>|                                                   |
 * | merged-in     | POST#<id>              | MERGED#<fromId>     |                                                   |
 * | comment       | POST#<id>              | COMMENT#<id>        | gsi1: USER#<author>#COMMENTS / <id>               |
 * | vote          | VOTES#<postId>         | <userId>            | gsi1: USER#<userId>#VOTES / <votedAt>#<postId>    |
 * | subscription  | SUBS#<postId>          | <userId>            | gsi1 (while following): USER#<id>#FOLLOWING / ... |
 * | search term   | TERM#<first 2 letters> | <term>#<postId>     |                                                   |
 * | user          | USER#<id>              | USER                |                                                   |
 * | email         | EMAIL#<lowercased>     | EMAIL               |                                                   |
 * | identity      | IDENTITY#<provider>#<subject> | IDENTITY     |                                                   |
 * | session       | SESSION#<sha256>       | SESSION             | gsi1: USER#<id>#SESSIONS / <createdAt>            |
 * | magic link    | MAGIC#<sha256>         | MAGIC               | (single use, expires by TTL and on read)          |
 * | spent SSO     | SSOTOKEN#<token id>    | SSOTOKEN            | (jti or sha256; counts until exp, then absent)    |
 * | notification  | NOTIFIED#<eventId>     | <userId>            | (ledger: one email per event and recipient)       |
 * | idempotency   | IDEMPOTENCY#<userId>#<sha256 of key> | IDEMPOTENCY | (what a create made; expires by TTL)       |
 * | rate window   | RATE#<action>#<who>    | <window start>      | (expires by TTL)                                  |
 * | seed          | META                   | SEED                |                                                   |
 *
 * byVotes is keyed topPk / voteCount and byTrend trendPk / trendScore; only list entries carry them.
 * Votes and subscriptions live in their own partitions so that reading a post never pages through them.
 */
import type { ListId } from '../domain/lists.ts';

// A type alias, not an interface, so that keys are assignable to the SDK's Record-typed parameters.
export type Key = { pk: string; sk: string };

export const keys = {
  board: (slug: string): Key => ({ pk: `BOARD#${slug}`, sk: 'BOARD' }),
  boardList: () => ({ gsi1pk: 'BOARDS' }),
  boardListEntry: (slug: string) => ({ gsi1pk: 'BOARDS', gsi1sk: slug }),

  tag: (slug: string): Key => ({ pk: 'TAGS', sk: slug }),
  tagPartition: 'TAGS',

  post: (id: string): Key => ({ pk: `POST#${id}`, sk: 'POST' }),
  postPartition: (id: string) => `POST#${id}`,
  postByAuthor: (authorId: string, id: string) => ({ gsi1pk: `USER#${authorId}#POSTS`, gsi1sk: id }),
  postsByAuthorPartition: (authorId: string) => `USER#${authorId}#POSTS`,

  listEntry: (postId: string, listId: ListId): Key => ({ pk: `POST#${postId}`, sk: `LIST#${listId}` }),
  listEntryPrefix: 'LIST#',
  /** The partition value of a list in each of the three list indexes. */
  listPartition: (listId: ListId) => `LIST#${listId}`,

  statusChange: (postId: string, changeId: string): Key => ({
    pk: `POST#${postId}`,
    sk: `STATUS#${changeId}`,
  }),
  statusChangePrefix: 'STATUS#',

  voteDay: (postId: string, day: string): Key => ({ pk: `POST#${postId}`, sk: `VOTEDAY#${day}` }),
  voteDayPrefix: 'VOTEDAY#',

  mergedIn: (postId: string, fromId: string): Key => ({ pk: `POST#${postId}`, sk: `MERGED#${fromId}` }),
  mergedInPrefix: 'MERGED#',

  comment: (postId: string, commentId: string): Key => ({ pk: `POST#${postId}`, sk: `COMMENT#${commentId}` }),
  commentPrefix: 'COMMENT#',
  commentByAuthor: (authorId: string, commentId: string) => ({
    gsi1pk: `USER#${authorId}#COMMENTS`,
    gsi1sk: commentId,
  }),
  commentsByAuthorPartition: (authorId: string) => `USER#${authorId}#COMMENTS`,

  vote: (postId: string, userId: string): Key => ({ pk: `VOTES#${postId}`, sk: userId }),
  votesPartition: (postId: string) => `VOTES#${postId}`,
  voteByUser: (userId: string, votedAt: string, postId: string) => ({
    gsi1pk: `USER#${userId}#VOTES`,
    gsi1sk: `${votedAt}#${postId}`,
  }),
  votesByUserPartition: (userId: string) => `USER#${userId}#VOTES`,

  subscription: (postId: string, userId: string): Key => ({ pk: `SUBS#${postId}`, sk: userId }),
  subscriptionsPartition: (postId: string) => `SUBS#${postId}`,
  following: (userId: string, since: string, postId: string) => ({
    gsi1pk: `USER#${userId}#FOLLOWING`,
    gsi1sk: `${since}#${postId}`,
  }),
  followingPartition: (userId: string) => `USER#${userId}#FOLLOWING`,

  /** Terms are spread over partitions by their first two characters; a prefix query stays in one. */
  searchTerm: (term: string, postId: string): Key => ({ pk: searchPartition(term), sk: `${term}#${postId}` }),
  searchPartition: (termOrPrefix: string) => searchPartition(termOrPrefix),

  user: (id: string): Key => ({ pk: `USER#${id}`, sk: 'USER' }),
  email: (email: string): Key => ({ pk: `EMAIL#${email.toLowerCase()}`, sk: 'EMAIL' }),
  identity: (provider: string, subject: string): Key => ({
    pk: `IDENTITY#${provider}#${subject}`,
    sk: 'IDENTITY',
  }),
  session: (tokenHash: string): Key => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  sessionByUser: (userId: string, createdAt: string) => ({
    gsi1pk: `USER#${userId}#SESSIONS`,
    gsi1sk: createdAt,
  }),
  sessionsByUserPartition: (userId: string) => `USER#${userId}#SESSIONS`,
  magicLink: (tokenHash: string): Key => ({ pk: `MAGIC#${tokenHash}`, sk: 'MAGIC' }),
  spentSsoToken: (tokenId: string): Key => ({ pk: `SSOTOKEN#${tokenId}`, sk: 'SSOTOKEN' }),
  notified: (eventId: string, userId: string): Key => ({ pk: `NOTIFIED#${eventId}`, sk: userId }),
  /** Per user, so one person's key can neither collide with nor reveal another's; hashed to bound its size. */
  idempotency: (userId: string, keyHash: string): Key => ({
    pk: `IDEMPOTENCY#${userId}#${keyHash}`,
    sk: 'IDEMPOTENCY',
  }),
  rateWindow: (key: string, windowStart: number): Key => ({ pk: `RATE#${key}`, sk: String(windowStart) }),
  seedMarker: (): Key => ({ pk: 'META', sk: 'SEED' }),
};

function searchPartition(termOrPrefix: string): string {
  return `TERM#${termOrPrefix.slice(0, 2)}`;
}
