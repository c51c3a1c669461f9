/**
 * Every DynamoDB key in Hearth is built here, so the shape of the table can be read in one place.
 *
 * | item     | pk                  | sk          | gsi1pk                | gsi1sk               | topPk        |
 * |----------|---------------------|-------------|-----------------------|----------------------|--------------|
 * | board    | BOARD#<slug>        | BOARD       | BOARDS                | <slug>               |              |
 * | post     | POST#<id>           | POST        | BOARD#<slug>#NEW      | <id: ULID, by time>  | BOARD#<slug> |
 * | comment  | POST#<id>           | COMMENT#<id>|                       |                      |              |
 * | vote     | VOTES#<postId>      | <userId>    | USER#<userId>#VOTES   | <votedAt>#<postId>   |              |
 * | user     | USER#<id>           | USER        |                       |                      |              |
 * | identity | IDENTITY#<provider>#<subject> | IDENTITY |                |                      |              |
 * | session  | SESSION#<sha256>    | SESSION     |                       |                      |              |
 * | seed     | META                | SEED        |                       |                      |              |
 *
 * Votes live in their own partition so that reading a post with its comments never pages through votes.
 */
// A type alias, not an interface, so that keys are assignable to the SDK's Record-typed parameters.
export type Key = { pk: string; sk: string };

export const keys = {
  board: (slug: string): Key => ({ pk: `BOARD#${slug}`, sk: 'BOARD' }),
  boardList: () => ({ gsi1pk: 'BOARDS' }),
  boardListEntry: (slug: string) => ({ gsi1pk: 'BOARDS', gsi1sk: slug }),

  post: (id: string): Key => ({ pk: `POST#${id}`, sk: 'POST' }),
  postByNew: (boardSlug: string, id: string) => ({ gsi1pk: `BOARD#${boardSlug}#NEW`, gsi1sk: id }),
  postsByNewPartition: (boardSlug: string) => `BOARD#${boardSlug}#NEW`,
  postsByTopPartition: (boardSlug: string) => `BOARD#${boardSlug}`,

  comment: (postId: string, commentId: string): Key => ({ pk: `POST#${postId}`, sk: `COMMENT#${commentId}` }),
  commentPrefix: 'COMMENT#',

  vote: (postId: string, userId: string): Key => ({ pk: `VOTES#${postId}`, sk: userId }),
  voteByUser: (userId: string, votedAt: string, postId: string) => ({
    gsi1pk: `USER#${userId}#VOTES`,
    gsi1sk: `${votedAt}#${postId}`,
  }),

  user: (id: string): Key => ({ pk: `USER#${id}`, sk: 'USER' }),
  identity: (provider: string, subject: string): Key => ({
    pk: `IDENTITY#${provider}#${subject}`,
    sk: 'IDENTITY',
  }),
  session: (tokenHash: string): Key => ({ pk: `SESSION#${tokenHash}`, sk: 'SESSION' }),
  seedMarker: (): Key => ({ pk: 'META', sk: 'SEED' }),
};
