/**
 * The email that carries a person's pending notifications: one email for a batch (or a day), the lines
 * grouped by post, with one-click unsubscribe (RFC 8058) for the kinds it carries and a link to the
 * preferences.
 */
import type { NotificationKind, PendingMail } from '../domain/notifications.ts';
import type { User } from '../domain/types.ts';
import type { EmailMessage } from '../ports/index.ts';
import { escapeHtml } from './status-email.ts';

export interface ActivityEmailInput {
  recipient: User;
  lines: readonly PendingMail[];
  /** `daily`: the daily summary; `now`: a batch. */
  queue: 'now' | 'daily';
  /** Links to a post: `${origin}/p/<id>`. */
  origin: string;
  /** The preferences form. */
  preferencesUrl: string;
  /** The RFC 8058 endpoint mail clients POST to: turns these kinds' email off. */
  oneClickUrl: string;
}

/** One line, as the person reads it. */
export function describe(line: Pick<PendingMail, 'kind' | 'actorName' | 'commentId'>): string {
  const who = line.actorName;
  const what: Record<NotificationKind, string> = {
    mention: `${who} mentioned you`,
    reply: `${who} replied to your comment`,
    accepted: `${who} accepted your answer`,
    comment: `${who} commented`,
    followed: line.commentId ? `${who} accepted an answer` : `${who} merged this post`,
    status: `${who} changed the status`,
    moderation: 'A message from the moderators',
  };
  return what[line.kind];
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

export function activityEmail(input: ActivityEmailInput): EmailMessage {
  const { recipient, lines, queue, origin, preferencesUrl, oneClickUrl } = input;
  const byPost = new Map<string, PendingMail[]>();
  for (const line of [...lines].sort((a, b) => a.at.localeCompare(b.at))) {
    byPost.set(line.postId, [...(byPost.get(line.postId) ?? []), line]);
  }
  // A moderators' notice about the person's account (a sanction) has no post: it links to the account.
  const postUrl = (postId: string) =>
    postId ? `${origin}/p/${encodeURIComponent(postId)}` : `${origin}/account`;
  const groupTitle = (group: readonly PendingMail[]) =>
    group[0]?.postId ? `“${oneLine(group[0].postTitle)}”` : 'Your account';
  const lineUrl = (line: PendingMail) =>
    `${postUrl(line.postId)}${line.commentId ? `#comment-${encodeURIComponent(line.commentId)}` : ''}`;
  const first = lines[0];
  const subject =
    queue === 'daily'
      ? `[Hearth] Your daily summary: ${lines.length} notification${lines.length === 1 ? '' : 's'}`
      : lines.length === 1 && first
        ? first.kind === 'moderation'
          ? `[Hearth] ${describe(first)}`
          : `[Hearth] ${describe(first)} on “${oneLine(first.postTitle)}”`
        : `[Hearth] ${lines.length} new notifications on ${byPost.size} post${byPost.size === 1 ? '' : 's'}`;

  const text = [
    `Hi ${recipient.name},`,
    '',
    queue === 'daily' ? 'Here is what happened today:' : 'Here is what happened:',
    ...[...byPost.values()].flatMap((group) => [
      '',
      `${groupTitle(group)} ${postUrl(group[0]?.postId ?? '')}`,
      ...group.flatMap((line) => [
        `- ${describe(line)}${line.excerpt ? `: ${line.excerpt}` : ''}`,
        ...(line.commentId ? [`  ${lineUrl(line)}`] : []),
        ...(line.storyInviteUrl
          ? [`  Has it made a difference for you? Share your story: ${line.storyInviteUrl}`]
          : []),
      ]),
    ]),
    '',
    '-- ',
    'You get this email because of your notification preferences on Hearth.',
    `Change them, or turn these emails off: ${preferencesUrl}`,
    '',
  ].join('\n');

  const e = escapeHtml;
  const groups = [...byPost.values()]
    .map(
      (
        group,
      ) => `<h2 style="font-size: 1.05em; margin: 1.2em 0 0.3em;"><a href="${e(postUrl(group[0]?.postId ?? ''))}">${e(groupTitle(group))}</a></h2>
<ul style="margin: 0; padding-left: 1.2em;">
${group
  .map(
    (line) =>
      `<li><a href="${e(lineUrl(line))}">${e(describe(line))}</a>${line.excerpt ? `: ${e(line.excerpt)}` : ''}${
        line.storyInviteUrl
          ? ` Has it made a difference for you? <a href="${e(line.storyInviteUrl)}">Share your story</a>.`
          : ''
      }</li>`,
  )
  .join('\n')}
</ul>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(subject.replace(/^\[Hearth\] /, ''))}</title></head>
<body style="font-family: system-ui, -apple-system, Segoe UI, sans-serif; color: #1f2328; line-height: 1.5;">
<p>Hi ${e(recipient.name)},</p>
<p>${queue === 'daily' ? 'Here is what happened today:' : 'Here is what happened:'}</p>
${groups}
<hr style="border: none; border-top: 1px solid #d0d7de; margin-top: 1.5em;">
<p style="font-size: 0.85em; color: #59636e;">You get this email because of your notification preferences on Hearth. <a href="${e(preferencesUrl)}">Change them, or turn these emails off</a>.</p>
</body>
</html>
`;
  return {
    to: recipient.email,
    subject,
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
