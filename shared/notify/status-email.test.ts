import { describe, expect, it } from 'vitest';
import type { PostStatusChanged } from '../domain/events.ts';
import type { User } from '../domain/types.ts';
import { statusChangeEmail } from './status-email.ts';

const recipient: User = {
  id: 'u1',
  email: 'ada@example.com',
  name: 'Ada <b>Lovelace</b>',
  role: 'customer',
  createdAt: '2026-01-01T00:00:00.000Z',
};

function event(detail: Partial<PostStatusChanged['detail']> = {}): PostStatusChanged {
  return {
    type: 'PostStatusChanged',
    id: 'evt-1',
    at: '2026-11-23T10:00:00.000Z',
    detail: {
      postId: 'p1',
      boardSlug: 'ideas',
      title: 'Dark mode',
      from: 'open',
      to: 'planned',
      byId: 'staff-1',
      byName: 'Grace',
      ...detail,
    },
  };
}

const links = {
  postUrl: 'https://hearth.example/p/p1',
  unsubscribeUrl: 'https://hearth.example/unsubscribe/tok.sig',
  oneClickUrl: 'https://hearth.example/api/unsubscribe?token=tok.sig',
};

describe('statusChangeEmail', () => {
  it('addresses the recipient with a subject naming the post and its new status', () => {
    const mail = statusChangeEmail({ event: event(), recipient, ...links });
    expect(mail.to).toBe('ada@example.com');
    expect(mail.subject).toBe('[Hearth] “Dark mode” is now planned');
    expect(mail.text).toContain('from open to planned');
    expect(mail.text).toContain(links.postUrl);
    expect(mail.text).toContain(links.unsubscribeUrl);
    expect(mail.html).toContain(`href="${links.postUrl}"`);
    expect(mail.html).toContain(`href="${links.unsubscribeUrl}"`);
  });

  it('invites a customer whose idea shipped to tell their story, with one link to the prefilled form', () => {
    const storyInviteUrl = 'https://hearth.example/b/success-stories/new?from=p1';
    const shipped = statusChangeEmail({
      event: event({ to: 'shipped' }),
      recipient,
      ...links,
      storyInviteUrl,
    });
    expect(shipped.text).toContain(storyInviteUrl);
    expect(shipped.html).toContain(`href="${storyInviteUrl}"`);
    expect(shipped.html).toContain('Share your story');
    const plain = statusChangeEmail({ event: event({ to: 'shipped' }), recipient, ...links });
    expect(plain.text).not.toContain('story');
  });

  it('sets the RFC 8058 one-click unsubscribe headers', () => {
    const mail = statusChangeEmail({ event: event(), recipient, ...links });
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<${links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it.each([
    ['under_review', 'under review'],
    ['in_progress', 'in progress'],
    ['shipped', 'shipped'],
    ['declined', 'declined'],
    ['merged', 'merged'],
  ] as const)('labels %s as "%s"', (to, label) => {
    const mail = statusChangeEmail({ event: event({ to }), recipient, ...links });
    expect(mail.subject).toBe(`[Hearth] “Dark mode” is now ${label}`);
    expect(mail.html).toContain(`<strong>${label}</strong>`);
  });

  it('escapes every user-provided string in the HTML and keeps the note’s line breaks', () => {
    const mail = statusChangeEmail({
      event: event({
        title: '<script>alert("t")</script>',
        note: 'Line one <script>alert(1)</script>\nLine & two',
        byName: '<img src=x onerror=alert(1)>',
      }),
      recipient,
      ...links,
    });
    expect(mail.html).not.toContain('<script');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('<b>');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;');
    // The note is Markdown, sanitized like on the site: the script goes, the line break stays.
    expect(mail.html).toMatch(/<p>Line one <br \/>\s*Line &amp; two<\/p>/);
    expect(mail.html).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    // The text body is plain text, read by nobody's HTML engine: the note's text as written.
    expect(mail.text).toContain('Line one <script>alert(1)</script>\nLine & two');
  });

  it('renders the Markdown of the note in the HTML part, and strips it to plain text in the text part', () => {
    const note = [
      'Shipped in **4.2**, with *dark* mode and `--flag`.',
      '',
      '- one [release notes](https://example.com/notes)',
      '- two',
      '',
      '1. first',
      '2. second',
      '',
      '> quoted',
      '',
      '[evil](javascript:alert(1)) <a href="https://x.example" onclick="alert(1)">x</a>',
    ].join('\n');
    const mail = statusChangeEmail({ event: event({ note }), recipient, ...links });
    expect(mail.html).toContain('<strong>4.2</strong>');
    expect(mail.html).toContain('<em>dark</em>');
    expect(mail.html).toContain('<code>--flag</code>');
    expect(mail.html).toContain('<li>one <a href="https://example.com/notes"');
    expect(mail.html).toContain('<blockquote>');
    expect(mail.html).not.toContain('**');
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('onclick');

    const text = mail.text.slice(mail.text.indexOf('Note from Grace:'), mail.text.indexOf('View the post'));
    expect(text).toBe(
      [
        'Note from Grace:',
        '',
        'Shipped in 4.2, with dark mode and --flag.',
        '',
        '- one release notes (https://example.com/notes)',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '> quoted',
        '',
        'evil (javascript:alert(1)) <a href="https://x.example" onclick="alert(1)">x</a>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('keeps the subject on one line whatever the title holds', () => {
    const mail = statusChangeEmail({ event: event({ title: 'Dark\r\nmode' }), recipient, ...links });
    expect(mail.subject).toBe('[Hearth] “Dark mode” is now planned');
  });

  it('leaves the note out when there is none', () => {
    const mail = statusChangeEmail({ event: event(), recipient, ...links });
    expect(mail.text).not.toContain('Note from');
    expect(mail.html).not.toContain('blockquote');
  });
});
