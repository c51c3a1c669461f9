/**
 * A rendered digest as the staff pages show it: the email's HTML goes into a sandboxed frame, where
 * `cid:` images point nowhere, so the chart travels inside the HTML as a data: URI; and only what the
 * page prints leaves the server (the week's lists are in the email already).
 */
import { DIGEST_TEAM_LABELS, type DigestWeek } from '$shared/domain/digest.ts';
import type { DigestRendering, DigestRecipient } from '$shared/services/digest/digest-service.ts';
import { inlineImagesAsDataUris } from './inline-images.ts';

export interface RecipientOption {
  key: string;
  label: string;
}

/** "Riley from Sales <riley@…> · Sales": names alone repeat, and the team says which letter it is. */
export function recipientOption(r: DigestRecipient): RecipientOption {
  const named = r.name && r.name !== r.email ? `${r.name} <${r.email}>` : r.email;
  return { key: r.key, label: `${named} · ${DIGEST_TEAM_LABELS[r.team]}` };
}

/** The week's heading facts, for the page and the archive list. */
export function weekSummary(week: Pick<DigestWeek, 'week' | 'monday' | 'sunday' | 'numbers'>) {
  return { week: week.week, monday: week.monday, sunday: week.sunday, numbers: week.numbers };
}

export function digestView(rendering: DigestRendering) {
  const { message, recipient, recipients } = rendering;
  const parts = (message.inline ?? []).map((p) => ({
    cid: p.cid,
    contentType: p.contentType,
    content: Buffer.from(p.content).toString('base64'),
  }));
  // The viewer's own letter (a staff member with no team) is not in the list; the select still shows it.
  const options = recipients.some((r) => r.key === recipient.key) ? recipients : [recipient, ...recipients];
  return {
    week: weekSummary(rendering.week),
    empty: rendering.empty,
    recipient: recipientOption(recipient),
    recipients: options.map(recipientOption),
    subject: message.subject,
    to: message.to,
    html: inlineImagesAsDataUris(message.html, parts),
  };
}
