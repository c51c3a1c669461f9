import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTelemetry } from '../../shared/runtime/telemetry.ts';
import { SCHEDULED_DRAIN } from '../../shared/services/outbox.ts';
import { captureTelemetryOutput } from '../../test/setup/telemetry-output.ts';
import { observeDrain } from './handler.ts';

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

describe('outbox handler', () => {
  it('drains with the scheduled grace period and limit, and logs what it published', async () => {
    const out = captureTelemetryOutput().lines;
    const drain = vi.fn(async () => ({ published: 2, failed: 0 }));
    await expect(observeDrain(drain, createTelemetry())({})).resolves.toEqual({ published: 2, failed: 0 });
    expect(drain).toHaveBeenCalledWith(SCHEDULED_DRAIN);
    expect(out).toContainEqual(expect.objectContaining({ level: 'INFO', published: 2, failed: 0 }));
  });

  it('fails the invocation when an event could not be published, so the Errors metric shows it', async () => {
    const out = captureTelemetryOutput().lines;
    const drain = async () => ({ published: 1, failed: 1 });
    await expect(observeDrain(drain, createTelemetry())({})).rejects.toThrow(/1 outbox event/);
    expect(out).toContainEqual(expect.objectContaining({ level: 'ERROR', published: 1, failed: 1 }));
  });
});
