import { describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../domain/errors.ts';
import type { Sanction } from '../../domain/moderation.ts';
import { ANONYMOUS, type Actor } from '../../domain/types.ts';
import { requireParticipant, sanctionMessage } from '../policy.ts';

const now = new Date('2026-12-03T12:00:00Z');
const sanction = (level: Sanction['level'], until?: string): Sanction => ({
  level,
  reason: 'Flooding the board',
  at: '2026-12-01T00:00:00Z',
  byId: 'staff',
  byName: 'Staff',
  ...(until ? { until } : {}),
});
const person = (s?: Sanction): Actor => ({
  kind: 'user',
  user: {
    id: 'p',
    email: 'p@example.com',
    name: 'P',
    role: 'customer',
    createdAt: '2026-01-01T00:00:00Z',
    ...(s ? { sanction: s } : {}),
  },
});

describe('requireParticipant', () => {
  it('lets warned people and ended silences through', () => {
    expect(requireParticipant(person(sanction('warn')), now).id).toBe('p');
    expect(requireParticipant(person(sanction('silence', '2026-12-02T00:00:00Z')), now).id).toBe('p');
  });

  it('refuses silenced, suspended and banned people with the end and the reason', () => {
    expect(() => requireParticipant(person(sanction('silence', '2026-12-06T08:30:00Z')), now)).toThrow(
      new ForbiddenError('You are silenced until 2026-12-06 08:30 UTC: Flooding the board'),
    );
    expect(() => requireParticipant(person(sanction('ban')), now)).toThrow(ForbiddenError);
    expect(() => requireParticipant(ANONYMOUS, now)).toThrow(UnauthenticatedError);
  });

  it('says "banned" with no end for a ban', () => {
    expect(sanctionMessage(sanction('ban'), now)).toBe('You are banned: Flooding the board');
  });
});
