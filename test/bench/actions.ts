/** The user actions the bench measures, and the figures it measures for each. */

/** What one occurrence of a user action costs in requests and units, as measured by the bench. */
export interface ActionFigures {
  /** Requests to the web/API Lambda; each is also one CloudFront and one API Gateway request. */
  webInvocations: number;
  /** Summed duration of those invocations, in ms. */
  webMs: number;
  /** Invocations of the notify Lambda (EventBridge target). */
  notifyInvocations: number;
  notifyMs: number;
  /** DynamoDB requests by API operation. */
  requests: Record<string, number>;
  rru: number;
  wru: number;
  /** Net bytes left in the table (items + 100 bytes each) and in its indexes; TTL'd items excluded. */
  tableBytes: number;
  indexBytes: number;
  emails: number;
  /** EventBridge events published. */
  events: number;
}

export const ACTIONS = {
  boardView: 'Board page, anonymous (trending)',
  boardViewSignedIn: 'Board page, signed in (trending)',
  postView: 'Post page, anonymous',
  postViewSignedIn: 'Post page, signed in',
  search: 'Board search',
  vote: 'Vote (action + page reload)',
  comment: 'Comment (action + post reload)',
  newPost: 'New post (form, post, redirect)',
  similar: 'Similar-posts lookup while typing',
  signIn: 'Sign-in by magic link',
  sessionRenewal: 'Session renewal (once a day)',
  statusChange: 'Status change, without followers',
  notifyFollower: '… each follower notified',
  account: 'Account (stored once per person)',
} as const;

export type ActionKey = keyof typeof ACTIONS;
export type MeasuredActions = Record<ActionKey, ActionFigures>;
