/**
 * The composition root: builds every service over the DynamoDB stores. The Lambda handlers and the
 * SvelteKit server both call this, so the API and the web pages run the same code.
 */
import { monotonicFactory } from 'ulid';
import type { Clock, EventBus, IdGenerator, Mailer, Stores } from '../ports/index.ts';
import { AccountService } from '../services/account-service.ts';
import { AuthService } from '../services/auth-service.ts';
import { BoardService } from '../services/board-service.ts';
import { CommentService } from '../services/comment-service.ts';
import { DemandService } from '../services/demand-service.ts';
import { StoryService } from '../services/stories/story-service.ts';
import { StoryExportService } from '../services/stories/story-export.ts';
import { ExportService } from '../services/export-service.ts';
import { DigestService } from '../services/digest/digest-service.ts';
import { CompanyService } from '../services/company-service.ts';
import { NotificationService } from '../services/notification-service.ts';
import { ActivityNotifier } from '../services/notifications/activity-notifier.ts';
import { InboxService } from '../services/notifications/inbox-service.ts';
import { MailFlusher } from '../services/notifications/mail-flusher.ts';
import { PostService } from '../services/post-service.ts';
import { ProfileService } from '../services/profile-service.ts';
import { RateLimits } from '../services/rate-limits.ts';
import { VoteService } from '../services/vote-service.ts';
import { CommentVoteService } from '../services/comment-vote-service.ts';
import { ReputationService } from '../services/reputation-service.ts';
import { SanctionService } from '../services/moderation/sanction-service.ts';
import { GuidelinesService } from '../services/moderation/guidelines-service.ts';
import { AuditLogService } from '../services/moderation/audit-log-service.ts';
import { ModerationService } from '../services/moderation/moderation-service.ts';
import { Analytics } from '../services/analytics/analytics-service.ts';
import { Recorder } from '../services/analytics/recorder.ts';
import { SettingsCache } from '../services/analytics/settings-cache.ts';
import type { AnalyticsService } from '../services/analytics/types.ts';
import { drainOutbox, type DrainResult } from '../services/outbox.ts';
import { createDb, type Db } from '../adapters/dynamodb/client.ts';
import { dynamoStores } from '../adapters/dynamodb/stores.ts';
import { InProcessBus } from '../adapters/events/in-process-bus.ts';
import { lazyBus } from '../adapters/events/lazy-bus.ts';
import { lazyMailer } from '../adapters/mail/lazy-mailer.ts';
import { digestTarget, notifyTarget } from '../events/targets.ts';
import { configFromEnv, originSecretFromEnv, type Config } from './config.ts';

export interface Services {
  boards: BoardService;
  posts: PostService;
  votes: VoteService;
  comments: CommentService;
  companies: CompanyService;
  demand: DemandService;
  stories: StoryService;
  storyExports: StoryExportService;
  exports: ExportService;
  profiles: ProfileService;
  notifications: NotificationService;
  /** Comments, answers and acceptances to the inbox and the mail queues. */
  activity: ActivityNotifier;
  /** The person's inbox and notification preferences. */
  inbox: InboxService;
  /** Sends the queued notification emails (a schedule calls it). */
  mailFlusher: MailFlusher;
  auth: AuthService;
  account: AccountService;
  digests: DigestService;
  /** Upvotes on comments and answers. */
  commentVotes: CommentVoteService;
  /** Reputation, trust levels, badges and champions. */
  reputation: ReputationService;
  /** Warnings, silences, suspensions and bans (issue 17). */
  sanctions: SanctionService;
  /** The community guidelines and members' acceptance of them. */
  guidelines: GuidelinesService;
  /** The moderation audit log, for admins. */
  auditLog: AuditLogService;
  /** Flags, the review queue and its decisions, staff's hide, remove and restore (issue 17). */
  moderation: ModerationService;
  /** Counts, the dashboard's report and its settings (issue 18). */
  analytics: AnalyticsService;
}

export const systemClock: Clock = { now: () => new Date() };

export function ulidGenerator(): IdGenerator {
  const next = monotonicFactory();
  return { next: () => next() };
}

export interface ServiceOptions {
  clock: Clock;
  ids: IdGenerator;
  ssoSecret: string;
  events: EventBus;
  mailer: Mailer;
  siteUrl: string;
  adminEmails?: readonly string[];
  digestTimeZone?: string;
  digestRecipients?: readonly string[];
  /** New members' tighter rate limits (issue 17); on unless turned off (test suites of many posts). */
  newMemberLimits?: boolean;
}

export function createServices(stores: Stores, opts: ServiceOptions): Services {
  const { clock, ids, events } = opts;
  const limits = new RateLimits({
    limiter: stores.rateLimiter,
    clock,
    reputation: stores.reputation,
    newMembers: opts.newMemberLimits ?? true,
  });
  // One settings cache for the counting and the settings page: a save here is seen here at once.
  const analyticsSettings = new SettingsCache({ analytics: stores.analytics, clock });
  const recorder = new Recorder({ analytics: stores.analytics, clock, settings: analyticsSettings });
  const posts = new PostService({ ...stores, analytics: recorder, events, limits, clock, ids });
  const companies = new CompanyService({ companies: stores.companies, demand: stores.demand, clock });
  const demand = new DemandService(stores);
  const stories = new StoryService({ ...stores, analytics: recorder, events, limits, clock, ids });
  const digests = new DigestService({
    ...stores,
    companies,
    demand,
    stories,
    events,
    mailer: opts.mailer,
    clock,
    secret: opts.ssoSecret,
    publicOrigin: opts.siteUrl,
    timeZone: opts.digestTimeZone ?? 'UTC',
    configuredRecipients: opts.digestRecipients ?? [],
  });
  return {
    digests,
    boards: new BoardService({ ...stores, clock }),
    posts,
    votes: new VoteService({ ...stores, analytics: recorder, limits, clock }),
    comments: new CommentService({ ...stores, analytics: recorder, limits, clock, ids, events }),
    companies,
    demand,
    stories,
    storyExports: new StoryExportService({ stories, posts: stores.posts, siteUrl: opts.siteUrl }),
    exports: new ExportService({ boards: stores.boards, posts: stores.posts, demand, siteUrl: opts.siteUrl }),
    profiles: new ProfileService({ ...stores, postService: posts, clock }),
    notifications: new NotificationService({
      ...stores,
      mailer: opts.mailer,
      clock,
      secret: opts.ssoSecret,
      publicOrigin: opts.siteUrl,
    }),
    activity: new ActivityNotifier({ ...stores, clock, publicOrigin: opts.siteUrl }),
    inbox: new InboxService({ ...stores, clock, secret: opts.ssoSecret }),
    mailFlusher: new MailFlusher({
      ...stores,
      mailer: opts.mailer,
      clock,
      secret: opts.ssoSecret,
      publicOrigin: opts.siteUrl,
    }),
    account: new AccountService({ ...stores, clock }),
    commentVotes: new CommentVoteService({ ...stores, limits, clock }),
    reputation: new ReputationService({ ...stores, clock }),
    sanctions: new SanctionService({ ...stores, events, clock, ids }),
    guidelines: new GuidelinesService({ ...stores, clock, ids }),
    auditLog: new AuditLogService({ ...stores, clock }),
    moderation: new ModerationService({ ...stores, limits, clock, ids, events }),
    analytics: new Analytics({ ...stores, recorder, settings: analyticsSettings, limits, clock }),
    auth: new AuthService({
      ...stores,
      mailer: opts.mailer,
      limits,
      clock,
      ssoSecret: opts.ssoSecret,
      siteUrl: opts.siteUrl,
      adminEmails: opts.adminEmails ?? [],
      companyService: companies,
    }),
  };
}

export interface Runtime {
  config: Config;
  db: Db;
  stores: Stores;
  services: Services;
  /** Set when events are delivered in-process (local runs and tests): resolves once all are handled. */
  drainEvents?: () => Promise<void>;
  /** Publishes the events a crash or a failed publish left in the outbox (services/outbox.ts). */
  drainOutbox(opts: { olderThanMs: number; limit: number }): Promise<DrainResult>;
}

/**
 * On AWS, events go to EventBridge and mail to SES. Locally, the in-process bus applies the same rules
 * to the same targets, and mail lands in the outbox directory. The SES, EventBridge and outbox adapters
 * are imported by the first send or publish, so a cold start does not load their SDK clients.
 */
export function createRuntime(
  config: Config,
  db: Db = createDb(config.tableName),
  opts: { clock?: Clock; newMemberLimits?: boolean } = {},
): Runtime {
  const ids = ulidGenerator();
  const stores = dynamoStores(db, ids);
  const { outboxDir, eventBusName } = config;
  const mailer: Mailer = lazyMailer(async () =>
    outboxDir
      ? new (await import('../adapters/mail/outbox-mailer.ts')).OutboxMailer(outboxDir, config.mailFrom)
      : new (await import('../adapters/mail/ses-mailer.ts')).SesMailer(config.mailFrom, {
          configurationSetName: config.sesConfigurationSet,
        }),
  );
  // The local bus's target needs the services, and the services need the bus: the target looks them up
  // when an event arrives, by which time both exist.
  const holder: { services?: Services } = {};
  const localBus = config.eventBusName
    ? undefined
    : new InProcessBus({
        notify: (envelope) => {
          if (!holder.services) throw new Error('Services are not built yet.');
          return notifyTarget(holder.services)(envelope);
        },
        digest: (envelope) => {
          if (!holder.services) throw new Error('Services are not built yet.');
          return digestTarget(holder.services)(envelope);
        },
      });
  const events: EventBus = eventBusName
    ? lazyBus(
        async () => new (await import('../adapters/events/eventbridge-bus.ts')).EventBridgeBus(eventBusName),
      )
    : (localBus as InProcessBus);
  const clock = opts.clock ?? systemClock;
  const services = createServices(stores, {
    clock,
    ids,
    ssoSecret: config.ssoSecret,
    events,
    mailer,
    siteUrl: config.siteUrl,
    adminEmails: config.adminEmails,
    ...(config.digestTimeZone ? { digestTimeZone: config.digestTimeZone } : {}),
    ...(config.digestRecipients ? { digestRecipients: config.digestRecipients } : {}),
    ...(opts.newMemberLimits !== undefined ? { newMemberLimits: opts.newMemberLimits } : {}),
  });
  holder.services = services;
  return {
    config,
    db,
    stores,
    services,
    ...(localBus ? { drainEvents: () => localBus.drain() } : {}),
    drainOutbox: (drain) => drainOutbox({ outbox: stores.outbox, events, clock }, drain),
  };
}

let cached: Runtime | undefined;

const secretsChanged = (config: Config, env: NodeJS.ProcessEnv): boolean =>
  config.ssoSecret !== env.SSO_SECRET || config.originSecret !== originSecretFromEnv(env);

/**
 * One runtime per process (a Lambda container or the local server); it holds no per-request state. It is
 * rebuilt when a secret in the environment has changed since, which is how a rotated secret that
 * `loadSecrets()` copied there takes effect; the DynamoDB client carries no secret and is kept.
 */
export function runtimeFromEnv(): Runtime {
  const env = process.env;
  if (cached && !secretsChanged(cached.config, env)) return cached;
  const config = configFromEnv(env);
  cached = createRuntime(config, cached?.db.tableName === config.tableName ? cached.db : undefined);
  return cached;
}
