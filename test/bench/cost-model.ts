/**
 * Hearth's monthly AWS bill as a function of monthly active users (MAU): measured per-action figures
 * (from `npm run bench`, actions.ts) × usage assumptions per MAU (here) × public prices (prices.ts).
 * Pure: no I/O, no clock.
 */
import { ACTIONS, type ActionFigures, type ActionKey, type MeasuredActions } from './actions.ts';
import { ALWAYS_FREE, PRICES, type Prices } from './prices.ts';

/** Usage per MAU and month, plus the deployment's shape. */
export interface Usage {
  boardViews: number;
  postViews: number;
  /** Share of board and post page views by a signed-in viewer. */
  signedInShare: number;
  searches: number;
  votes: number;
  comments: number;
  posts: number;
  /** Similar-posts requests while a title is typed (debounced 250 ms), per new post. */
  similarLookupsPerPost: number;
  signIns: number;
  /** Days a signed-in person visits: a session is renewed (one write) at most once a day. */
  sessionRenewals: number;
  statusChanges: number;
  /** Emails per status change: author, voters and commenters follow a post. */
  followersPerStatusChange: number;
  /** Visits (browser sessions) that load static assets. */
  visits: number;
  assetRequestsPerVisit: number;
  assetBytesPerVisit: number;
  /** Compressed HTML or JSON per web/API response. */
  responseBytes: number;
  /** Share of asset requests CloudFront has to fetch from S3. */
  s3MissRatio: number;
  logBytesPerInvocation: number;
  webMemoryMb: number;
  notifyMemoryMb: number;
  /** Share of invocations that start a new execution environment (init is billed since Aug 2025). */
  coldStartShare: number;
  coldStartMs: number;
  /** SvelteKit rendering per web invocation, which the bench does not run. */
  renderMsPerInvocation: number;
  /** Months of content the table holds: storage grows with the product's age. */
  storageMonths: number;
  /** Accounts stored per MAU (people active before, and now not, keep their account). */
  storedAccountsPerMau: number;
  /** Storage independent of users (boards, tags, imported data). */
  baseStorageGb: number;
  /** Alarm metrics: each alarm's metric, and each metric a metric-math alarm reads. */
  alarms: number;
  /** Custom metrics published in most hours of the month (none since the log line carries the counters). */
  customMetrics: number;
  /** Secrets Manager secrets: billed per secret, whatever it holds. */
  secrets: number;
}

export const DEFAULT_USAGE: Usage = {
  boardViews: 8,
  postViews: 6,
  signedInShare: 0.4,
  searches: 1,
  votes: 2,
  comments: 0.3,
  posts: 0.1,
  similarLookupsPerPost: 3,
  signIns: 0.3,
  sessionRenewals: 3,
  statusChanges: 0.01,
  followersPerStatusChange: 24,
  visits: 4,
  assetRequestsPerVisit: 10,
  assetBytesPerVisit: 40 * 1024,
  responseBytes: 12 * 1024,
  s3MissRatio: 0.1,
  logBytesPerInvocation: 1500,
  webMemoryMb: 1024,
  notifyMemoryMb: 512,
  coldStartShare: 0.02,
  coldStartMs: 400,
  renderMsPerInvocation: 15,
  storageMonths: 24,
  storedAccountsPerMau: 2,
  baseStorageGb: 0,
  alarms: 5,
  customMetrics: 0,
  secrets: 1,
};

/** A stage nobody uses: what it costs is the fixed part, plus whatever `baseStorageGb` holds. */
export const IDLE_MAU = 0;

/** One line per assumption, for docs/cost.md and the bench's output. */
export const USAGE_NOTES: Record<keyof Usage, string> = {
  boardViews: 'board (list) page views per MAU a month',
  postViews: 'post page views per MAU a month',
  signedInShare: 'share of those page views by a signed-in viewer',
  searches: 'board searches per MAU a month',
  votes: 'votes per MAU a month',
  comments: 'comments per MAU a month',
  posts: 'new posts per MAU a month',
  similarLookupsPerPost: 'similar-post lookups while typing a title, per new post',
  signIns: 'magic-link sign-ins per MAU a month (sessions last 30 days and slide)',
  sessionRenewals: 'session renewals per MAU a month (one write, at most once a day per session)',
  statusChanges: 'status changes per MAU a month (10 a month at 1k MAU)',
  followersPerStatusChange: 'followers emailed per status change (≈ votes + comments per post + the author)',
  visits: 'visits per MAU a month that load static assets',
  assetRequestsPerVisit: 'static asset requests per visit (the whole client build is 63 files)',
  assetBytesPerVisit: 'compressed static bytes per visit (the whole client build is 91 KB gzipped)',
  responseBytes: 'compressed bytes per page, form or JSON response',
  s3MissRatio: 'share of asset requests that miss CloudFront and go to S3',
  logBytesPerInvocation:
    'CloudWatch log bytes per invocation: Lambda START/END/REPORT, the request log line, the API Gateway access log line (kept at its size with EMF: a margin)',
  webMemoryMb: 'web Lambda memory, MB, arm64 (CDK stack)',
  notifyMemoryMb: 'notify Lambda memory, MB, arm64 (CDK stack)',
  coldStartShare:
    'share of invocations that are cold starts (in truth from a third or more at 1k MAU to well under 1% at 100k)',
  coldStartMs: 'billed init duration of a cold start, ms',
  renderMsPerInvocation: 'SvelteKit render time per web invocation, ms (not measured by the bench)',
  storageMonths: 'months of content held in the table',
  storedAccountsPerMau: 'accounts stored per MAU',
  baseStorageGb: 'storage independent of users, GB',
  alarms:
    'CloudWatch alarm metrics: API 5xx, the dead-letter queue, the outbox drain’s errors, 2 SES reputation alarms',
  customMetrics:
    'custom metrics published most hours (none: the counters are fields of the request log line, for Logs Insights)',
  secrets: "Secrets Manager secrets (one, a JSON object: the SSO key and CloudFront's origin value)",
};

/** How often each action happens per MAU and month. */
export function actionsPerMau(usage: Usage): Record<ActionKey, number> {
  const s = usage.signedInShare;
  return {
    boardView: usage.boardViews * (1 - s),
    boardViewSignedIn: usage.boardViews * s,
    postView: usage.postViews * (1 - s),
    postViewSignedIn: usage.postViews * s,
    search: usage.searches,
    vote: usage.votes,
    comment: usage.comments,
    newPost: usage.posts,
    similar: usage.posts * usage.similarLookupsPerPost,
    signIn: usage.signIns,
    sessionRenewal: usage.sessionRenewals,
    statusChange: usage.statusChanges,
    notifyFollower: usage.statusChanges * usage.followersPerStatusChange,
    // Stored, not repeated: see storage in monthlyVolumes.
    account: 0,
  };
}

export interface Volumes {
  pageViews: number;
  webInvocations: number;
  notifyInvocations: number;
  coldStarts: number;
  lambdaGbSeconds: number;
  rru: number;
  wru: number;
  /** What the table holds after `storageMonths` at this MAU. */
  storageGb: number;
  /** The part PITR is charged on (table, without global secondary indexes). */
  tableGb: number;
  events: number;
  emails: number;
  cloudFrontRequests: number;
  transferGb: number;
  s3Gets: number;
  logGb: number;
}

const GB = 1024 ** 3;

export function monthlyVolumes(mau: number, actions: MeasuredActions, usage: Usage): Volumes {
  const rate = actionsPerMau(usage);
  const keys = Object.keys(ACTIONS) as ActionKey[];
  const sum = (f: (a: ActionFigures) => number) =>
    keys.reduce((n, k) => n + mau * rate[k] * f(actions[k]), 0);

  const webInvocations = sum((a) => a.webInvocations);
  const notifyInvocations = sum((a) => a.notifyInvocations);
  const invocations = webInvocations + notifyInvocations;
  const coldStarts = invocations * usage.coldStartShare;
  const webSeconds =
    (sum((a) => a.webMs) +
      webInvocations * (usage.renderMsPerInvocation + usage.coldStartShare * usage.coldStartMs)) /
    1000;
  const notifySeconds =
    (sum((a) => a.notifyMs) + notifyInvocations * usage.coldStartShare * usage.coldStartMs) / 1000;

  const account = actions.account;
  const stored = (f: (a: ActionFigures) => number) =>
    usage.storageMonths * sum(f) + mau * usage.storedAccountsPerMau * f(account);
  const tableBytes = stored((a) => a.tableBytes);
  const indexBytes = stored((a) => a.indexBytes);

  const visits = mau * usage.visits;
  const assetRequests = visits * usage.assetRequestsPerVisit;
  return {
    pageViews: mau * (usage.boardViews + usage.postViews + usage.searches),
    webInvocations,
    notifyInvocations,
    coldStarts,
    lambdaGbSeconds: webSeconds * (usage.webMemoryMb / 1024) + notifySeconds * (usage.notifyMemoryMb / 1024),
    rru: sum((a) => a.rru),
    wru: sum((a) => a.wru),
    storageGb: usage.baseStorageGb + (tableBytes + indexBytes) / GB,
    tableGb: usage.baseStorageGb + tableBytes / GB,
    events: sum((a) => a.events),
    emails: sum((a) => a.emails),
    cloudFrontRequests: webInvocations + assetRequests,
    transferGb: (webInvocations * usage.responseBytes + visits * usage.assetBytesPerVisit) / GB,
    s3Gets: assetRequests * usage.s3MissRatio,
    logGb: (invocations * usage.logBytesPerInvocation) / GB,
  };
}

export interface CostLine {
  service: string;
  usd: number;
}

export interface CostBreakdown {
  mau: number;
  volumes: Volumes;
  lines: CostLine[];
  total: number;
}

/**
 * The monthly bill per service at `mau` monthly active users: list prices, and with `alwaysFree` less the
 * allowances of ALWAYS_FREE.
 */
export function monthlyCost(
  mau: number,
  actions: MeasuredActions,
  usage: Usage = DEFAULT_USAGE,
  prices: Prices = PRICES,
  { alwaysFree = false }: { alwaysFree?: boolean } = {},
): CostBreakdown {
  const v = monthlyVolumes(mau, actions, usage);
  const p = (k: keyof Prices) => prices[k].usd;
  const less = (amount: number, allowance: number) => (alwaysFree ? Math.max(0, amount - allowance) : amount);
  const free = ALWAYS_FREE;
  const logGb = less(v.logGb, free.logsGb);
  const lines: CostLine[] = [
    {
      service: 'CloudFront requests',
      usd: (less(v.cloudFrontRequests, free.cloudFrontRequests) / 10_000) * p('cloudFrontHttps'),
    },
    {
      service: 'CloudFront data transfer',
      usd: less(v.transferGb, free.cloudFrontTransferGb) * p('cloudFrontTransfer'),
    },
    {
      service: 'CloudFront Functions',
      usd: (less(v.webInvocations, free.cloudFrontFunctions) / 1e6) * p('cloudFrontFunction'),
    },
    { service: 'S3 GET (static assets)', usd: (v.s3Gets / 1000) * p('s3Get') },
    { service: 'API Gateway HTTP API', usd: (v.webInvocations / 1e6) * p('apiGatewayHttp') },
    {
      service: 'Lambda requests',
      usd: (less(v.webInvocations + v.notifyInvocations, free.lambdaRequests) / 1e6) * p('lambdaRequests'),
    },
    {
      service: 'Lambda duration (arm64)',
      usd: less(v.lambdaGbSeconds, free.lambdaGbSeconds) * p('lambdaArmGbSecond'),
    },
    { service: 'DynamoDB reads', usd: (v.rru / 1e6) * p('dynamoRead') },
    { service: 'DynamoDB writes', usd: (v.wru / 1e6) * p('dynamoWrite') },
    { service: 'DynamoDB storage', usd: less(v.storageGb, free.dynamoStorageGb) * p('dynamoStorage') },
    { service: 'DynamoDB PITR', usd: v.tableGb * p('dynamoPitr') },
    { service: 'EventBridge', usd: (v.events / 1e6) * p('eventBridgeCustom') },
    { service: 'SES', usd: (v.emails / 1000) * p('sesEmail') },
    {
      service: 'CloudWatch Logs',
      // Retention is one month, so about one month of logs is stored at any time.
      usd: logGb * (p('logsIngestion') + p('logsStorage')),
    },
    {
      service: 'Secrets Manager',
      // Each secret is fetched once per execution environment, at its cold start (and again when a warm
      // one has held it for 5 minutes, which this leaves out).
      usd: usage.secrets * p('secret') + ((v.coldStarts * usage.secrets) / 10_000) * p('secretsApi'),
    },
    { service: 'CloudWatch metrics', usd: less(usage.customMetrics, free.customMetrics) * p('customMetric') },
    { service: 'CloudWatch alarms', usd: less(usage.alarms, free.alarms) * p('alarm') },
  ];
  return { mau, volumes: v, lines, total: lines.reduce((n, l) => n + l.usd, 0) };
}
