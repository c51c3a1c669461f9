import { describe, expect, it } from 'vitest';
import { candidatesFor, rankAnsweredFirst } from './rank.ts';

const post = (id: string, answered = false) => ({
  id,
  kind: answered ? 'question' : 'idea',
  ...(answered ? { acceptedCommentId: 'c' } : {}),
});

describe('search ranking', () => {
  it('puts answered questions first among posts that matched as many query words, stable otherwise', () => {
    const hits = [
      { postId: 'a', score: 2.9 },
      { postId: 'b', score: 2.5 },
      { postId: 'c', score: 2.1 },
      { postId: 'd', score: 1.95 },
      { postId: 'e', score: 1.2 },
    ];
    const posts = [post('a'), post('b', true), post('c'), post('d'), post('e', true)];
    expect(rankAnsweredFirst(hits, posts).map((p) => p.id)).toEqual(['b', 'a', 'c', 'e', 'd']);
  });

  it('treats an unanswered question like any other post, and leaves out hits without a post', () => {
    const hits = [
      { postId: 'q', score: 1.5 },
      { postId: 'gone', score: 1.4 },
      { postId: 'x', score: 1.3 },
    ];
    const unanswered = { id: 'q', kind: 'question' };
    expect(rankAnsweredFirst(hits, [unanswered, post('x', true)]).map((p) => p.id)).toEqual(['x', 'q']);
  });

  it('reads a bounded number of candidates', () => {
    expect(candidatesFor(1)).toBe(3);
    expect(candidatesFor(10)).toBe(30);
    expect(candidatesFor(50)).toBe(50);
  });
});
