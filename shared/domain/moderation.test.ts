import { describe, expect, it } from 'vitest';
import { containsLink } from './moderation.ts';

describe('containsLink', () => {
  it.each([
    'See https://spam.example for more',
    'http://x.example',
    'www.cheap-watches.example',
    '[click](https://x.example)',
    '<https://x.example>',
    'Buy at cheap-pills.com today',
    'CHEAP-PILLS.COM',
    'visit pills.ru or pills.xyz',
    'my-shop.de has it',
  ])('finds a link in %j', (text) => {
    expect(containsLink(text)).toBe(true);
  });

  it.each([
    'Thanks!',
    'Version 2.0 is out',
    'e.g. this, i.e. that',
    'It works. Mostly',
    'Email me at the office',
    '🎉🎉',
  ])('finds none in %j', (text) => {
    expect(containsLink(text)).toBe(false);
  });
});
