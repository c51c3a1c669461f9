import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PostStatusChanged } from '../../domain/events.ts';
import { fromEnvelope, type EventEnvelope } from '../../events/envelope.ts';
import { InProcessBus } from './in-process-bus.ts';

const event: PostStatusChanged = {
  type: 'PostStatusChanged',
  id: 'evt-1',
  at: '2026-11-23T10:00:00.000Z',
  detail: {
    postId: 'p1',
    boardSlug: 'ideas',
    title: 'Dark mode',
    from: 'open',
    to: 'planned',
    byId: 'staff-1',
    byName: 'Grace',
  },
};

afterEach(() => vi.restoreAllMocks());

describe('InProcessBus', () => {
  it('delivers an envelope to each target whose rule matches, after publish returns', async () => {
    const delivered: EventEnvelope[] = [];
    const bus = new InProcessBus({
      notify: async (envelope) => void delivered.push(envelope),
      digest: async () => {},
    });
    await bus.publish(event);
    expect(delivered).toEqual([]);
    await bus.drain();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ source: 'hearth', 'detail-type': 'PostStatusChanged' });
    expect(fromEnvelope(delivered[0])).toEqual(event);
  });

  it('drain waits for slow targets, and for deliveries those targets start', async () => {
    const log: string[] = [];
    const bus: InProcessBus = new InProcessBus({
      notify: async (envelope) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push((envelope.detail as { eventId: string }).eventId);
        if (log.length === 1) await bus.publish({ ...event, id: 'evt-2' });
      },
      digest: async () => {},
    });
    await bus.publish(event);
    await bus.drain();
    expect(log).toEqual(['evt-1', 'evt-2']);
    await bus.drain();
  });

  it('does not reject publish or drain when a target fails; it logs the failure', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = new InProcessBus({
      notify: async () => {
        throw new Error('SES is down');
      },
      digest: async () => {},
    });
    await expect(bus.publish(event)).resolves.toBeUndefined();
    await expect(bus.drain()).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]?.[0])).toContain('notify');
    expect(logged.mock.calls[0]?.[1]).toMatchObject({ message: 'SES is down' });
  });

  it('also swallows a target that throws synchronously', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = new InProcessBus({
      notify: () => {
        throw new Error('boom');
      },
      digest: async () => {},
    });
    await bus.publish(event);
    await expect(bus.drain()).resolves.toBeUndefined();
  });
});
