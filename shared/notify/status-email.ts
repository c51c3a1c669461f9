/** The email followers get when a post's status changes. */
import type { PostStatusChanged } from '../domain/events.ts';
import type { PostStatus, User } from '../domain/types.ts';
import type { EmailMessage } from '../ports/index.ts';
import { renderMarkdown } from '../domain/markdown.ts';
import { markdownToText } from './plain-text.ts';

export const STATUS_EMAIL_LABELS: Record<PostStatus, string> = {
  open: 'open',
  under_review: 'under review',
  planned: 'planned',
  in_progress: 'in progress',
  shipped: 'shipped',
  declined: 'declined',
  merged: 'merged',
};

export interface StatusEmailInput {
  event: PostStatusChanged;
  recipient: User;
  postUrl: string;
  /** A page that confirms before unsubscribing, for people. */
  unsubscribeUrl: string;
  /** The RFC 8058 endpoint that mail clients POST to, without asking anyone. */
  oneClickUrl: string;
  /** For a customer whose idea shipped: the story form, prefilled from the post. */
  storyInviteUrl?: string;
}

export function statusChangeEmail({
  event,
  recipient,
  postUrl,
  unsubscribeUrl,
  oneClickUrl,
  storyInviteUrl,
}: StatusEmailInput): EmailMessage {
  const { title, from, to, note, byName } = event.detail;
  const toLabel = STATUS_EMAIL_LABELS[to];
  const fromLabel = STATUS_EMAIL_LABELS[from];
  // A subject is one line: a title with line breaks would otherwise break it (or the header) apart.
  const oneLineTitle = title.replace(/\s+/g, ' ').trim();
  const noteText = note?.trim() ? note.trim().replace(/\r\n?/g, '\n') : undefined;

  const text = [
    `Hi ${recipient.name},`,
    '',
    `${byName} moved “${oneLineTitle}” from ${fromLabel} to ${toLabel}.`,
    ...(noteText ? ['', `Note from ${byName}:`, '', markdownToText(noteText)] : []),
    '',
    `View the post: ${postUrl}`,
    ...(storyInviteUrl
      ? ['', 'Has it made a difference for you? Tell us in a few lines:', storyInviteUrl]
      : []),
    '',
    '-- ',
    'You get this email because you follow this post on Hearth.',
    `Unsubscribe from it: ${unsubscribeUrl}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(`“${oneLineTitle}” is now ${toLabel}`)}</title></head>
<body style="font-family: system-ui, -apple-system, Segoe UI, sans-serif; color: #1f2328; line-height: 1.5;">
<p>Hi ${e(recipient.name)},</p>
<p>${e(byName)} moved <a href="${e(postUrl)}">“${e(oneLineTitle)}”</a> from <strong>${e(fromLabel)}</strong> to <strong>${e(toLabel)}</strong>.</p>
${
  noteText
    ? `<p>Note from ${e(byName)}:</p>
<blockquote style="margin: 0 0 1em; padding: 0 1em; border-left: 3px solid #d0d7de;">${renderMarkdown(noteText)}</blockquote>
`
    : ''
}<p><a href="${e(postUrl)}">View the post</a></p>
${
  storyInviteUrl
    ? `<p>Has it made a difference for you? <a href="${e(storyInviteUrl)}">Share your story</a> in a few lines.</p>
`
    : ''
}
<hr style="border: none; border-top: 1px solid #d0d7de;">
<p style="font-size: 0.85em; color: #59636e;">You get this email because you follow this post on Hearth. <a href="${e(unsubscribeUrl)}">Unsubscribe from it</a>.</p>
</body>
</html>
`;

  return {
    to: recipient.email,
    subject: `[Hearth] “${oneLineTitle}” is now ${toLabel}`,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
