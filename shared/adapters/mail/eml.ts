/**
 * RFC 5322 messages (.eml): composed by nodemailer, read back by postal-mime. Both are imported on first
 * use: only a local outbox needs them, and a Lambda that imports this module should not pay for them.
 */
import { randomBytes } from 'node:crypto';
import type { Address } from 'postal-mime';
import type { EmailMessage } from '../../ports/index.ts';
import { encodeSubject } from './subject.ts';

export interface Eml {
  from: string;
  to: string;
  subject: string;
  /** ISO 8601, from the Date header; empty when there is none. */
  date: string;
  text: string;
  html: string;
  /** Every header, names lowercased, values decoded. */
  headers: Record<string, string>;
  /** Parts the HTML refers to as `cid:<cid>`, e.g. the digest's chart. */
  inline: {
    cid: string;
    contentType: string;
    filename: string;
    /** Base64. */
    content: string;
  }[];
}

export async function formatEml(message: EmailMessage, from: string, date: Date): Promise<string> {
  // nodemailer would quietly drop line breaks from an address; a message to a mangled address is a bug.
  for (const address of [from, message.to])
    if (/[\r\n]/.test(address)) throw new Error(`Invalid email address: ${JSON.stringify(address)}`);
  // A Content-ID is a header value in angle brackets: these would end it early or break the line.
  for (const { cid } of message.inline ?? [])
    if (!cid || /[\s<>]/.test(cid)) throw new Error(`Invalid Content-ID: ${JSON.stringify(cid)}`);
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'hearth.local';
  // MailComposer is what nodemailer's stream transport runs, without the transports in every bundle.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const eml = await new MailComposer({
    from,
    to: message.to,
    subject: encodeSubject(message.subject),
    text: message.text,
    html: message.html,
    headers: message.headers ?? {},
    // With a cid, nodemailer puts the HTML and its images in multipart/related, as clients expect.
    attachments: (message.inline ?? []).map((image) => ({
      cid: image.cid,
      filename: image.filename,
      contentType: image.contentType,
      content: Buffer.from(image.content),
      contentDisposition: 'inline' as const,
      contentTransferEncoding: 'base64' as const,
      ...(image.description
        ? { headers: { 'Content-Description': image.description.replace(/\s+/g, ' ') } }
        : {}),
    })),
    date,
    // The form the outbox has always written; nodemailer's own IDs are UUID-like.
    messageId: `<${randomBytes(16).toString('hex')}@${domain}>`,
    // "=_" never occurs in quoted-printable or base64, so no body can contain the boundary (RFC 2045).
    boundaryPrefix: 'hearth',
    baseBoundary: `=_${randomBytes(12).toString('hex')}`,
    // Quoted-printable keeps lines short and protects trailing spaces, yet stays readable as plain text.
    encoding: 'quoted-printable',
    newline: 'windows',
  })
    .compile()
    .build();
  return eml.toString('utf8');
}

export async function parseEml(eml: string): Promise<Eml> {
  const { default: PostalMime, decodeWords } = await import('postal-mime');
  const email = await PostalMime.parse(eml, { attachmentEncoding: 'base64' });
  const date = Date.parse(email.date ?? '');
  return {
    from: email.from ? formatAddress(email.from) : '',
    to: (email.to ?? []).map(formatAddress).join(', '),
    subject: email.subject ?? '',
    date: Number.isNaN(date) ? '' : new Date(date).toISOString(),
    text: withoutBoundaryBreak(email.text),
    html: withoutBoundaryBreak(email.html),
    headers: Object.fromEntries(email.headers.map(({ key, value }) => [key, decodeWords(value)])),
    inline: email.attachments.flatMap((part) =>
      part.contentId && typeof part.content === 'string'
        ? [
            {
              cid: part.contentId.replace(/^<|>$/g, ''),
              contentType: part.mimeType,
              filename: part.filename ?? '',
              content: part.content,
            },
          ]
        : [],
    ),
  };
}

function formatAddress(address: Address): string {
  if (address.group) return address.group.map(formatAddress).join(', ');
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/** postal-mime keeps the line break before a part's boundary, which RFC 2046 counts as the boundary's. */
function withoutBoundaryBreak(body = ''): string {
  return body.replace(/\r?\n$/, '');
}
