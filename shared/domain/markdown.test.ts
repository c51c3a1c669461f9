import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('renderMarkdown', () => {
  it('keeps formatting and makes links safe', () => {
    const html = renderMarkdown('**bold** and [docs](https://example.com)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('href="https://example.com"');
    expect(html).toContain('rel="nofollow ugc noopener"');
  });

  it.each([
    ['<script>alert(1)</script>', '<script'],
    ['<img src=x onerror=alert(1)>', 'onerror'],
    ['[click](javascript:alert(1))', 'javascript:'],
    ['<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', 'data:'],
    ['<iframe src="https://evil.example"></iframe>', '<iframe'],
    ['<svg onload=alert(1)>', 'onload'],
    ['<p style="background:url(javascript:alert(1))">x</p>', 'style='],
  ])('strips %s', (input, forbidden) => {
    expect(renderMarkdown(input).toLowerCase()).not.toContain(forbidden);
  });

  it('demotes headings below the page title', () => {
    expect(renderMarkdown('# Big').trim()).toBe('<h3>Big</h3>');
  });
});
