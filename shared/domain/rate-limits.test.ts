import { describe, expect, it } from 'vitest';
import { inboxKey } from './rate-limits.ts';

describe('inboxKey', () => {
  it('folds case and plus-tags into the inbox they reach', () => {
    expect(inboxKey('Victim+1@Example.com')).toBe('victim@example.com');
    expect(inboxKey('victim+a+b@example.com')).toBe('victim@example.com');
    expect(inboxKey(' victim@example.com ')).toBe('victim@example.com');
    expect(inboxKey('plain@example.com')).toBe('plain@example.com');
    // A local part that is only a tag is left as it is.
    expect(inboxKey('+tag@example.com')).toBe('+tag@example.com');
  });
});
