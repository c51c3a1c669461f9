import type { Stores } from '../../ports/index.ts';
import type { Db } from './client.ts';
import { DynamoActivityLog } from './activity-log.ts';
import { DynamoBoardStore } from './board-store.ts';
import { DynamoDigestStore } from './digest-store.ts';
import { DynamoCommentStore } from './comment-store.ts';
import { DynamoCompanyStore } from './company-store.ts';
import { DynamoDemandStore } from './demand-store.ts';
import { DynamoIdempotencyStore } from './idempotency-store.ts';
import { DynamoMagicLinkStore } from './magic-link-store.ts';
import { DynamoNotificationLedger } from './notification-ledger.ts';
import { DynamoOutbox } from './outbox-store.ts';
import { DynamoRateLimiter } from './rate-limiter.ts';
import { DynamoPostStore } from './post-store.ts';
import { DynamoSearchIndex } from './search-index.ts';
import { DynamoSessionStore } from './session-store.ts';
import { DynamoSpentTokenStore } from './spent-token-store.ts';
import { DynamoSubscriptionStore } from './subscription-store.ts';
import { DynamoTagStore } from './tag-store.ts';
import { DynamoUserStore } from './user-store.ts';
import { DynamoVoteStore } from './vote-store.ts';
import { DynamoCommentVoteStore } from './comment-vote-store.ts';
import { DynamoReputationStore } from './reputation-store.ts';
import type { IdGenerator } from '../../ports/index.ts';
import { DynamoInboxStore, DynamoMailQueueStore } from './inbox-store.ts';
import { DynamoNotificationPrefs } from './notification-prefs.ts';
import { DynamoModerationStore } from './moderation-store.ts';
import { DynamoAuditLog } from './audit-log.ts';
import { DynamoGuidelinesStore } from './guidelines-store.ts';
import { DynamoAnalyticsStore } from './analytics-store.ts';

export function dynamoStores(db: Db, ids: IdGenerator): Stores {
  return {
    boards: new DynamoBoardStore(db),
    tags: new DynamoTagStore(db),
    posts: new DynamoPostStore(db),
    votes: new DynamoVoteStore(db),
    comments: new DynamoCommentStore(db),
    subscriptions: new DynamoSubscriptionStore(db),
    users: new DynamoUserStore(db, ids),
    companies: new DynamoCompanyStore(db),
    demand: new DynamoDemandStore(db),
    sessions: new DynamoSessionStore(db),
    magicLinks: new DynamoMagicLinkStore(db),
    spentSsoTokens: new DynamoSpentTokenStore(db),
    rateLimiter: new DynamoRateLimiter(db),
    search: new DynamoSearchIndex(db),
    ledger: new DynamoNotificationLedger(db),
    idempotency: new DynamoIdempotencyStore(db),
    outbox: new DynamoOutbox(db),
    activity: new DynamoActivityLog(db),
    digests: new DynamoDigestStore(db),
    inbox: new DynamoInboxStore(db),
    mailQueue: new DynamoMailQueueStore(db),
    notificationPrefs: new DynamoNotificationPrefs(db),
    commentVotes: new DynamoCommentVoteStore(db),
    reputation: new DynamoReputationStore(db),
    moderation: new DynamoModerationStore(db),
    auditLog: new DynamoAuditLog(db),
    guidelines: new DynamoGuidelinesStore(db),
    analytics: new DynamoAnalyticsStore(db),
  };
}
