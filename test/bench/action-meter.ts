/**
 * Measures one user action per run: Lambda invocations and their wall time, DynamoDB requests, units
 * and bytes (DynamoMeter), emails and events. Figures are per run.
 */
import type { Runtime } from '../../shared/runtime/services.ts';
import type { ActionFigures } from './actions.ts';
import type { DynamoMeter } from './dynamo-meter.ts';
import type { OutboundCounts } from './outbound-counter.ts';
import { ACCOUNT_RUNS, RUNS } from './runs.ts';

interface Tally {
  webInvocations: number;
  webMs: number;
  notifyMs: number;
}

export function actionMeter(runtime: Runtime, meter: DynamoMeter, outbound: OutboundCounts) {
  let tally: Tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
  /** One request to the web Lambda. */
  const web = async <T>(work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      tally.webInvocations++;
      tally.webMs += performance.now() - t0;
    }
  };
  /** Work inside a request measured elsewhere: its time counts, no invocation. */
  const within = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    tally.webMs += performance.now() - t0;
  };
  /** The notify Lambda: EventBridge's deliveries of the events published so far. */
  const notifyLambda = async () => {
    const t0 = performance.now();
    await runtime.drainEvents?.();
    tally.notifyMs += performance.now() - t0;
  };

  /** What the size model and DynamoDB Local's figures said over all actions, for the bench's notes. */
  const checks = { sizeChecks: 0, sizeAgreed: 0, failedWrites: 0, txIndexNotes: [] as string[] };
  /** Warm-up, timed runs (meter counting only), then runs with units and bytes. Figures are per run. */
  const measureAction = async (name: string, run: (i: number) => Promise<void>): Promise<ActionFigures> => {
    let i = 0;
    await run(i++);
    await runtime.drainEvents?.();
    tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
    meter.detailed = false;
    for (let r = 0; r < RUNS; r++) await run(i++);
    const timed = tally;

    tally = { webInvocations: 0, webMs: 0, notifyMs: 0 };
    meter.reset();
    meter.detailed = true;
    const emails0 = outbound.emailsSent;
    const events0 = outbound.eventsPublished;
    const deliveries0 = outbound.notifyDeliveries;
    for (let r = 0; r < ACCOUNT_RUNS; r++) await run(i++);
    meter.detailed = false;
    const m = meter.snapshot();
    checks.sizeChecks += m.checked;
    checks.sizeAgreed += m.agreed;
    checks.failedWrites += m.failedWrites;
    if (m.txIndexWru > 0) {
      checks.txIndexNotes.push(
        `${name} ${+(m.txIndexWru / ACCOUNT_RUNS).toFixed(2)} of ${+(m.wru / ACCOUNT_RUNS).toFixed(2)}`,
      );
    }
    const per = (n: number) => n / ACCOUNT_RUNS;
    return {
      webInvocations: per(tally.webInvocations),
      webMs: timed.webMs / RUNS,
      notifyInvocations: per(outbound.notifyDeliveries - deliveries0),
      notifyMs: timed.notifyMs / RUNS,
      requests: Object.fromEntries([...m.requests].map(([op, n]) => [op, per(n)])),
      rru: per(m.rru),
      wru: per(m.wru),
      tableBytes: per(m.tableBytes),
      indexBytes: per(m.indexBytes),
      emails: per(outbound.emailsSent - emails0),
      events: per(outbound.eventsPublished - events0),
    };
  };

  return { web, within, notifyLambda, measureAction, checks };
}

export type ActionMeter = ReturnType<typeof actionMeter>;

/** ka·a + kb·b, field by field. */
export function combine(a: ActionFigures, b: ActionFigures, ka: number, kb: number): ActionFigures {
  const ops = new Set([...Object.keys(a.requests), ...Object.keys(b.requests)]);
  const mix = (x: number, y: number) => Math.max(0, ka * x + kb * y);
  return {
    webInvocations: mix(a.webInvocations, b.webInvocations),
    webMs: mix(a.webMs, b.webMs),
    notifyInvocations: mix(a.notifyInvocations, b.notifyInvocations),
    notifyMs: mix(a.notifyMs, b.notifyMs),
    requests: Object.fromEntries([...ops].map((op) => [op, mix(a.requests[op] ?? 0, b.requests[op] ?? 0)])),
    rru: mix(a.rru, b.rru),
    wru: mix(a.wru, b.wru),
    tableBytes: mix(a.tableBytes, b.tableBytes),
    indexBytes: mix(a.indexBytes, b.indexBytes),
    emails: mix(a.emails, b.emails),
    events: mix(a.events, b.events),
  };
}
