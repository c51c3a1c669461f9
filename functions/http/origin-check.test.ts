import { describe, expect, it } from 'vitest';
import { isAllowedOrigin } from './origin-check.ts';

const config = { publicOrigin: undefined };
const host = { host: 'board.example' };

describe('isAllowedOrigin', () => {
  it('allows a same-origin browser request', () => {
    expect(isAllowedOrigin({ ...host, origin: 'https://board.example' }, true, config)).toBe(true);
  });
  it('refuses a cross-site browser request, cookie or not', () => {
    expect(isAllowedOrigin({ ...host, origin: 'https://evil.example' }, true, config)).toBe(false);
    expect(isAllowedOrigin({ ...host, origin: 'https://evil.example' }, false, config)).toBe(false);
    expect(isAllowedOrigin({ ...host, origin: 'null' }, true, config)).toBe(false);
  });
  it('allows a server-to-server call that carries no cookie and no origin', () => {
    expect(isAllowedOrigin(host, false, config)).toBe(true);
  });
  it('needs a same-origin Referer when a cookie comes without Origin', () => {
    expect(isAllowedOrigin(host, true, config)).toBe(false);
    expect(isAllowedOrigin({ ...host, referer: 'https://board.example/b/x' }, true, config)).toBe(true);
    expect(isAllowedOrigin({ ...host, referer: 'https://evil.example/' }, true, config)).toBe(false);
  });
  it('honours the configured public origin and the forwarded host', () => {
    expect(
      isAllowedOrigin({ host: 'api.internal', origin: 'https://cdn.example' }, true, {
        publicOrigin: 'https://cdn.example',
      }),
    ).toBe(true);
    expect(
      isAllowedOrigin(
        { host: 'api.internal', 'x-forwarded-host': 'board.example', origin: 'https://board.example' },
        true,
        config,
      ),
    ).toBe(true);
  });
  it('compares the scheme too: another scheme on the same host is another origin', () => {
    const plain = { ...host, 'x-forwarded-proto': 'http' };
    expect(isAllowedOrigin({ ...plain, origin: 'https://board.example' }, true, config)).toBe(false);
    expect(isAllowedOrigin({ ...plain, origin: 'http://board.example' }, true, config)).toBe(true);
    expect(isAllowedOrigin({ ...plain, referer: 'https://board.example/b/x' }, true, config)).toBe(false);
    const secure = { ...host, 'x-forwarded-proto': 'https' };
    expect(isAllowedOrigin({ ...secure, origin: 'http://board.example' }, true, config)).toBe(false);
  });
  it('takes the scheme from the public origin when no x-forwarded-proto says it, else https', () => {
    const local = { publicOrigin: 'http://127.0.0.1:3000' };
    const at = { host: 'localhost:3000' };
    expect(isAllowedOrigin({ ...at, origin: 'http://localhost:3000' }, true, local)).toBe(true);
    expect(isAllowedOrigin({ ...at, origin: 'https://localhost:3000' }, true, local)).toBe(false);
    expect(isAllowedOrigin({ ...host, origin: 'http://board.example' }, true, config)).toBe(false);
  });
  it('compares ports, and normalises default ones', () => {
    const secure = { host: 'board.example:443', 'x-forwarded-proto': 'https' };
    expect(isAllowedOrigin({ ...secure, origin: 'https://board.example' }, true, config)).toBe(true);
    expect(isAllowedOrigin({ ...host, origin: 'https://board.example:8443' }, true, config)).toBe(false);
  });
});
