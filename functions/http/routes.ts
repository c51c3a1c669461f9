/**
 * The JSON API's route table, composed from one module per resource. Each route declares what it
 * parses and what it answers; handlers hand the parsed input to a domain service.
 */
import type { Route } from './router.ts';
import { accountRoutes } from './routes/account.ts';
import { authRoutes } from './routes/auth.ts';
import { boardsRoutes } from './routes/boards.ts';
import { commentsRoutes } from './routes/comments.ts';
import { companiesRoutes } from './routes/companies.ts';
import { openApiRoute } from './routes/meta.ts';
import { peopleRoutes } from './routes/people.ts';
import { postsRoutes } from './routes/posts.ts';
import { storiesRoutes } from './routes/stories.ts';
import { digestsRoutes } from './routes/digests.ts';
import { triageRoutes } from './routes/triage.ts';
import { votesRoutes } from './routes/votes.ts';
import { notificationsRoutes } from './routes/notifications.ts';
import { reputationRoutes } from './routes/reputation.ts';
import { moderationRoutes } from './routes/moderation.ts';
import { sanctionsRoutes } from './routes/sanctions.ts';
import { guidelinesRoutes } from './routes/guidelines.ts';
import { auditRoutes } from './routes/audit.ts';
import { analyticsRoutes } from './routes/analytics.ts';

export const routes: Route[] = [
  openApiRoute(() => routes),
  ...authRoutes,
  ...accountRoutes,
  ...boardsRoutes,
  ...postsRoutes,
  ...votesRoutes,
  ...triageRoutes,
  ...commentsRoutes,
  ...peopleRoutes,
  ...companiesRoutes,
  ...storiesRoutes,
  ...digestsRoutes,
  ...notificationsRoutes,
  ...reputationRoutes,
  ...moderationRoutes,
  ...sanctionsRoutes,
  ...guidelinesRoutes,
  ...auditRoutes,
  ...analyticsRoutes,
];
