import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from '../../shared/runtime/telemetry.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';
import { observeFlush } from './flush.ts';

beforeEach(() => {
  for (const name of [
    'HEARTH_LOCAL',
    'POWERTOOLS_DEV',
    'POWERTOOLS_METRICS_DISABLED',
    'POWERTOOLS_LOG_LEVEL',
  ])
    vi.stubEnv(name, undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('notification mail flush handler', () => {
  it('GIVEN the schedule`s input THEN it flushes that queue (the batches unless it says daily) and logs the result', async () => {
    const out = captureTelemetryOutput().lines;
    const queues: string[] = [];
    const handler = observeFlush(async (queue) => {
      queues.push(queue);
      return { sent: 1, dropped: 0, failed: 0 };
    }, createTelemetry());
    await handler({ queue: 'daily' });
    await handler({ queue: 'now' });
    await handler({});
    expect(queues).toEqual(['daily', 'now', 'now']);
    expect(out).toContainEqual(
      expect.objectContaining({ level: 'INFO', message: 'notification mail flush', queue: 'daily', sent: 1 }),
    );
  });

  it('GIVEN the minute`s schedule THEN it flushes the batches, then the daily summaries, within the invocation`s time', async () => {
    const calls: [string, number | undefined][] = [];
    const handler = observeFlush(async (queue, budget) => {
      calls.push([queue, budget.remainingMs?.()]);
      return { sent: 1, dropped: 1, failed: 0 };
    }, createTelemetry());
    const context = { getRemainingTimeInMillis: () => 42_000 } as unknown as Context;
    const result = await handler({ queues: ['now', 'daily'] }, context);
    expect(calls).toEqual([
      ['now', 42_000],
      ['daily', 42_000],
    ]);
    expect(result).toEqual({ sent: 2, dropped: 2, failed: 0 });
  });

  it('GIVEN failed emails THEN the run fails (they stay queued for the next one)', async () => {
    const handler = observeFlush(async () => ({ sent: 0, dropped: 0, failed: 2 }), createTelemetry());
    await expect(handler({ queue: 'now' })).rejects.toThrow('2 notification email(s) failed');
  });
});
