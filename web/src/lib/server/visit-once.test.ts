import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { firstThisVisit, SEEN_COOKIE, SEEN_MAX, seenThisVisit } from './visit-once.ts';

/** A cookie jar as SvelteKit's: what was set is what the next request reads. */
function jar(initial?: string) {
  const values = new Map<string, string>(initial === undefined ? [] : [[SEEN_COOKIE, initial]]);
  const options: Record<string, unknown>[] = [];
  const cookies = {
    get: (name: string) => values.get(name),
    set: (name: string, value: string, opts: Record<string, unknown>) => {
      values.set(name, value);
      options.push(opts);
    },
  } as unknown as Cookies;
  return { cookies, values, options };
}

describe('firstThisVisit', () => {
  it('is true the first time a key is met in a visit and false after', () => {
    const { cookies } = jar();
    expect(firstThisVisit(cookies, 'v:01ARZ3NDEKTSV4RRFFQ69G5FAV', false)).toBe(true);
    expect(firstThisVisit(cookies, 'v:01ARZ3NDEKTSV4RRFFQ69G5FAV', false)).toBe(false);
    expect(firstThisVisit(cookies, 's:ideas:export', false)).toBe(true);
    expect(firstThisVisit(cookies, 'v:01ARZ3NDEKTSV4RRFFQ69G5FAV', false)).toBe(false);
  });

  it('keeps short hashes only, never the key itself', () => {
    const { cookies, values } = jar();
    firstThisVisit(cookies, 's:ideas:dark mode', false);
    const stored = values.get(SEEN_COOKIE) ?? '';
    expect(stored).toMatch(/^[0-9a-f]{10}$/);
    expect(stored).not.toContain('dark');
  });

  it('slides the visit: an httpOnly, Lax cookie for 30 minutes, Secure as asked', () => {
    const { cookies, options } = jar();
    firstThisVisit(cookies, 'a', true);
    firstThisVisit(cookies, 'a', false);
    expect(options).toEqual([
      { path: '/', httpOnly: true, sameSite: 'lax', secure: true, maxAge: 1800 },
      { path: '/', httpOnly: true, sameSite: 'lax', secure: false, maxAge: 1800 },
    ]);
  });

  it(`remembers the last ${SEEN_MAX} keys, forgetting the oldest`, () => {
    const { cookies, values } = jar();
    for (let i = 0; i <= SEEN_MAX; i++) firstThisVisit(cookies, `k:${i}`, false);
    expect((values.get(SEEN_COOKIE) ?? '').split('.')).toHaveLength(SEEN_MAX);
    expect(firstThisVisit(cookies, `k:${SEEN_MAX}`, false)).toBe(false);
    expect(firstThisVisit(cookies, 'k:0', false)).toBe(true);
  });

  it('reads what a tampered cookie holds that could be ours and drops the rest', () => {
    const { cookies, values } = jar('nonsense.<script>..ABCDEF0123');
    expect(firstThisVisit(cookies, 'x', false)).toBe(true);
    expect(values.get(SEEN_COOKIE)).toMatch(/^[0-9a-f]{10}$/);
  });
});

describe('seenThisVisit', () => {
  it('says whether a key was met in this visit, without meeting it or renewing the visit', () => {
    const { cookies, options } = jar();
    expect(seenThisVisit(cookies, 'f:form-a')).toBe(false);
    expect(options).toEqual([]);
    firstThisVisit(cookies, 'f:form-a', false);
    expect(seenThisVisit(cookies, 'f:form-a')).toBe(true);
    expect(seenThisVisit(cookies, 'f:form-b')).toBe(false);
    expect(options).toHaveLength(1);
  });
});
