/**
 * Who may call what, written out by hand from the product's rules (not read from the services), for
 * test/integration/authorization.test.ts.
 *
 * anonymous: no session.
 * owner:     a customer who owns what the call is about: the post's author, the comment's author, the
 *            question's asker, the profile's person. For calls about nothing in particular (boards,
 *            tags, sign-in), just a customer.
 * other:     another customer. Where a comment is involved, the comment sits on this customer's post (so
 *            "the post's author" is also checked to get no power over others' comments); on a question,
 *            this customer wrote the answer.
 * staff, admin: signed in with those roles; they own nothing involved.
 */
export const ROLES = ['anonymous', 'owner', 'other', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Allowed: any 2xx the route documents. */
export const OK = '2xx';
export type Expected = typeof OK | 401 | 403;

// prettier-ignore
export const MATRIX: Record<string, readonly [Expected, Expected, Expected, Expected, Expected]> = {
  //                                                 anonymous  owner  other  staff  admin
  'GET /api/openapi.json':                              [OK,      OK,    OK,    OK,    OK],
  'POST /api/auth/sso':                                 [OK,      OK,    OK,    OK,    OK],
  'POST /api/auth/magic-link':                          [OK,      OK,    OK,    OK,    OK],
  'POST /api/auth/magic-link/sign-in':                  [OK,      OK,    OK,    OK,    OK],
  'POST /api/auth/sign-out':                            [OK,      OK,    OK,    OK,    OK],
  'POST /api/auth/sign-out-everywhere':                 [401,     OK,    OK,    OK,    OK],
  'GET /api/me':                                        [401,     OK,    OK,    OK,    OK],
  'GET /api/me/export':                                 [401,     OK,    OK,    OK,    OK],
  'DELETE /api/me':                                     [401,     OK,    OK,    OK,    OK],
  'PATCH /api/me':                                      [401,     OK,    OK,    OK,    OK],

  'GET /api/boards':                                    [OK,      OK,    OK,    OK,    OK],
  'GET /api/boards/{slug}':                             [OK,      OK,    OK,    OK,    OK],
  'POST /api/boards':                                   [401,     403,   403,   403,   OK],
  'PATCH /api/boards/{slug}':                           [401,     403,   403,   403,   OK],
  'GET /api/tags':                                      [OK,      OK,    OK,    OK,    OK],
  'POST /api/tags':                                     [401,     403,   403,   OK,    OK],

  'GET /api/boards/{slug}/posts':                       [OK,      OK,    OK,    OK,    OK],
  'POST /api/boards/{slug}/posts':                      [401,     OK,    OK,    OK,    OK],
  'GET /api/posts/{id}':                                [OK,      OK,    OK,    OK,    OK],
  'PATCH /api/posts/{id}':                              [401,     OK,    403,   OK,    OK],
  'DELETE /api/posts/{id}':                             [401,     OK,    403,   OK,    OK],
  'GET /api/search':                                    [OK,      OK,    OK,    OK,    OK],
  'GET /api/roadmap':                                   [OK,      OK,    OK,    OK,    OK],
  'GET /api/changelog':                                 [OK,      OK,    OK,    OK,    OK],
  'PUT /api/posts/{id}/follow':                         [401,     OK,    OK,    OK,    OK],

  'PUT /api/posts/{id}/vote':                           [401,     OK,    OK,    OK,    OK],
  'DELETE /api/posts/{id}/vote':                        [401,     OK,    OK,    OK,    OK],
  'POST /api/posts/{id}/votes-on-behalf':               [401,     403,   403,   OK,    OK],
  // The board under test keeps its voters for staff (Board.votersVisible unset).
  'GET /api/posts/{id}/voters':                         [403,     403,   403,   OK,    OK],

  'POST /api/posts/{id}/status':                        [401,     403,   403,   OK,    OK],
  'PUT /api/posts/{id}/tags':                           [401,     403,   403,   OK,    OK],
  'POST /api/posts/{id}/merge':                         [401,     403,   403,   OK,    OK],

  'GET /api/posts/{id}/comments':                       [OK,      OK,    OK,    OK,    OK],
  'POST /api/posts/{id}/comments':                      [401,     OK,    OK,    OK,    OK],
  'PATCH /api/posts/{id}/comments/{commentId}':         [401,     OK,    403,   403,   403],
  'DELETE /api/posts/{id}/comments/{commentId}':        [401,     OK,    403,   403,   403],
  'PUT /api/posts/{id}/comments/{commentId}/hidden':    [401,     403,   403,   OK,    OK],
  'PUT /api/posts/{id}/accepted-answer':                [401,     OK,    403,   OK,    OK],

  'GET /api/users/{id}':                                [OK,      OK,    OK,    OK,    OK],
  'PUT /api/users/{id}/role':                           [401,     403,   403,   403,   OK],
  'POST /api/unsubscribe':                              [OK,      OK,    OK,    OK,    OK],

  'PUT /api/companies/{id}':                            [401,     403,   403,   OK,    OK],
  'GET /api/companies/{id}':                            [401,     403,   403,   OK,    OK],
  'GET /api/companies':                                 [401,     403,   403,   OK,    OK],
  'GET /api/companies/{id}/demand':                     [401,     403,   403,   OK,    OK],

  // A story's consent and its quote sign-off belong to its author ("owner") alone; staff curate.
  'GET /api/stories/consent':                           [OK,      OK,    OK,    OK,    OK],
  'PUT /api/posts/{id}/consent':                        [401,     OK,    403,   403,   403],
  'POST /api/posts/{id}/quote':                         [401,     403,   403,   OK,    OK],
  'POST /api/posts/{id}/quote/decision':                [401,     OK,    403,   403,   403],
  'PATCH /api/posts/{id}/story':                        [401,     403,   403,   OK,    OK],
  'GET /api/posts/{id}/audit':                          [401,     403,   403,   OK,    OK],
  'GET /api/stories':                                   [401,     403,   403,   OK,    OK],
  'GET /api/stories/wall':                              [OK,      OK,    OK,    OK,    OK],

  // The digest is staff's; sending it and choosing who gets which sections is for admins.
  'POST /api/digests':                                  [401,     403,   403,   403,   OK],
  'GET /api/digests':                                   [401,     403,   403,   OK,    OK],
  'GET /api/digests/preview':                           [401,     403,   403,   OK,    OK],
  'GET /api/digests/{week}':                            [401,     403,   403,   OK,    OK],
  'POST /api/digests/unsubscribe':                      [OK,      OK,    OK,    OK,    OK],
  'PUT /api/users/{id}/team':                           [401,     403,   403,   403,   OK],
  'PUT /api/account/digest':                            [401,     OK,    OK,    OK,    OK],

  'GET /api/notifications':                             [401,     OK,    OK,    OK,    OK],
  'POST /api/notifications/read':                       [401,     OK,    OK,    OK,    OK],
  'GET /api/account/notifications':                     [401,     OK,    OK,    OK,    OK],
  'PUT /api/account/notifications':                     [401,     OK,    OK,    OK,    OK],
  'POST /api/notifications/unsubscribe':                [OK,      OK,    OK,    OK,    OK],

  // Nobody upvotes their own comment (the owner wrote it); withdrawing a vote never cast is a no-op.
  'PUT /api/posts/{id}/comments/{commentId}/vote':      [401,     403,   OK,    OK,    OK],
  'DELETE /api/posts/{id}/comments/{commentId}/vote':   [401,     OK,    OK,    OK,    OK],
  'GET /api/users/{id}/reputation':                     [OK,      OK,    OK,    OK,    OK],
  'GET /api/users/{id}/reputation/history':             [OK,      OK,    OK,    OK,    OK],
  'GET /api/champions':                                 [OK,      OK,    OK,    OK,    OK],
  'PUT /api/users/{id}/champion':                       [401,     403,   403,   OK,    OK],
  'DELETE /api/users/{id}/champion':                    [401,     403,   403,   OK,    OK],
  // Flags, staff moderation, the review queue and its settings (issue 17).
  'POST /api/posts/{id}/flags':                         [401,     403,   OK,    OK,    OK],
  'POST /api/posts/{id}/comments/{commentId}/flags':    [401,     403,   OK,    OK,    OK],
  'PUT /api/posts/{id}/moderation':                     [401,     403,   403,   OK,    OK],
  'PUT /api/posts/{id}/comments/{commentId}/moderation': [401,    403,   403,   OK,    OK],
  'GET /api/moderation/queue':                          [401,     403,   403,   OK,    OK],
  'POST /api/moderation/queue/{itemId}/decision':       [401,     403,   403,   OK,    OK],
  'GET /api/moderation/settings':                       [401,     403,   403,   OK,    OK],
  'PUT /api/moderation/settings':                       [401,     403,   403,   403,   OK],
  // Analytics (issue 18): staff read the dashboard, admins change its settings; anyone answers "helpful?".
  'GET /api/analytics':                                 [401,     403,   403,   OK,    OK],
  'GET /api/analytics/settings':                        [401,     403,   403,   OK,    OK],
  'PUT /api/analytics/settings':                        [401,     403,   403,   403,   OK],
  'POST /api/posts/{id}/helpful':                       [OK,      OK,    OK,    OK,    OK],
  // Sanctions, guidelines, the audit log (issue 17). Saved guidelines bind later cells' posts: keep them last.
  'PUT /api/users/{id}/sanction':                       [401,     403,   403,   OK,    OK],
  'DELETE /api/users/{id}/sanction':                    [401,     403,   403,   OK,    OK],
  'GET /api/users/{id}/standing':                       [401,     OK,    403,   OK,    OK],
  'GET /api/moderation/audit':                          [401,     403,   403,   403,   OK],
  'GET /api/moderation/audit.csv':                      [401,     403,   403,   403,   OK],
  'GET /api/guidelines':                                [OK,      OK,    OK,    OK,    OK],
  'PUT /api/guidelines':                                [401,     403,   403,   403,   OK],
  'POST /api/guidelines/accept':                        [401,     OK,    OK,    OK,    OK],
};
