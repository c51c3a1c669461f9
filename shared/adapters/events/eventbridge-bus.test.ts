import { describe, expect, it, vi } from 'vitest';
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { PostStatusChanged } from '../../domain/events.ts';
import { fromEnvelope } from '../../events/envelope.ts';
import { EventBridgeBus } from './eventbridge-bus.ts';

const event: PostStatusChanged = {
  type: 'PostStatusChanged',
  id: 'evt-1',
  at: '2026-11-23T10:00:00.123Z',
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

function fakeClient(output: object) {
  const send = vi.fn(async (_command: PutEventsCommand) => output);
  return { client: { send } as unknown as EventBridgeClient, send };
}

describe('EventBridgeBus', () => {
  it('puts one entry whose detail, once delivered, parses back to the event', async () => {
    const { client, send } = fakeClient({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-1' }] });
    await new EventBridgeBus('hearth-dev', client).publish(event);
    const entry = send.mock.calls[0]?.[0].input.Entries?.[0];
    expect(entry).toMatchObject({
      EventBusName: 'hearth-dev',
      Source: 'hearth',
      DetailType: 'PostStatusChanged',
    });
    const delivered = {
      version: '0',
      id: 'eb-1',
      'detail-type': entry?.DetailType,
      source: entry?.Source,
      account: '123456789012',
      time: '2026-11-23T10:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail: JSON.parse(entry?.Detail ?? 'null'),
    };
    expect(fromEnvelope(delivered)).toEqual(event);
  });

  it('throws with EventBridge’s reason when it rejects the entry', async () => {
    const { client } = fakeClient({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    await expect(new EventBridgeBus('hearth-dev', client).publish(event)).rejects.toThrow(
      /ThrottlingException: Rate exceeded/,
    );
  });
});
