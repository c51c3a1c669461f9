/** The sign-in email. It says nothing about whether an account exists: everyone gets the same text. */
import type { EmailMessage } from '../ports/index.ts';
import { escapeHtml } from './status-email.ts';

export function magicLinkEmail({
  to,
  link,
  minutes,
}: {
  to: string;
  link: string;
  minutes: number;
}): EmailMessage {
  const text = [
    'Sign in to Hearth by opening this link:',
    '',
    link,
    '',
    `It works once, for ${minutes} minutes. If you did not ask to sign in, ignore this email: nothing happens.`,
  ].join('\n');
  const html = `<p>Sign in to Hearth:</p>
<p><a href="${escapeHtml(link)}">Sign in</a></p>
<p>The link works once, for ${minutes} minutes. If you did not ask to sign in, ignore this email: nothing happens.</p>`;
  return { to, subject: 'Your Hearth sign-in link', text, html };
}
