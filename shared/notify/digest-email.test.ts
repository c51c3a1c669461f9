import { describe, expect, it } from 'vitest';
import type { DigestLetter, DigestTeam, DigestWeek } from '../domain/digest.ts';
import { DIGEST_CHART_CID, digestEmail, digestHtml } from './digest-email.ts';

const origin = 'https://hearth.example';

function week(overrides: Partial<DigestWeek> = {}): DigestWeek {
  return {
    week: '2026-W49',
    timeZone: 'Europe/Berlin',
    monday: '2026-11-30',
    sunday: '2026-12-06',
    builtAt: '2026-12-07T05:00:00.000Z',
    numbers: { posts: 12, votes: 1250, comments: 30, activeCustomers: 40, companies: 9 },
    previous: { posts: 10, votes: 1250, comments: 0, activeCustomers: 50, companies: 9 },
    days: [
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ].map((day, i) => ({ day, posts: i, votes: i * 3, comments: i * 2 })),
    topNewIdeas: [
      {
        postId: 'p-new',
        title: 'Bulk export',
        boardSlug: 'ideas',
        kind: 'idea',
        status: 'open',
        votes: 7,
        weekVotes: 7,
      },
    ],
    movers: [
      {
        postId: 'p-old',
        title: 'SAML sign-in',
        boardSlug: 'ideas',
        kind: 'idea',
        status: 'planned',
        votes: 1204,
        weekVotes: 31,
      },
    ],
    statusChanges: [
      {
        postId: 'p-dark',
        title: 'Dark mode',
        boardSlug: 'ideas',
        from: 'in_progress',
        to: 'shipped',
        note: 'Out in **4.2**.',
        byName: 'Grace',
        at: '2026-12-02T10:00:00.000Z',
      },
      {
        postId: 'p-sso',
        title: 'SSO',
        boardSlug: 'ideas',
        from: 'open',
        to: 'under_review',
        byName: 'Linus',
        at: '2026-12-03T10:00:00.000Z',
      },
    ],
    champions: [{ userId: 'u-cham', name: 'Chandra', accepted: 3, comments: 11 }],
    stories: {
      approved: [
        {
          postId: 'p-story',
          title: 'How Acme cut churn',
          attribution: 'Maria, Head of CS at Acme',
          quote: 'Hearth  told us what to build — and we "listened".',
          disclosure: 'Maria received a $50 gift card.',
        },
      ],
      featured: [{ postId: 'p-feat', title: 'Globex loves exports', attribution: 'Hans at Globex' }],
    },
    ...overrides,
  };
}

function letter(team: DigestTeam, overrides: Partial<DigestLetter> = {}): DigestLetter {
  return {
    week: week(),
    recipient: { name: 'Ada', email: 'ada@example.com', team },
    accounts:
      team === 'sales'
        ? [
            {
              companyId: 'c1',
              name: 'Acme Corp',
              mrr: 12400,
              owner: 'ada@example.com',
              newPosts: [{ postId: 'p-acme-new', title: 'Webhooks for invoices' }],
              votes: 4,
              votedPosts: [{ postId: 'p-old', title: 'SAML sign-in' }],
              movedForThem: [{ postId: 'p-dark', title: 'Dark mode', to: 'shipped' }],
              newlyActive: true,
              goneQuiet: false,
            },
          ]
        : [],
    accountsAreFallback: false,
    links: {
      origin,
      unsubscribeUrl: `${origin}/unsubscribe/tok.sig`,
      oneClickUrl: `${origin}/api/unsubscribe?token=tok.sig`,
      settingsUrl: `${origin}/settings`,
      archiveUrl: `${origin}/staff/digests/2026-W49`,
    },
    ...overrides,
  };
}

describe('digestEmail', () => {
  it('gives sales their accounts first: MRR, badges, what moved for them, then the week in numbers', () => {
    const mail = digestEmail(letter('sales'));
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Your accounts');
      expect(part).toContain('Acme Corp');
      expect(part).toContain('$12,400 MRR');
      expect(part).toContain('newly active');
      expect(part).not.toContain('gone quiet');
      expect(part).toContain('tell them');
      expect(part.indexOf('Your accounts')).toBeLessThan(part.indexOf('The week in numbers'));
    }
    expect(mail.html).toContain(`href="${origin}/p/p-dark"`);
    expect(mail.html).toContain(`href="${origin}/p/p-acme-new"`);
    expect(mail.text).toContain(`- Dark mode: now shipped\n  ${origin}/p/p-dark`);
    expect(mail.text).toContain('4 votes, on:');
    expect(mail.html).not.toContain('Stories cleared for use');
  });

  it('tells a rep whose accounts were all quiet so, in one line', () => {
    const mail = digestEmail(letter('sales', { accounts: [] }));
    expect(mail.text).toContain(
      'Your accounts\n-------------\n\nNone of your accounts was active this week.',
    );
    expect(mail.html).toContain('None of your accounts was active this week.');
  });

  it('tells a rep with no active account of their own that these are stand-ins, and whom to ask', () => {
    const mail = digestEmail(letter('sales', { accountsAreFallback: true }));
    for (const line of [
      'None of the accounts you own was active this week or last; these are the most valuable active ones.',
      'If you own none yet, ask an admin to set you as their owner.',
    ]) {
      expect(mail.text).toContain(line);
      expect(mail.html).toContain(line);
    }
  });

  it('gives marketing the approved quote exactly, with attribution and disclosure, and no accounts', () => {
    const mail = digestEmail(letter('marketing'));
    const quote = 'Hearth  told us what to build — and we "listened".';
    expect(mail.text).toContain(`“${quote}”`);
    expect(mail.html).toContain('“Hearth  told us what to build — and we &quot;listened&quot;.”');
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Stories cleared for use');
      expect(part).toContain('Maria, Head of CS at Acme');
      expect(part).toContain('Disclosure: Maria received a $50 gift card.');
      expect(part).toContain('Featured stories');
      expect(part).toContain('Globex loves exports');
      expect(part).toContain('Champions of the week');
      expect(part).toContain('3 accepted answers, 11 comments');
      expect(part).not.toContain('Your accounts');
      // Marketing also gets what everyone gets, after its own sections.
      expect(part.indexOf('Champions of the week')).toBeLessThan(part.indexOf('The week in numbers'));
    }
    expect(mail.html).toContain(`href="${origin}/u/u-cham"`);
    expect(mail.text).toContain(`${origin}/u/u-cham`);
  });

  it('gives product neither accounts nor stories, but the whole week', () => {
    const mail = digestEmail(letter('product'));
    for (const part of [mail.html, mail.text]) {
      expect(part).not.toContain('Your accounts');
      expect(part).not.toContain('Stories cleared for use');
      expect(part).not.toContain('Champions of the week');
      expect(part).toContain('The week in numbers');
      expect(part).toContain('Top new ideas');
      expect(part).toContain('Biggest movers');
      expect(part).toContain('+31 this week, 1,204 in all');
      expect(part).toContain('Status changes');
      expect(part).toContain('in progress → shipped, by Grace');
      expect(part).toContain('open → under review, by Linus');
      expect(part).toContain('You get this weekly digest as a member of the Product team on Hearth.');
    }
    expect(mail.html).toContain('<strong>4.2</strong>');
    expect(mail.text).toContain('Out in 4.2.');
  });

  it('shows each figure with its change against the week before', () => {
    const mail = digestEmail(letter('product'));
    expect(mail.text).toContain('1,250 (same as last week)');
    expect(mail.text).toContain('12 (+20% on last week)');
    expect(mail.text).toContain('30 (new: none last week)');
    expect(mail.text).toContain('40 (−20% on last week)');
    expect(mail.html).toContain('>+20%</td>');
  });

  it('embeds the chart by Content-ID, with alt text, and attaches the PNG', () => {
    const mail = digestEmail(letter('product'));
    const img = /<img [^>]*>/.exec(mail.html)?.[0] ?? '';
    expect(img).toContain(`src="cid:${DIGEST_CHART_CID}"`);
    expect(img).toContain('width="560"');
    expect(img).toContain('height="180"');
    const alt = /alt="([^"]*)"/.exec(img)?.[1] ?? '';
    expect(alt.length).toBeGreaterThan(10);
    expect(mail.inline).toHaveLength(1);
    const [chart] = mail.inline ?? [];
    expect(chart).toMatchObject({
      cid: DIGEST_CHART_CID,
      filename: 'activity.png',
      contentType: 'image/png',
    });
    expect(Array.from(chart!.content.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(mail.text).toContain(chart!.description);
  });

  it('sets the RFC 8058 one-click unsubscribe headers and links settings, unsubscribe and archive', () => {
    const l = letter('product');
    const mail = digestEmail(l);
    expect(mail.to).toBe('ada@example.com');
    expect(mail.headers).toEqual({
      'List-Unsubscribe': `<${l.links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    for (const url of [l.links.settingsUrl, l.links.unsubscribeUrl, l.links.archiveUrl]) {
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
  });

  it('has a one-line subject counting new posts and what shipped', () => {
    const mail = digestEmail(letter('product'));
    expect(mail.subject).toBe('Hearth weekly: 12 new posts, 1 shipped — week 49 (30 Nov – 6 Dec)');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('is HTML fit for mail: language, colour schemes, width, headings in order', () => {
    const html = digestHtml(letter('sales'));
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toMatch(/<style>[\s\S]*@media \(prefers-color-scheme: dark\)[\s\S]*<\/style>/);
    expect(html).toContain('max-width: 600px');
    const levels = [...html.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]!).toBeLessThanOrEqual(1));
  });

  it('escapes every user-written string in the HTML and sanitizes notes', () => {
    const evil = '<script>alert(1)</script>';
    const l = letter('sales', {
      recipient: { name: '<b>Ada</b>', email: 'ada@example.com', team: 'sales' },
      week: week({
        statusChanges: [
          {
            postId: 'p1',
            title: evil,
            boardSlug: 'ideas',
            from: 'open',
            to: 'planned',
            note: `Soon ${evil} <img src=x onerror=alert(1)> [x](javascript:alert(1))`,
            byName: '<img src=x onerror=alert(2)>',
            at: '2026-12-02T10:00:00.000Z',
          },
        ],
      }),
    });
    l.accounts[0]!.name = evil;
    const html = digestHtml(l);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/<[^>]*onerror/);
    expect(html).toContain('by &lt;img src=x onerror=alert(2)&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<img /g)).toHaveLength(1); // the chart only
    const marketing = digestHtml(
      letter('marketing', {
        week: week({
          champions: [{ userId: 'u"x', name: evil, accepted: 1, comments: 1 }],
          stories: {
            approved: [{ postId: 'p2', title: evil, attribution: evil, quote: evil, disclosure: evil }],
            featured: [],
          },
        }),
      }),
    );
    expect(marketing).not.toContain('<script');
    expect(marketing).toContain(`href="${origin}/u/u%22x"`);
  });

  it('keeps tags out of the text part', () => {
    for (const team of ['sales', 'marketing', 'product'] as const) {
      expect(digestEmail(letter(team)).text).not.toMatch(/<\/?[a-z][^>]*>/i);
    }
  });

  it('leaves out sections with nothing to say rather than printing empty headings', () => {
    const mail = digestEmail(
      letter('marketing', {
        week: week({
          topNewIdeas: [],
          movers: [],
          statusChanges: [],
          champions: [],
          stories: { approved: [], featured: [] },
        }),
      }),
    );
    for (const part of [mail.html, mail.text]) {
      for (const heading of [
        'Top new ideas',
        'Biggest movers',
        'Status changes',
        'Champions of the week',
        'Stories cleared for use',
        'Featured stories',
      ])
        expect(part).not.toContain(heading);
      expect(part).toContain('The week in numbers');
    }
  });
});
