/** Runtime configuration, read from the environment once, in one place. */
import { join } from 'node:path';

export interface Config {
  tableName: string;
  ssoSecret: string;
  /** Secure cookies everywhere but plain-http local runs. */
  secureCookies: boolean;
  /** Local conveniences (dev sign-in, mailbox) exist only when this is true; never set on AWS. */
  localMode: boolean;
  /** Origins allowed to make cookie-authenticated state-changing API calls (besides the request's own). */
  publicOrigin?: string;
  /** Where links in emails point. */
  siteUrl: string;
  /** The EventBridge bus for domain events; unset, events go to the in-process bus (local runs). */
  eventBusName?: string;
  /** The From of every email. */
  mailFrom: string;
  /** Locally, emails are written here as .eml files instead of going through SES. */
  outboxDir?: string;
  sesConfigurationSet?: string;
  /** Addresses that become admins when they sign in by email link: how a new site gets its first admin. */
  adminEmails: string[];
  /**
   * On AWS, the value CloudFront sends in `x-origin-verify` with every origin request. When set, requests
   * without it are refused and CloudFront's client-address headers are believed; unset (local runs), never.
   */
  originSecret?: string;
  /** The zone the digest's weeks are taken in (the schedule's zone). */
  digestTimeZone?: string;
  /** Addresses that get the digest besides staff with a team (the schedule carries the same list). */
  digestRecipients?: string[];
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const ssoSecret = env.SSO_SECRET;
  if (!ssoSecret || ssoSecret.length < 32) {
    throw new Error('SSO_SECRET must be set to a secret of at least 32 characters.');
  }
  const localMode = env.HEARTH_LOCAL === '1';
  const publicOrigin = env.PUBLIC_ORIGIN || undefined;
  return {
    tableName: env.TABLE_NAME ?? 'hearth',
    ssoSecret,
    secureCookies: !localMode,
    localMode,
    publicOrigin,
    // The address the local stack listens on and prints (infra/local/stack.ts), not `localhost`.
    siteUrl: publicOrigin ?? `http://127.0.0.1:${env.PORT ?? 3000}`,
    eventBusName: env.EVENT_BUS_NAME || undefined,
    mailFrom: env.MAIL_FROM || 'Hearth <no-reply@hearth.localhost>',
    outboxDir: localMode ? join(env.DATA_DIR ?? '.data', 'outbox') : undefined,
    sesConfigurationSet: env.SES_CONFIGURATION_SET || undefined,
    adminEmails: (env.ADMIN_EMAILS ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    originSecret: originSecretFromEnv(env),
    digestTimeZone: env.DIGEST_TIME_ZONE || 'UTC',
    digestRecipients: (env.DIGEST_RECIPIENTS ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** Apart from configFromEnv for the web handler, which checks requests before any runtime is built. */
export function originSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.ORIGIN_SECRET || undefined;
}
