/**
 * The prices the cost model applies: us-east-1 list prices without free tiers (the free tiers are listed
 * in docs/cost.md), checked on the date in PRICES_CHECKED against the pages named in each price's
 * `source`. `checked` says how: `aws` when an AWS page (pricing page, docs) stated the figure,
 * `secondary` when only third-party write-ups of the AWS price did, `unconfirmed` when no stored source
 * stated it (then it is the last known list price).
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
