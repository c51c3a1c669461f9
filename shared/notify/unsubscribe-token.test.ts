import { describe, expect, it } from 'vitest';
import {
  signDigestUnsubscribe,
  signUnsubscribe,
  verifyDigestUnsubscribe,
  verifyUnsubscribe,
} from './unsubscribe-token.ts';

const secret = 'unsubscribe-test-secret-0123456789abcdef';
const claims = { postId: '01JD7X3M4Q5R6S7T8V9W0XYZAB', userId: 'user-42' };

describe('unsubscribe tokens', () => {
  it('round-trips the post and user, in a URL-safe token', () => {
    const token = signUnsubscribe(secret, claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribe(secret, token)).toEqual(claims);
  });

  it('rejects a token whose payload was changed', () => {
    const [, sig] = signUnsubscribe(secret, claims).split('.');
    const forged = Buffer.from(JSON.stringify({ p: claims.postId, u: 'someone-else' })).toString('base64url');
    expect(verifyUnsubscribe(secret, `${forged}.${sig}`)).toBeNull();
  });

  it('rejects a token whose signature was changed', () => {
    const token = signUnsubscribe(secret, claims);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verifyUnsubscribe(secret, flipped)).toBeNull();
  });

  it('rejects a token signed with another secret', () => {
    const token = signUnsubscribe('another-secret-another-secret-0123456789', claims);
    expect(verifyUnsubscribe(secret, token)).toBeNull();
  });

  it.each(['', '.', 'garbage', 'a.b.c', 'not base64!.also not', `${'x'.repeat(2000)}.y`])(
    'rejects garbage %#',
    (token) => {
      expect(verifyUnsubscribe(secret, token)).toBeNull();
    },
  );

  it('rejects a validly signed payload that is not the expected shape', () => {
    const token = signUnsubscribe(secret, { postId: '', userId: 'u' });
    expect(verifyUnsubscribe(secret, token)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => signUnsubscribe('short', claims)).toThrow(/at least 32/);
  });
});

describe('digest unsubscribe tokens', () => {
  const secret = 'x'.repeat(32);
  it('round-trips the recipient and refuses tampering or the other purpose', () => {
    const token = signDigestUnsubscribe(secret, 'user:01ABC');
    expect(verifyDigestUnsubscribe(secret, token)).toBe('user:01ABC');
    expect(verifyDigestUnsubscribe('y'.repeat(32), token)).toBeNull();
    expect(verifyDigestUnsubscribe(secret, `${token}x`)).toBeNull();
    const postToken = signUnsubscribe(secret, { postId: 'p', userId: 'u' });
    expect(verifyDigestUnsubscribe(secret, postToken)).toBeNull();
    expect(verifyUnsubscribe(secret, token)).toBeNull();
  });
});
