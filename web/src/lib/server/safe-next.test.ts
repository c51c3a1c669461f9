import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it('keeps paths on this site and refuses everything else', () => {
    expect(safeNext('/b/ideas?sort=new')).toBe('/b/ideas?sort=new');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'evil',
      '',
      null,
      undefined,
    ])
      expect(safeNext(bad)).toBe('/');
  });
});
