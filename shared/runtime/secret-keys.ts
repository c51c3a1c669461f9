/**
 * The keys of the stack's one Secrets Manager secret, a JSON object (infra/hearth-stack.ts): one secret
 * costs $0.40 a month whatever it holds. The runtime copies each into its variable (secrets.ts).
 */
export const SECRET_KEYS = {
  /** The HS256 key for SSO tokens and unsubscribe links, unless the stage brings its own secret. */
  sso: 'sso',
  /** CloudFront's `x-origin-verify` header value. */
  origin: 'origin',
} as const;
