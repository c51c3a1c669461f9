import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

const ORIGIN = 'https://board.example';

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/b/ideas?sort=new', ORIGIN)).toBe('/b/ideas?sort=new');
    expect(safeNext('/p/01J?x=1#comment-2', ORIGIN)).toBe('/p/01J?x=1#comment-2');
    expect(safeNext('/', ORIGIN)).toBe('/');
    // Still on this site once a browser has read it: normalized, never a 500 on the Location header.
    expect(safeNext('/a/../b', ORIGIN)).toBe('/b');
    expect(safeNext('/a\tb', ORIGIN)).toBe('/ab');
    expect(safeNext('/x\n', ORIGIN)).toBe('/x');
    expect(safeNext('/search?q=a b', ORIGIN)).toBe('/search?q=a%20b');
  });

  it('refuses every way of naming another site, and everything that is not a path', () => {
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\\\\evil.example',
      '\\\\evil.example',
      '/\\/evil.example',
      '//\\evil.example',
      'data:text/html,<script>alert(1)</script>',
      '///evil.example',
      '////evil.example/path',
      '/\t\\evil.example',
      'https://evil.example',
      'https:evil.example',
      'javascript:alert(1)',
      ' /evil',
      '\t//evil.example',
      'evil',
      '',
      null,
      undefined,
    ])
      expect(safeNext(bad, ORIGIN), JSON.stringify(bad)).toBe('/');
  });

  it('keeps an encoded slash as a path, which is what a browser does with it', () => {
    expect(safeNext('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example');
    expect(safeNext('/%5Cevil.example', ORIGIN)).toBe('/%5Cevil.example');
  });
});
