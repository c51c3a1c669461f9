import { describe, expect, it } from 'vitest';
import { MAX_QUERY_TERMS, queryTerms, stem, terms } from './tokenize.ts';

describe('terms', () => {
  it('lowercases, drops stopwords and one-letter words, and counts', () => {
    expect(terms('Export to CSV: export the table as a CSV file')).toEqual(
      new Map([
        ['export', 2],
        ['csv', 2],
        ['table', 1],
        ['file', 1],
      ]),
    );
  });

  it('strips diacritics and compatibility forms', () => {
    expect([...terms('Café crème brûlée, ﬁle Ñandú')].map(([t]) => t)).toEqual([
      'cafe',
      'creme',
      'brulee',
      'file',
      'nandu',
    ]);
  });

  it('splits on Markdown and punctuation, keeping letters of any script and digits', () => {
    const text = '**Dark mode** for [the app](https://x.io/app_v2) — ÜBER größe 2024 мода';
    expect([...terms(text).keys()]).toEqual([
      'dark',
      'mode',
      'app',
      'http',
      'io',
      'v2',
      'uber',
      'große',
      '2024',
      'мода',
    ]);
  });

  it('stems plurals the same way as singulars', () => {
    expect(
      [...terms('exports categories classes boxes matches statuses files caches')].map(([t]) => t),
    ).toEqual(['export', 'category', 'class', 'box', 'match', 'status', 'file', 'cache']);
  });

  it('cuts terms at 40 characters', () => {
    const [term] = terms('a'.repeat(60)).keys();
    expect(term).toBe('a'.repeat(40));
  });

  it('is empty for text with no words', () => {
    expect(terms('').size).toBe(0);
    expect(terms('  --- ** > `` ').size).toBe(0);
    expect(terms('the and of it').size).toBe(0);
  });
});

describe('stem', () => {
  it.each([
    ['exports', 'export'],
    ['categories', 'category'],
    ['replies', 'reply'],
    ['ties', 'tie'],
    ['class', 'class'],
    ['classes', 'class'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['wishes', 'wish'],
    ['indexes', 'index'],
    ['sizes', 'size'],
    ['files', 'file'],
    ['bus', 'bus'],
    ['v2s', 'v2s'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('queryTerms', () => {
  it('treats the last word as a prefix while it is being typed', () => {
    expect(queryTerms('export to cs')).toEqual({ terms: ['export', 'cs'], prefix: 'cs' });
    expect(queryTerms('exp')).toEqual({ terms: ['exp'], prefix: 'exp' });
  });

  it('has no prefix once the query ends in whitespace or punctuation', () => {
    expect(queryTerms('export csv ')).toEqual({ terms: ['export', 'csv'] });
    expect(queryTerms('export csv?')).toEqual({ terms: ['export', 'csv'] });
  });

  it('takes no prefix from a stopword or a single character', () => {
    expect(queryTerms('export to')).toEqual({ terms: ['export'] });
    expect(queryTerms('export c')).toEqual({ terms: ['export'] });
  });

  it('stems query terms as the index does', () => {
    expect(queryTerms('Categories ')).toEqual({ terms: ['category'] });
    expect(queryTerms('CAFÉ')).toEqual({ terms: ['cafe'], prefix: 'caf' });
  });

  it('cuts the prefix back to what every stemmed continuation starts with', () => {
    // "categori" goes on to "categories", indexed as "category"; "boxe" to "boxes", indexed as "box".
    expect(queryTerms('categori').prefix).toBe('categor');
    expect(queryTerms('categorie').prefix).toBe('categor');
    expect(queryTerms('boxe').prefix).toBe('box');
    expect(queryTerms('class').prefix).toBe('class');
    const continuations = ['categories', 'boxes', 'statuses', 'classes', 'exports'];
    for (const word of continuations) {
      for (let end = 2; end < word.length; end++) {
        const { prefix } = queryTerms(word.slice(0, end));
        expect(stem(word).startsWith(prefix ?? '-'), `${word.slice(0, end)} → ${word}`).toBe(true);
      }
    }
  });

  it('lists the typed word last, once', () => {
    expect(queryTerms('csv export csv')).toEqual({ terms: ['export', 'csv'], prefix: 'csv' });
  });

  it('caps the number of terms, keeping the word being typed', () => {
    const query = Array.from({ length: 12 }, (_, i) => `word${i}`).join(' ');
    const { terms: kept, prefix } = queryTerms(query);
    expect(kept).toHaveLength(MAX_QUERY_TERMS);
    expect(kept.at(-1)).toBe('word11');
    expect(prefix).toBe('word11');
    expect(queryTerms(`${query} `).terms).toEqual(Array.from({ length: 8 }, (_, i) => `word${i}`));
  });

  it('is empty for a blank or stopword-only query', () => {
    expect(queryTerms('')).toEqual({ terms: [] });
    expect(queryTerms('   ')).toEqual({ terms: [] });
    expect(queryTerms('how do I')).toEqual({ terms: [] });
    expect(queryTerms('the ')).toEqual({ terms: [] });
    expect(queryTerms('?!')).toEqual({ terms: [] });
  });
});
