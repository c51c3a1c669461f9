/** Runtime configuration, read from the environment once, in one place. */
export interface Config {
  tableName: string;
  ssoSecret: string;
  /** Secure cookies everywhere but plain-http local runs. */
  secureCookies: boolean;
  /** Local conveniences (dev sign-in, mailbox) exist only when this is true; never set on AWS. */
  localMode: boolean;
  /** Origins allowed to make cookie-authenticated state-changing API calls (besides the request's own). */
  publicOrigin?: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const ssoSecret = env.SSO_SECRET;
  if (!ssoSecret || ssoSecret.length < 32) {
    throw new Error('SSO_SECRET must be set to a secret of at least 32 characters.');
  }
  return {
    tableName: env.TABLE_NAME ?? 'hearth',
    ssoSecret,
    secureCookies: env.HEARTH_LOCAL !== '1',
    localMode: env.HEARTH_LOCAL === '1',
    publicOrigin: env.PUBLIC_ORIGIN || undefined,
  };
}
