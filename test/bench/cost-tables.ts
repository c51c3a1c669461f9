/** The bench's and docs/cost.md's Markdown tables: measured actions, costs, volumes, assumptions, prices. */
import { ACTIONS, type ActionKey, type MeasuredActions } from './actions.ts';
import { IDLE_MAU, USAGE_NOTES, type CostBreakdown, type Usage, type Volumes } from './cost-model.ts';
import { PRICES, type Prices } from './prices.ts';

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.005) return '<$0.01';
  if (usd >= 1000) return `$${Math.round(usd).toLocaleString('en-US')}`;
  return `$${usd.toFixed(2)}`;
}

export const formatMau = (mau: number): string =>
  mau >= 1000 && mau % 1000 === 0 ? `${(mau / 1000).toLocaleString('en-US')}k` : mau.toLocaleString('en-US');

/** A column's heading: a breakdown at IDLE_MAU is the idle stage (fixed costs and storage). */
const columnHeading = (mau: number): string => (mau === IDLE_MAU ? 'Idle stage' : `${formatMau(mau)} MAU`);

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rule = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [line(header), line(rule), ...rows.map(line)].join('\n');
}

/**
 * Services as rows, one column per MAU (one at IDLE_MAU is headed "Idle stage"), and the total (and,
 * given, the total less the free tiers).
 */
export function formatCostTable(breakdowns: CostBreakdown[], alwaysFree?: CostBreakdown[]): string {
  const services = breakdowns[0]?.lines.map((l) => l.service) ?? [];
  const rows = services.map((service) => [
    service,
    ...breakdowns.map((b) => formatUsd(b.lines.find((l) => l.service === service)?.usd ?? 0)),
  ]);
  rows.push(['**Total**', ...breakdowns.map((b) => `**${formatUsd(b.total)}**`)]);
  if (alwaysFree)
    rows.push(['Total less the always-free tiers', ...alwaysFree.map((b) => formatUsd(b.total))]);
  return table(['Service', ...breakdowns.map((b) => columnHeading(b.mau))], rows, [
    'l',
    ...breakdowns.map(() => 'r' as const),
  ]);
}

const num = (n: number, digits = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

/** The monthly volumes behind the cost table; an idle stage has none, so it gets no column. */
export function formatVolumeTable(all: CostBreakdown[]): string {
  const breakdowns = all.filter((b) => b.mau !== IDLE_MAU);
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
