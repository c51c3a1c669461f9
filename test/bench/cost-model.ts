/**
 * Hearth's monthly AWS bill as a function of monthly active users (MAU): measured per-action figures
 * (from `npm run bench`) × usage assumptions per MAU × public prices. Pure: no I/O, no clock.
 *
 * Prices are us-east-1 list prices without free tiers (the free tiers are listed in docs/cost.md), checked
 * on the date in PRICES_CHECKED against the pages named in each price's `source`. `checked` says how:
 * `aws` when an AWS page (pricing page, docs) stated the figure, `secondary` when only third-party
 * write-ups of the AWS price did, `unconfirmed` when no stored source stated it (then it is the last
 * known list price).
 */

export const PRICES_CHECKED = '2026-11-23';

export interface Price {
  /** US dollars per `unit`. */
  usd: number;
  unit: string;
  source: string;
  checked: 'aws' | 'secondary' | 'unconfirmed';
  note?: string;
}

export const PRICES = {
  dynamoWrite: {
    usd: 0.625,
    unit: 'million write request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'secondary',
    note: 'on-demand, Standard table class, after the 50% cut of 1 Nov 2024',
  },
  dynamoRead: {
    usd: 0.125,
    unit: 'million read request units',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'secondary',
    note: 'on-demand, Standard table class, after the 50% cut of 1 Nov 2024',
  },
  dynamoStorage: {
    usd: 0.25,
    unit: 'GB-month',
    source: 'https://aws.amazon.com/dynamodb/pricing/',
    checked: 'aws',
    note: 'table and indexes; first 25 GB free',
  },
  dynamoPitr: {
    usd: 0.2,
    unit: 'GB-month',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked: 'unconfirmed',
    note: 'continuous backups, on the table size without global secondary indexes',
  },
  lambdaRequests: {
    usd: 0.2,
    unit: 'million requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'secondary',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked: 'secondary',
    note: 'first 7.5 billion GB-s a month',
  },
  apiGatewayHttp: {
    usd: 1.0,
    unit: 'million requests',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked: 'secondary',
    note: 'HTTP API, first 300 million a month, metered in 512 KB increments',
  },
  cloudFrontHttps: {
    usd: 0.01,
    unit: '10,000 HTTPS requests',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    checked: 'secondary',
    note: "pay-as-you-go, United States, Mexico and Canada; Europe, also in the stack's price class, costs more",
  },
  cloudFrontFunction: {
    usd: 0.1,
    unit: 'million CloudFront Functions invocations',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    checked: 'secondary',
    note: 'the viewer-request function on the dynamic behaviours',
  },
  cloudFrontTransfer: {
    usd: 0.085,
    unit: 'GB to the internet',
    source: 'https://aws.amazon.com/cloudfront/pricing/',
    checked: 'aws',
    note: 'first 10 TB, United States, Mexico and Canada',
  },
  s3Get: {
    usd: 0.0004,
    unit: '1,000 GET requests',
    source: 'https://aws.amazon.com/s3/pricing/',
    checked: 'secondary',
    note: 'S3 Standard',
  },
  eventBridgeCustom: {
    usd: 1.0,
    unit: 'million custom events',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    checked: 'secondary',
    note: 'each 64 KB chunk of an event is one event',
  },
  sesEmail: {
    usd: 0.1,
    unit: '1,000 emails',
    source: 'https://aws.amazon.com/ses/pricing/',
    checked: 'secondary',
    note: 'à la carte outbound ($0.0001 a recipient); accounts new to SES since 21 Jul 2026 default to the Essentials plan at $0.16 per 1,000',
  },
  logsIngestion: {
    usd: 0.5,
    unit: 'GB ingested',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: 'secondary',
    note: 'CloudWatch Logs Standard class',
  },
  logsStorage: {
    usd: 0.03,
    unit: 'GB-month stored',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: 'secondary',
  },
  secret: {
    usd: 0.4,
    unit: 'secret-month',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    checked: 'secondary',
  },
  secretsApi: {
    usd: 0.05,
    unit: '10,000 API calls',
    source: 'https://aws.amazon.com/secrets-manager/pricing/',
    checked: 'secondary',
  },
  customMetric: {
    usd: 0.3,
    unit: 'custom metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: 'secondary',
    note: 'first 10,000 metrics; prorated by the hour, charged only for hours a metric is published',
  },
  alarm: {
    usd: 0.1,
    unit: 'alarm metric-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked: 'secondary',
    note: 'standard resolution; a metric-math alarm counts each metric it reads',
  },
} as const satisfies Record<string, Price>;

export type Prices = Record<keyof typeof PRICES, Price>;

/**
 * Monthly allowances that do not expire, per account (shared with anything else the account runs). The
 * 12-month offers of new accounts (API Gateway, S3) and SES's and Secrets Manager's trials are left out;
 * DynamoDB's free 25 read and write capacity units are for provisioned tables, not on-demand ones.
 */
export const ALWAYS_FREE = {
  cloudFrontRequests: 10_000_000,
  cloudFrontTransferGb: 1024,
  cloudFrontFunctions: 2_000_000,
  lambdaRequests: 1_000_000,
  lambdaGbSeconds: 400_000,
  dynamoStorageGb: 25,
  /** Of log ingestion, and as much again of log storage. */
  logsGb: 5,
  customMetrics: 10,
  alarms: 10,
};

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
  /** Custom metrics (Powertools EMF) published in most hours of the month. */
  customMetrics: number;
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
  alarms: 16,
  customMetrics: 5,
  secrets: 2,
};

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
    'CloudWatch log bytes per invocation: Lambda START/END/REPORT, the request log line, the EMF metrics line, the API Gateway access log line',
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
    'CloudWatch alarm metrics: API 5xx, 4 Lambda error alarms, 8 throttle metrics in one alarm, the dead-letter queue, 2 SES reputation alarms',
  customMetrics:
    'custom metrics published most hours (9 defined: request and error counters per function; error counters rarely publish)',
  secrets: "Secrets Manager secrets (the SSO secret and CloudFront's origin secret)",
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
      // Each secret is fetched once per execution environment, at its cold start (notify reads only
      // the SSO secret, so this is a slight overcount).
      usd: usage.secrets * p('secret') + ((v.coldStarts * usage.secrets) / 10_000) * p('secretsApi'),
    },
    { service: 'CloudWatch metrics', usd: less(usage.customMetrics, free.customMetrics) * p('customMetric') },
    { service: 'CloudWatch alarms', usd: less(usage.alarms, free.alarms) * p('alarm') },
  ];
  return { mau, volumes: v, lines, total: lines.reduce((n, l) => n + l.usd, 0) };
}

// ---------------------------------------------------------------------------------------------------
// Markdown

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.005) return '<$0.01';
  if (usd >= 1000) return `$${Math.round(usd).toLocaleString('en-US')}`;
  return `$${usd.toFixed(2)}`;
}

export const formatMau = (mau: number): string =>
  mau >= 1000 && mau % 1000 === 0 ? `${(mau / 1000).toLocaleString('en-US')}k` : mau.toLocaleString('en-US');

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/** Services as rows, one column per MAU, and the total (and, given, the total less the free tiers). */
export function formatCostTable(breakdowns: CostBreakdown[], alwaysFree?: CostBreakdown[]): string {
  const services = breakdowns[0]?.lines.map((l) => l.service) ?? [];
  const rows = services.map((service) => [
    service,
    ...breakdowns.map((b) => formatUsd(b.lines.find((l) => l.service === service)?.usd ?? 0)),
  ]);
  rows.push(['**Total**', ...breakdowns.map((b) => `**${formatUsd(b.total)}**`)]);
  if (alwaysFree)
    rows.push(['Total less the always-free tiers', ...alwaysFree.map((b) => formatUsd(b.total))]);
  return table(['Service', ...breakdowns.map((b) => `${formatMau(b.mau)} MAU`)], rows, [
    'l',
    ...breakdowns.map(() => 'r' as const),
  ]);
}

const num = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** The monthly volumes behind the cost table. */
export function formatVolumeTable(breakdowns: CostBreakdown[]): string {
  const rows: [string, (v: Volumes) => string][] = [
    ['Page views', (v) => num(v.pageViews, 0)],
    ['Lambda invocations (web + notify)', (v) => num(v.webInvocations + v.notifyInvocations, 0)],
    ['Lambda GB-seconds', (v) => num(v.lambdaGbSeconds, 0)],
    ['DynamoDB read units', (v) => num(v.rru, 0)],
    ['DynamoDB write units', (v) => num(v.wru, 0)],
    ['DynamoDB stored GB', (v) => num(v.storageGb, 2)],
    ['CloudFront requests', (v) => num(v.cloudFrontRequests, 0)],
    ['CloudFront GB out', (v) => num(v.transferGb, 1)],
    ['Emails', (v) => num(v.emails, 0)],
    ['EventBridge events', (v) => num(v.events, 0)],
  ];
  return table(
    ['Per month', ...breakdowns.map((b) => `${formatMau(b.mau)} MAU`)],
    rows.map(([label, f]) => [label, ...breakdowns.map((b) => f(b.volumes))]),
    ['l', ...breakdowns.map(() => 'r' as const)],
  );
}

/** The measured figures, one row per action. */
export function formatActionTable(actions: MeasuredActions): string {
  const rows = (Object.keys(ACTIONS) as ActionKey[]).map((k) => {
    const a = actions[k];
    const requests = Object.entries(a.requests)
      .filter(([, n]) => n > 0)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([op, n]) => `${op} ${num(n, 2)}`)
      .join(', ');
    const lambda =
      a.notifyInvocations > 0
        ? `${num(a.webInvocations, 2)} + ${num(a.notifyInvocations, 2)} notify`
        : num(a.webInvocations, 2);
    const ms = a.notifyMs > 0 ? `${num(a.webMs)} + ${num(a.notifyMs)}` : num(a.webMs);
    return [
      ACTIONS[k],
      lambda,
      ms,
      requests || '–',
      num(a.rru, 2),
      num(a.wru, 2),
      num(a.tableBytes + a.indexBytes, 0),
      num(a.emails, 2),
      num(a.events, 2),
    ];
  });
  return table(
    [
      'Action',
      'Lambda calls',
      'Lambda ms',
      'DynamoDB requests',
      'RRU',
      'WRU',
      'Bytes stored',
      'Emails',
      'Events',
    ],
    rows,
    ['l', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function formatUsageTable(usage: Usage): string {
  return table(
    ['Assumption', 'Value'],
    (Object.keys(USAGE_NOTES) as (keyof Usage)[]).map((k) => [USAGE_NOTES[k], num(usage[k], 3)]),
    ['l', 'r'],
  );
}

export function formatPriceTable(prices: Prices = PRICES): string {
  return table(
    ['Price (us-east-1)', 'USD', 'Per', 'Source', 'Checked'],
    (Object.keys(prices) as (keyof Prices)[]).map((k) => {
      const p = prices[k];
      return [k + (p.note ? ` (${p.note})` : ''), String(p.usd), p.unit, p.source, p.checked];
    }),
    ['l', 'r', 'l', 'l', 'l'],
  );
}
