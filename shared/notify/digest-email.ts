/**
 * The weekly digest email: one recipient's letter as plain text and as HTML fit for mail clients
 * (table layout, inline styles, a dark-mode block, readable with images off). Sections are built once
 * and rendered twice, so the text part can never say less than the HTML part.
 */
import {
  DIGEST_TEAM_LABELS,
  weekChange,
  type DigestLetter,
  type DigestLinks,
  type DigestWeek,
  type WeekNumbers,
} from '../domain/digest.ts';
import { renderMarkdown } from '../domain/markdown.ts';
import type { EmailMessage } from '../ports/index.ts';
import { ACTIVITY_CHART_COLORS, activityChartAlt, activityChartPng } from './activity-chart.ts';
import { markdownToText } from './plain-text.ts';
import { escapeHtml as e, STATUS_EMAIL_LABELS } from './status-email.ts';

/** The chart's Content-ID; the staff preview swaps `cid:` for a data URL, since a browser cannot resolve it. */
export const DIGEST_CHART_CID = 'activity-chart@hearth';

const CHART_WIDTH = 560;
const CHART_HEIGHT = 180;

const count = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 0,
});
// The week's days are calendar dates, not instants: read and print them in UTC so no zone shifts them.
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const weekdayShort = new Intl.DateTimeFormat('en-GB', { weekday: 'short', timeZone: 'UTC' });

const COLORS = {
  text: '#1f2328',
  muted: '#59636e',
  link: '#0969da',
  border: '#d0d7de',
  page: '#f6f8fa',
  card: '#ffffff',
  badgeNew: '#1a7f37',
  badgeQuiet: '#9a6700',
};

/** One part of the letter, said twice: once for the HTML part, once for the text part. */
interface Section {
  heading: string;
  html: string;
  text: string;
}

export function digestEmail(letter: DigestLetter): EmailMessage {
  const { week, recipient, links } = letter;
  return {
    to: recipient.email,
    subject: digestSubject(week),
    text: digestText(letter),
    html: digestHtml(letter),
    headers: {
      'List-Unsubscribe': `<${links.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    inline: [
      {
        cid: DIGEST_CHART_CID,
        filename: 'activity.png',
        contentType: 'image/png',
        content: activityChartPng(week.days),
        description: activityChartAlt(week.days),
      },
    ],
  };
}

export function digestHtml(letter: DigestLetter): string {
  const { week, recipient, links } = letter;
  const title = `Hearth weekly: ${weekLabel(week)}`;
  const body = sections(letter)
    .map(
      (s) => `<tr><td class="card" style="padding: 24px 24px 8px; background: ${COLORS.card};">
<h2 style="margin: 0 0 12px; font-size: 18px; line-height: 1.3;">${e(s.heading)}</h2>
${s.html}
</td></tr>`,
    )
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${e(title)}</title>
<style>
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  @media (prefers-color-scheme: dark) {
    .page { background: #0d1117 !important; }
    .card { background: #161b22 !important; color: #e6edf3 !important; }
    .muted { color: #9198a1 !important; }
    a { color: #4493f8 !important; }
    .rule { border-color: #3d444d !important; }
  }
</style>
</head>
<body class="page" style="margin: 0; padding: 0; background: ${COLORS.page}; color: ${COLORS.text};">
<table role="presentation" class="page" width="100%" cellpadding="0" cellspacing="0" border="0" style="background: ${COLORS.page};">
<tr><td align="center" style="padding: 16px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width: 100%; max-width: 600px; font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 15px; line-height: 1.5; color: ${COLORS.text};">
<tr><td class="card" style="padding: 24px 24px 8px; background: ${COLORS.card};">
<h1 style="margin: 0 0 8px; font-size: 22px; line-height: 1.3;">${e(title)}</h1>
<p style="margin: 0 0 8px;">Hi ${e(recipient.name)}, here is what customers did on Hearth in ${e(weekLabel(week))}.</p>
</td></tr>
${body}
<tr><td class="card muted" style="padding: 16px 24px 24px; background: ${COLORS.card}; color: ${COLORS.muted}; font-size: 13px;">
<hr class="rule" style="border: none; border-top: 1px solid ${COLORS.border}; margin: 0 0 12px;">
<p style="margin: 0 0 8px;">${e(whyText(letter))}</p>
<p style="margin: 0;">${link(links.settingsUrl, 'Your settings')} · ${link(links.unsubscribeUrl, 'Unsubscribe')} · ${link(links.archiveUrl, 'This digest in the archive')}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

function digestText(letter: DigestLetter): string {
  const { week, recipient, links } = letter;
  const title = `Hearth weekly: ${weekLabel(week)}`;
  return [
    title,
    '',
    `Hi ${recipient.name}, here is what customers did on Hearth in ${weekLabel(week)}.`,
    ...sections(letter).flatMap((s) => ['', '', s.heading, '-'.repeat(s.heading.length), '', s.text]),
    '',
    '-- ',
    whyText(letter),
    `Your settings: ${links.settingsUrl}`,
    `Unsubscribe: ${links.unsubscribeUrl}`,
    `This digest in the archive: ${links.archiveUrl}`,
    '',
  ].join('\n');
}

export function digestSubject(week: DigestWeek): string {
  const shipped = week.statusChanges.filter((c) => c.to === 'shipped').length;
  const parts = [plural(week.numbers.posts, 'new post', 'new posts')];
  if (shipped > 0) parts.push(`${count.format(shipped)} shipped`);
  // A header is one line, whatever the stored week label holds.
  return `Hearth weekly: ${parts.join(', ')} — ${weekLabel(week)}`.replace(/\s+/g, ' ');
}

/** The recipient's own sections first, then what everyone gets. */
function sections(letter: DigestLetter): Section[] {
  const { week, links } = letter;
  const own: (Section | undefined)[] =
    letter.recipient.team === 'sales'
      ? [accountsSection(letter)]
      : letter.recipient.team === 'marketing'
        ? [
            storiesSection('Stories cleared for use', week.stories.approved, links),
            storiesSection('Featured stories', week.stories.featured, links),
            championsSection(week, links),
          ]
        : [];
  return [
    ...own,
    numbersSection(week),
    chartSection(week),
    topIdeasSection(week, links),
    moversSection(week, links),
    statusChangesSection(week, links),
  ].filter((s): s is Section => s !== undefined);
}

function accountsSection(letter: DigestLetter): Section {
  const { accounts, links } = letter;
  const heading = 'Your accounts';
  if (accounts.length === 0) {
    const line = 'None of your accounts was active this week.';
    return { heading, html: para(line), text: line };
  }
  const intro = letter.accountsAreFallback
    ? 'None of the accounts you own was active this week or last; these are the most valuable active ones. ' +
      'If you own none yet, ask an admin to set you as their owner.'
    : undefined;

  const html = accounts
    .map((a) => {
      const badges = [
        a.newlyActive ? badge('newly active', COLORS.badgeNew) : '',
        a.goneQuiet ? badge('gone quiet', COLORS.badgeQuiet) : '',
      ].join('');
      const parts = [
        `<h3 style="margin: 16px 0 4px; font-size: 16px;">${e(a.name)} <span class="muted" style="font-weight: normal; color: ${COLORS.muted};">${e(mrr(a.mrr))}</span>${badges}</h3>`,
      ];
      if (a.movedForThem.length > 0)
        parts.push(
          `<p style="margin: 8px 0 4px;"><strong>Moved for them</strong> (tell them):</p>`,
          list(
            a.movedForThem.map(
              (p) => `${link(postUrl(links, p.postId), p.title)} is now ${e(STATUS_EMAIL_LABELS[p.to])}`,
            ),
          ),
        );
      if (a.newPosts.length > 0)
        parts.push(
          `<p style="margin: 8px 0 4px;"><strong>New posts</strong>:</p>`,
          list(a.newPosts.map((p) => link(postUrl(links, p.postId), p.title))),
        );
      if (a.votes !== 0 || a.votedPosts.length > 0)
        parts.push(
          `<p style="margin: 8px 0 4px;"><strong>${e(plural(a.votes, 'vote', 'votes'))}</strong>${a.votedPosts.length > 0 ? ', on:' : ''}</p>`,
          a.votedPosts.length > 0
            ? list(a.votedPosts.map((p) => link(postUrl(links, p.postId), p.title)))
            : '',
        );
      return parts.join('\n');
    })
    .join('\n');

  const text = accounts
    .map((a) => {
      const badges = [a.newlyActive ? 'newly active' : '', a.goneQuiet ? 'gone quiet' : '']
        .filter(Boolean)
        .map((b) => ` [${b}]`)
        .join('');
      const lines = [`${a.name}, ${mrr(a.mrr)}${badges}`];
      if (a.movedForThem.length > 0)
        lines.push(
          'Moved for them (tell them):',
          ...a.movedForThem.map((p) =>
            textItem(`${p.title}: now ${STATUS_EMAIL_LABELS[p.to]}`, postUrl(links, p.postId)),
          ),
        );
      if (a.newPosts.length > 0)
        lines.push('New posts:', ...a.newPosts.map((p) => textItem(p.title, postUrl(links, p.postId))));
      if (a.votes !== 0 || a.votedPosts.length > 0)
        lines.push(
          `${plural(a.votes, 'vote', 'votes')}${a.votedPosts.length > 0 ? ', on:' : ''}`,
          ...a.votedPosts.map((p) => textItem(p.title, postUrl(links, p.postId))),
        );
      return lines.join('\n');
    })
    .join('\n\n');

  return {
    heading,
    html: (intro ? para(intro) : '') + html,
    text: (intro ? `${intro}\n\n` : '') + text,
  };
}

function storiesSection(
  heading: string,
  stories: DigestWeek['stories']['approved'],
  links: DigestLinks,
): Section | undefined {
  if (stories.length === 0) return undefined;
  // The quote goes out exactly as approved: rendered as text, never as markdown, never trimmed.
  const html = stories
    .map(
      (s) => `<div style="margin: 0 0 16px;">
${
  s.quote !== undefined
    ? `<blockquote style="margin: 0 0 4px; padding: 0 0 0 12px; border-left: 3px solid ${COLORS.border}; white-space: pre-wrap;">“${e(s.quote)}”</blockquote>`
    : ''
}<p style="margin: 0;">— ${e(s.attribution)}, on ${link(postUrl(links, s.postId), s.title)}</p>
${s.disclosure ? `<p class="muted" style="margin: 4px 0 0; font-size: 13px; color: ${COLORS.muted};">Disclosure: ${e(s.disclosure)}</p>` : ''}
</div>`,
    )
    .join('\n');
  const text = stories
    .map((s) =>
      [
        ...(s.quote !== undefined ? [`“${s.quote}”`] : []),
        `— ${s.attribution}, on “${s.title}”`,
        ...(s.disclosure ? [`Disclosure: ${s.disclosure}`] : []),
        postUrl(links, s.postId),
      ].join('\n'),
    )
    .join('\n\n');
  return { heading, html, text };
}

function championsSection(week: DigestWeek, links: DigestLinks): Section | undefined {
  if (week.champions.length === 0) return undefined;
  const what = (c: DigestWeek['champions'][number]) =>
    `${plural(c.accepted, 'accepted answer', 'accepted answers')}, ${plural(c.comments, 'comment', 'comments')}`;
  return {
    heading: 'Champions of the week',
    html: list(week.champions.map((c) => `${link(userUrl(links, c.userId), c.name)}: ${e(what(c))}`)),
    text: week.champions.map((c) => textItem(`${c.name}: ${what(c)}`, userUrl(links, c.userId))).join('\n'),
  };
}

const NUMBER_ROWS: [keyof WeekNumbers, string][] = [
  ['posts', 'Posts'],
  ['votes', 'Votes'],
  ['comments', 'Comments'],
  ['activeCustomers', 'Active customers'],
  ['companies', 'Companies'],
];

function numbersSection(week: DigestWeek): Section {
  const rows = NUMBER_ROWS.map(([key, label]) => ({
    label,
    value: count.format(week.numbers[key]),
    change: weekChange(week.numbers[key], week.previous[key]),
  }));
  const cell = `padding: 4px 12px 4px 0; border-bottom: 1px solid ${COLORS.border};`;
  const html = `<table class="rule" cellpadding="0" cellspacing="0" border="0" style="border-collapse: collapse; margin: 0 0 16px;">
<thead><tr><td style="${cell}"></td><th scope="col" style="${cell} text-align: right;">This week</th><th scope="col" style="${cell} text-align: right;">Against last week</th></tr></thead>
<tbody>
${rows
  .map(
    (r) =>
      `<tr><th scope="row" style="${cell} text-align: left; font-weight: normal;">${e(r.label)}</th><td style="${cell} text-align: right;"><strong>${e(r.value)}</strong></td><td style="${cell} text-align: right;">${e(r.change)}</td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`;
  const width = Math.max(...rows.map((r) => r.label.length)) + 2;
  const text = rows
    .map((r) => `${`${r.label}:`.padEnd(width)}${r.value} (${changePhrase(r.change)})`)
    .join('\n');
  return { heading: 'The week in numbers', html, text };
}

/** weekChange's word, as a sentence reads it: "+20% on last week", "same as last week". */
function changePhrase(change: string): string {
  if (change === 'same') return 'same as last week';
  if (change === 'new') return 'new: none last week';
  return `${change} on last week`;
}

function chartSection(week: DigestWeek): Section | undefined {
  if (week.days.length === 0) return undefined;
  const alt = activityChartAlt(week.days);
  const legend = (
    [
      ['posts', 'Posts'],
      ['votes', 'Votes'],
      ['comments', 'Comments'],
    ] as const
  )
    .map(
      ([key, label]) =>
        `<span style="display: inline-block; margin: 0 16px 0 0; white-space: nowrap;"><span style="display: inline-block; width: 10px; height: 10px; border-radius: 2px; background: ${e(ACTIVITY_CHART_COLORS[key])}; vertical-align: middle;"></span> ${label}</span>`,
    )
    .join('');
  return {
    heading: 'Day by day',
    html: `<img src="cid:${DIGEST_CHART_CID}" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" alt="${e(alt)}" style="display: block; width: 100%; max-width: ${CHART_WIDTH}px; height: auto; border: 0; margin: 0 0 8px;">
${dayLabels(week)}
<p style="margin: 0 0 16px; font-size: 13px;">${legend}</p>`,
    text: alt,
  };
}

/** The PNG carries no text: the days under its bar groups are HTML, in step with its 8px side padding. */
function dayLabels(week: DigestWeek): string {
  const cells = week.days
    .map(
      (d) =>
        `<td align="center" class="muted" style="padding: 0; font-size: 12px; color: ${COLORS.muted};">${e(weekdayOf(d.day))}</td>`,
    )
    .join('');
  return `<table role="presentation" width="${CHART_WIDTH}" cellpadding="0" cellspacing="0" border="0" style="width: 100%; max-width: ${CHART_WIDTH}px; margin: 0 0 8px;">
<tr><td style="padding: 0 8px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="table-layout: fixed;"><tr>${cells}</tr></table></td></tr>
</table>`;
}

function topIdeasSection(week: DigestWeek, links: DigestLinks): Section | undefined {
  if (week.topNewIdeas.length === 0) return undefined;
  const what = (p: DigestWeek['topNewIdeas'][number]) => plural(p.votes, 'vote', 'votes');
  return {
    heading: 'Top new ideas',
    html: list(week.topNewIdeas.map((p) => `${link(postUrl(links, p.postId), p.title)}: ${e(what(p))}`)),
    text: week.topNewIdeas
      .map((p) => textItem(`${p.title}: ${what(p)}`, postUrl(links, p.postId)))
      .join('\n'),
  };
}

function moversSection(week: DigestWeek, links: DigestLinks): Section | undefined {
  if (week.movers.length === 0) return undefined;
  const what = (p: DigestWeek['movers'][number]) =>
    `${signed(p.weekVotes)} this week, ${count.format(p.votes)} in all`;
  return {
    heading: 'Biggest movers',
    html: list(week.movers.map((p) => `${link(postUrl(links, p.postId), p.title)}: ${e(what(p))}`)),
    text: week.movers.map((p) => textItem(`${p.title}: ${what(p)}`, postUrl(links, p.postId))).join('\n'),
  };
}

function statusChangesSection(week: DigestWeek, links: DigestLinks): Section | undefined {
  if (week.statusChanges.length === 0) return undefined;
  const move = (c: DigestWeek['statusChanges'][number]) =>
    `${STATUS_EMAIL_LABELS[c.from]} → ${STATUS_EMAIL_LABELS[c.to]}, by ${c.byName}`;
  const note = (c: DigestWeek['statusChanges'][number]) =>
    c.note?.trim() ? c.note.trim().replace(/\r\n?/g, '\n') : undefined;
  return {
    heading: 'Status changes',
    html: list(
      week.statusChanges.map((c) => {
        const n = note(c);
        return `${link(postUrl(links, c.postId), c.title)}: ${e(move(c))}${
          n
            ? `<blockquote style="margin: 4px 0 0; padding: 0 0 0 12px; border-left: 3px solid ${COLORS.border};">${renderMarkdown(n)}</blockquote>`
            : ''
        }`;
      }),
    ),
    text: week.statusChanges
      .map((c) => {
        const n = note(c);
        const item = textItem(`${c.title}: ${move(c)}`, postUrl(links, c.postId));
        return n ? `${item}\n${indent(markdownToText(n))}` : item;
      })
      .join('\n'),
  };
}

function whyText(letter: DigestLetter): string {
  return `You get this weekly digest as a member of the ${DIGEST_TEAM_LABELS[letter.recipient.team]} team on Hearth.`;
}

/** "week 49 (30 Nov – 6 Dec)" */
function weekLabel(week: DigestWeek): string {
  const n = /-W(\d+)$/.exec(week.week)?.[1];
  const name = n ? `week ${Number(n)}` : `week ${week.week}`;
  return `${name} (${day(week.monday)} – ${day(week.sunday)})`;
}

function day(date: string): string {
  return dayMonth.format(new Date(`${date}T00:00:00Z`));
}

function weekdayOf(date: string): string {
  return weekdayShort.format(new Date(`${date}T00:00:00Z`));
}

function mrr(value: number): string {
  return `${dollars.format(value)} MRR`;
}

function plural(n: number, one: string, many: string): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

function signed(n: number): string {
  return n > 0 ? `+${count.format(n)}` : n < 0 ? `−${count.format(-n)}` : '0';
}

function postUrl(links: DigestLinks, postId: string): string {
  return `${links.origin}/p/${encodeURIComponent(postId)}`;
}

function userUrl(links: DigestLinks, userId: string): string {
  return `${links.origin}/u/${encodeURIComponent(userId)}`;
}

function link(href: string, text: string): string {
  return `<a href="${e(href)}" style="color: ${COLORS.link};">${e(text)}</a>`;
}

function para(text: string): string {
  return `<p style="margin: 0 0 12px;">${e(text)}</p>`;
}

/** Items are HTML already (escaped by their makers). */
function list(items: string[]): string {
  return `<ul style="margin: 0 0 16px; padding: 0 0 0 20px;">
${items.map((i) => `<li style="margin: 0 0 6px;">${i}</li>`).join('\n')}
</ul>`;
}

function badge(label: string, color: string): string {
  return ` <span style="display: inline-block; padding: 0 6px; border: 1px solid ${color}; border-radius: 10px; color: ${color}; font-size: 12px; font-weight: normal;">${e(label)}</span>`;
}

function textItem(line: string, url: string): string {
  return `- ${line}\n  ${url}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `    ${l}` : l))
    .join('\n');
}
