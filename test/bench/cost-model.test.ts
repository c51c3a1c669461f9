import { describe, expect, it } from 'vitest';
import { ACTIONS, type ActionFigures, type ActionKey, type MeasuredActions } from './actions.ts';
import { DEFAULT_USAGE, IDLE_MAU, monthlyCost, type CostBreakdown, type Usage } from './cost-model.ts';
import { formatActionTable, formatCostTable, formatUsd, formatVolumeTable } from './cost-tables.ts';
import { PRICES } from './prices.ts';

const GB = 1024 ** 3;

const none: ActionFigures = {
  webInvocations: 0,
  webMs: 0,
  notifyInvocations: 0,
  notifyMs: 0,
  requests: {},
  rru: 0,
  wru: 0,
  tableBytes: 0,
  indexBytes: 0,
  emails: 0,
  events: 0,
};

const actionsWith = (figures: Partial<Record<ActionKey, Partial<ActionFigures>>>): MeasuredActions =>
  Object.fromEntries(
    (Object.keys(ACTIONS) as ActionKey[]).map((k) => [k, { ...none, ...figures[k] }]),
  ) as MeasuredActions;

/** Nothing happens and nothing is fixed: each test turns on what it checks. */
const quiet: Usage = {
  ...DEFAULT_USAGE,
  boardViews: 0,
  postViews: 0,
  searches: 0,
  votes: 0,
  comments: 0,
  posts: 0,
  signIns: 0,
  sessionRenewals: 0,
  statusChanges: 0,
  visits: 0,
  logBytesPerInvocation: 0,
  coldStartShare: 0,
  renderMsPerInvocation: 0,
  storageMonths: 0,
  storedAccountsPerMau: 0,
  baseStorageGb: 0,
  alarms: 0,
  customMetrics: 0,
  secrets: 0,
};

const line = (b: CostBreakdown, service: string) => {
  const found = b.lines.find((l) => l.service === service);
  if (!found) throw new Error(`no line ${service}`);
  return found.usd;
};

describe('monthlyCost', () => {
  it('prices one action by hand', () => {
    // One vote per MAU a month, a million MAU: a million votes.
    const actions = actionsWith({
      vote: {
        webInvocations: 2,
        webMs: 100,
        rru: 10,
        wru: 20,
        tableBytes: 1000,
        indexBytes: 3000,
        emails: 1,
        events: 1,
      },
    });
    const usage: Usage = { ...quiet, votes: 1, responseBytes: 1024, webMemoryMb: 512, storageMonths: 1 };
    const b = monthlyCost(1_000_000, actions, usage, PRICES);

    expect(line(b, 'Lambda requests')).toBeCloseTo(2 * 0.2, 10); // 2M requests at $0.20/M
    // 1M × 100 ms = 100,000 s at 0.5 GB = 50,000 GB-s at $0.0000133334
    expect(line(b, 'Lambda duration (arm64)')).toBeCloseTo(50_000 * 0.0000133334, 10);
    expect(line(b, 'API Gateway HTTP API')).toBeCloseTo(2 * 1.0, 10);
    expect(line(b, 'CloudFront requests')).toBeCloseTo((2_000_000 / 10_000) * 0.01, 10);
    expect(line(b, 'CloudFront data transfer')).toBeCloseTo(((2_000_000 * 1024) / GB) * 0.085, 10);
    expect(line(b, 'CloudFront Functions')).toBeCloseTo(2 * 0.1, 10);
    expect(line(b, 'DynamoDB reads')).toBeCloseTo(10 * 0.125, 10); // 10M RRU
    expect(line(b, 'DynamoDB writes')).toBeCloseTo(20 * 0.625, 10); // 20M WRU
    expect(line(b, 'DynamoDB storage')).toBeCloseTo((4e9 / GB) * 0.25, 10);
    expect(line(b, 'DynamoDB PITR')).toBeCloseTo((1e9 / GB) * 0.2, 10); // the table, not its indexes
    expect(line(b, 'SES')).toBeCloseTo(1000 * 0.1, 10);
    expect(line(b, 'EventBridge')).toBeCloseTo(1.0, 10);
    expect(line(b, 'CloudWatch alarms')).toBe(0);
    expect(b.total).toBeCloseTo(
      b.lines.reduce((n, l) => n + l.usd, 0),
      10,
    );
    expect(b.total).toBeCloseTo(
      0.4 +
        50_000 * 0.0000133334 +
        2 +
        2 +
        0.2 +
        ((2_000_000 * 1024) / GB) * 0.085 +
        1.25 +
        12.5 +
        (4e9 / GB) * 0.25 +
        (1e9 / GB) * 0.2 +
        100 +
        1,
      8,
    );
  });

  it('splits page views between anonymous and signed-in viewers', () => {
    const actions = actionsWith({ boardView: { rru: 1 }, boardViewSignedIn: { rru: 3 } });
    const b = monthlyCost(1_000_000, actions, { ...quiet, boardViews: 1, signedInShare: 0.25 }, PRICES);
    // 0.75M × 1 + 0.25M × 3 = 1.5M RRU
    expect(b.volumes.rru).toBeCloseTo(1_500_000, 6);
    expect(b.volumes.pageViews).toBe(1_000_000);
  });

  it('emails each follower of a changed post', () => {
    const actions = actionsWith({
      statusChange: { webInvocations: 2, notifyInvocations: 1, events: 1 },
      notifyFollower: { emails: 1, wru: 1 },
    });
    const usage = { ...quiet, statusChanges: 0.01, followersPerStatusChange: 20 };
    const b = monthlyCost(1000, actions, usage, PRICES);
    expect(b.volumes.events).toBeCloseTo(10, 10);
    expect(b.volumes.emails).toBeCloseTo(200, 10);
    expect(b.volumes.notifyInvocations).toBeCloseTo(10, 10);
  });

  it('charges the fixed costs at zero users', () => {
    const usage = { ...quiet, alarms: 16, customMetrics: 5, secrets: 1, baseStorageGb: 2 };
    const b = monthlyCost(0, actionsWith({}), usage, PRICES);
    expect(b.total).toBeCloseTo(16 * 0.1 + 5 * 0.3 + 0.4 + 2 * (0.25 + 0.2), 10);
  });

  it('keeps a stage nobody uses at or under $1 a month: 5 alarm metrics and one secret', () => {
    const idle = monthlyCost(IDLE_MAU, actionsWith({}), DEFAULT_USAGE, PRICES);
    expect(idle.total).toBeLessThanOrEqual(1);
    expect(idle.total).toBeCloseTo(5 * 0.1 + 1 * 0.4, 10);
    expect(line(idle, 'CloudWatch metrics')).toBe(0);
  });

  it('takes off the always-free allowances', () => {
    const usage = { ...quiet, alarms: 16, customMetrics: 5, secrets: 1 };
    const b = monthlyCost(0, actionsWith({}), usage, PRICES, { alwaysFree: true });
    expect(b.total).toBeCloseTo((16 - 10) * 0.1 + 0 + 0.4, 10);
    // 2M page requests: under CloudFront's 10M free requests and Lambda's 1M free requests, 1M over.
    const busy = monthlyCost(
      1_000_000,
      actionsWith({ boardView: { webInvocations: 2 } }),
      {
        ...quiet,
        boardViews: 1,
        signedInShare: 0,
      },
      PRICES,
      { alwaysFree: true },
    );
    expect(line(busy, 'CloudFront requests')).toBe(0);
    expect(line(busy, 'Lambda requests')).toBeCloseTo(1 * 0.2, 10);
    expect(line(busy, 'API Gateway HTTP API')).toBeCloseTo(2 * 1.0, 10); // no lasting free tier
  });

  it('grows linearly with MAU apart from the fixed costs', () => {
    const some = (seed: number): ActionFigures => ({
      webInvocations: 1 + (seed % 3),
      webMs: 20 + seed,
      notifyInvocations: seed % 2,
      notifyMs: seed,
      requests: { GetItem: seed },
      rru: 1.5 * seed,
      wru: seed % 4,
      tableBytes: 100 * seed,
      indexBytes: 50 * seed,
      emails: seed % 2,
      events: seed % 2,
    });
    const actions = Object.fromEntries(
      (Object.keys(ACTIONS) as ActionKey[]).map((k, i) => [k, some(i + 1)]),
    ) as MeasuredActions;
    const usage: Usage = { ...DEFAULT_USAGE, baseStorageGb: 1 };
    const [fixed, small, large] = [0, 1_000, 10_000].map((mau) => monthlyCost(mau, actions, usage, PRICES));
    if (!fixed || !small || !large) throw new Error('unreachable');
    expect(fixed.total).toBeCloseTo(
      usage.alarms * 0.1 + usage.customMetrics * 0.3 + usage.secrets * 0.4 + 1 * (0.25 + 0.2),
      10,
    );
    expect(large.total - fixed.total).toBeCloseTo(10 * (small.total - fixed.total), 8);
    for (const l of small.lines) {
      const at0 = line(fixed, l.service);
      expect(line(large, l.service) - at0).toBeCloseTo(10 * (l.usd - at0), 8);
    }
  });
});

describe('formatting', () => {
  it('renders a row per service, a column per MAU and the total', () => {
    const actions = actionsWith({ vote: { webInvocations: 2, wru: 10 } });
    const table = formatCostTable([1_000, 10_000, 100_000].map((m) => monthlyCost(m, actions)));
    const lines = table.split('\n');
    expect(lines[0]).toBe('| Service | 1k MAU | 10k MAU | 100k MAU |');
    expect(lines[1]).toBe('| --- | ---: | ---: | ---: |');
    expect(lines.at(-1)).toMatch(/^\| \*\*Total\*\* \| \*\*\$[\d.,]+\*\* \|/);
    expect(lines).toHaveLength(2 + monthlyCost(1, actions).lines.length + 1);
    const free = [1_000].map((m) => monthlyCost(m, actions, DEFAULT_USAGE, PRICES, { alwaysFree: true }));
    const withFree = formatCostTable([monthlyCost(1_000, actions)], free).split('\n');
    expect(withFree.at(-1)).toMatch(/^\| Total less the always-free tiers \| \$[\d.,]+ \|$/);
  });

  it('heads the idle stage column so, and leaves it out of the volumes', () => {
    const actions = actionsWith({ vote: { webInvocations: 2, wru: 10 } });
    const breakdowns = [IDLE_MAU, 1_000].map((m) => monthlyCost(m, actions));
    expect(formatCostTable(breakdowns).split('\n')[0]).toBe('| Service | Idle stage | 1k MAU |');
    expect(formatVolumeTable(breakdowns).split('\n')[0]).toBe('| Per month | 1k MAU |');
  });

  it('renders a row per measured action', () => {
    const table = formatActionTable(
      actionsWith({ vote: { requests: { TransactWriteItems: 1, GetItem: 2 } } }),
    );
    expect(table.split('\n')).toHaveLength(2 + Object.keys(ACTIONS).length);
    expect(table).toContain('| Vote (action + page reload) | 0 | 0 | GetItem 2, TransactWriteItems 1 |');
  });

  it('rounds dollars for reading', () => {
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.001)).toBe('<$0.01');
    expect(formatUsd(0.456)).toBe('$0.46');
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(1234.5)).toBe('$1,235');
  });
});
