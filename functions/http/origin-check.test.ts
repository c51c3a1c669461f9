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
});
