import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from '../../shared/runtime/telemetry.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';
import { observeNotify } from './handler.ts';

const envelope = { id: 'evt-1', 'detail-type': 'PostStatusChanged', detail: { postId: 'p1' } };

const captureOutput = () => captureTelemetryOutput().lines;

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

describe('notify handler', () => {
  it('GIVEN an event it delivers THEN it logs the event and counts it', async () => {
    const out = captureOutput();
    const delivered: unknown[] = [];
    const handler = observeNotify(async (e) => void delivered.push(e), createTelemetry());

    await handler(envelope);

    expect(delivered).toEqual([envelope]);
    expect(out).toContainEqual(
      expect.objectContaining({ level: 'INFO', eventId: 'evt-1', detailType: 'PostStatusChanged' }),
    );
    expect(out).toContainEqual(expect.objectContaining({ NotificationEventHandled: 1 }));
  });

  it('GIVEN a delivery that fails THEN it logs the error and rethrows, so that Lambda retries', async () => {
    const out = captureOutput();
    const handler = observeNotify(async () => {
      throw new Error('SES throttled');
    }, createTelemetry());

    await expect(handler(envelope)).rejects.toThrow('SES throttled');

    expect(out).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        eventId: 'evt-1',
        error: expect.objectContaining({ message: 'SES throttled' }),
      }),
    ]);
  });

  it('logs a malformed event rather than failing on its shape', async () => {
    const out = captureOutput();
    await observeNotify(async () => {}, createTelemetry())('not an envelope');
    expect(out).toContainEqual(expect.objectContaining({ level: 'INFO', message: 'domain event' }));
  });
});
