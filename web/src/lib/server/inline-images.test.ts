import { describe, expect, it } from 'vitest';
import { inlineImagesAsDataUris } from './inline-images.ts';

const chart = { cid: 'activity@hearth', contentType: 'image/png', content: 'iVBORw0KGgo=' };

describe('inlineImagesAsDataUris', () => {
  it('turns references to the message’s own images into data: URIs', () => {
    expect(
      inlineImagesAsDataUris(`<img src="cid:activity@hearth" alt="x"><img src='CID:activity%40hearth'>`, [
        chart,
      ]),
    ).toBe(
      `<img src="data:image/png;base64,iVBORw0KGgo=" alt="x"><img src='data:image/png;base64,iVBORw0KGgo='>`,
    );
  });

  it('leaves references it cannot resolve, and text that only mentions cid', () => {
    const html = '<img src="cid:missing@hearth"><p>cid: see RFC 2392</p>';
    expect(inlineImagesAsDataUris(html, [chart])).toBe(html);
    expect(inlineImagesAsDataUris(html, [])).toBe(html);
  });

  it('keeps anything but images, and content that is not base64, out of the page', () => {
    const html = '<img src="cid:a"><img src="cid:b">';
    expect(
      inlineImagesAsDataUris(html, [
        { cid: 'a', contentType: 'text/html', content: 'PGI+' },
        { cid: 'b', contentType: 'image/png', content: '" onerror="alert(1)' },
      ]),
    ).toBe(html);
  });
});
