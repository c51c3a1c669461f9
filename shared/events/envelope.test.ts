import { describe, expect, it } from 'vitest';
import type { PostStatusChanged } from '../domain/events.ts';
import { fromEnvelope, MalformedEventError, toEnvelope } from './envelope.ts';
import { EVENT_RULES, targetsFor } from './rules.ts';

const event: PostStatusChanged = {
  type: 'PostStatusChanged',
  id: '01JD7X3M4Q5R6S7T8V9W0XYZAB',
  at: '2026-11-23T10:00:00.123Z',
  detail: {
    postId: 'p1',
    boardSlug: 'ideas',
    title: 'Dark mode',
    from: 'open',
    to: 'planned',
    note: 'Soon.',
    byId: 'staff-1',
    byName: 'Grace',
  },
};

describe('event envelopes', () => {
  it('wraps an event as EventBridge delivers it', () => {
    const envelope = toEnvelope(event);
    expect(envelope).toMatchObject({
      version: '0',
      'detail-type': 'PostStatusChanged',
      source: 'hearth',
      time: '2026-11-23T10:00:00Z',
      resources: [],
      detail: { eventId: event.id, at: event.at, postId: 'p1' },
    });
    expect(envelope.id).not.toBe(event.id);
  });

  it('round-trips through JSON', () => {
    expect(fromEnvelope(JSON.parse(JSON.stringify(toEnvelope(event))))).toEqual(event);
    const { note: _note, ...withoutNote } = event.detail;
    const plain = { ...event, detail: withoutNote };
    expect(fromEnvelope(JSON.parse(JSON.stringify(toEnvelope(plain))))).toEqual(plain);
  });

  it('round-trips the activity events', () => {
    const posted = {
      type: 'CommentPosted' as const,
      id: 'c1',
      at: event.at,
      detail: { postId: 'p1', commentId: 'c1', parentId: 'c0', authorId: 'u1' },
    };
    const accepted = {
      type: 'AnswerAccepted' as const,
      id: 'a1',
      at: event.at,
      detail: { postId: 'p1', commentId: 'c1', answerAuthorId: 'u1', byId: 'u2', byName: 'Ann' },
    };
    for (const e of [posted, accepted]) {
      expect(fromEnvelope(JSON.parse(JSON.stringify(toEnvelope(e))))).toEqual(e);
    }
  });

  it.each([
    ['null', null],
    ['a string', 'PostStatusChanged'],
    ['an unknown detail-type', { ...toEnvelope(event), 'detail-type': 'PostDeleted' }],
    ['another source', { ...toEnvelope(event), source: 'aws.s3' }],
    [
      'a missing event id',
      { ...toEnvelope(event), detail: { ...toEnvelope(event).detail, eventId: undefined } },
    ],
    ['an unknown status', { ...toEnvelope(event), detail: { ...toEnvelope(event).detail, to: 'done' } }],
    ['a bad time', { ...toEnvelope(event), detail: { ...toEnvelope(event).detail, at: 'yesterday' } }],
  ])('rejects %s', (_name, envelope) => {
    expect(() => fromEnvelope(envelope)).toThrow(MalformedEventError);
  });

  it('says what is wrong', () => {
    const envelope = { ...toEnvelope(event), detail: { ...toEnvelope(event).detail, to: 'done' } };
    expect(() => fromEnvelope(envelope)).toThrow(
      /Malformed Hearth event \(PostStatusChanged\)[\s\S]*detail\.to/,
    );
  });
});

describe('event rules', () => {
  it('routes status changes to notify, the digest events to the digest, and nothing else anywhere', () => {
    expect(targetsFor('PostStatusChanged')).toEqual(['notify']);
    expect(targetsFor('WeeklyDigestDue')).toEqual(['digest']);
    expect(targetsFor('DigestDeliveryDue')).toEqual(['digest']);
    expect(targetsFor('CommentPosted')).toEqual(['notify']);
    expect(targetsFor('AnswerAccepted')).toEqual(['notify']);
    expect(targetsFor('SomethingElse')).toEqual([]);
    expect(EVENT_RULES.map((rule) => rule.name)).toEqual([
      'notify-on-status-change',
      'notify-on-activity',
      'digest-on-schedule',
      'digest-deliver',
    ]);
  });
});
