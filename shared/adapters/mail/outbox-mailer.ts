/**
 * The local mailer: each message becomes an RFC 5322 .eml file in a directory, readable by any mail
 * client and by the local mailbox page (listOutbox). Nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, EmailMessage, Mailer } from '../../ports/index.ts';

export interface OutboxEntry {
  /** The file name inside the outbox directory. */
  file: string;
  from: string;
  to: string;
  subject: string;
  /** ISO 8601, from the Date header. */
  date: string;
  text: string;
  html: string;
  /** Every header, names lowercased, values decoded. */
  headers: Record<string, string>;
}

const CRLF = '\r\n';
/** RFC 5322's recommended line length. */
const MAX_LINE = 78;

export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async send(message: EmailMessage): Promise<void> {
    const now = this.clock.now();
    const eml = formatEml(message, this.from, now);
    await mkdir(this.dir, { recursive: true });
    const name = `${now.toISOString().replace(/:/g, '-')}-${randomBytes(6).toString('hex')}.eml`;
    // Written aside and renamed, so listOutbox never reads half a message.
    const partial = join(this.dir, `.${name}.partial`);
    await writeFile(partial, eml, 'utf8');
    await rename(partial, join(this.dir, name));
  }
}

/** Newest first. An outbox that does not exist yet is empty. */
export async function listOutbox(dir: string): Promise<OutboxEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names
    .filter((name) => name.endsWith('.eml') && !name.startsWith('.'))
    .sort()
    .reverse();
  return Promise.all(
    files.map(async (file) => ({ file, ...parseEml(await readFile(join(dir, file), 'utf8')) })),
  );
}

export function formatEml(message: EmailMessage, from: string, date: Date): string {
  const boundary = `hearth-${randomBytes(12).toString('hex')}`;
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'hearth.local';
  const headers: [string, string][] = [
    ['From', encodeAddress(from, 'From: '.length)],
    ['To', encodeAddress(message.to, 'To: '.length)],
    ['Subject', encodeHeaderText(message.subject, 'Subject: '.length)],
    ['Date', rfc5322Date(date)],
    ['Message-ID', `<${randomBytes(16).toString('hex')}@${domain}>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(message.headers ?? {}).map(([name, value]): [string, string] => [
      checkHeaderName(name),
      encodeHeaderText(value, name.length + 2),
    ]),
    ['Content-Type', `multipart/alternative;${CRLF} boundary="${boundary}"`],
  ];
  const part = (type: string, body: string) =>
    [
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      'Content-Transfer-Encoding: quoted-printable',
      '',
      encodeQuotedPrintable(body),
    ].join(CRLF);
  return [
    ...headers.map(([name, value]) => `${name}: ${value}`),
    '',
    part('text/plain', message.text),
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

export function parseEml(eml: string): Omit<OutboxEntry, 'file'> {
  const { headers, body } = splitHeaders(eml);
  const type = headers['content-type'] ?? 'text/plain';
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (boundary && /^multipart\//i.test(type)) {
    const [, ...parts] = body.split(new RegExp(`^--${escapeRegExp(boundary)}(?:--)?[ \\t]*\\r?$\\n?`, 'm'));
    for (const raw of parts) {
      const part = splitHeaders(raw);
      const partType = part.headers['content-type'] ?? 'text/plain';
      const content = decodeBody(part.body, part.headers['content-transfer-encoding']);
      if (/^text\/plain/i.test(partType)) text ||= content;
      else if (/^text\/html/i.test(partType)) html ||= content;
    }
  } else {
    const content = decodeBody(body, headers['content-transfer-encoding']);
    if (/^text\/html/i.test(type)) html = content;
    else text = content;
  }
  const date = Date.parse(headers.date ?? '');
  return {
    from: headers.from ?? '',
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    date: Number.isNaN(date) ? '' : new Date(date).toISOString(),
    text,
    html,
    headers,
  };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = decodeHeaderText(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = '7bit'): string {
  const trimmed = body.replace(/\r?\n$/, '');
  let decoded: string;
  switch (encoding.trim().toLowerCase()) {
    case 'quoted-printable':
      decoded = decodeQuotedPrintable(trimmed);
      break;
    case 'base64':
      decoded = Buffer.from(trimmed.replace(/\s+/g, ''), 'base64').toString('utf8');
      break;
    default:
      decoded = trimmed;
  }
  return decoded.replace(/\r\n/g, '\n');
}

/** RFC 5322 wants a numeric zone; toUTCString gives the obsolete "GMT". */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function checkHeaderName(name: string): string {
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name))
    throw new Error(`Invalid email header name: ${JSON.stringify(name)}`);
  return name;
}

/**
 * "Name <address>": the name may be encoded, the address may not. Line breaks are refused outright, as
 * they would let a value smuggle in headers of its own.
 */
function encodeAddress(value: string, used: number): string {
  if (/[\r\n]/.test(value)) throw new Error(`Invalid email address: ${JSON.stringify(value)}`);
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(value.trim());
  if (!match || !match[1]) return value.trim();
  const name = match[1].replace(/^"(.*)"$/, '$1');
  const shown = isPrintableAscii(name)
    ? `"${name.replace(/(["\\])/g, '\\$1')}"`
    : encodeWords(name, `${CRLF} `, used);
  return `${shown} <${match[2]}>`;
}

/**
 * Printable ASCII is folded at spaces to keep lines short; anything else (non-ASCII, control characters,
 * line breaks) goes into RFC 2047 encoded words, which also makes header injection impossible.
 * `used` is how much of the first line the header's name already takes.
 */
function encodeHeaderText(value: string, used: number): string {
  if (!isPrintableAscii(value) || /=\?/.test(value)) return encodeWords(value, `${CRLF} `, used);
  return foldAtSpaces(value, used);
}

/** Folding puts a line break before a space; unfolding removes the break and keeps the space. */
function foldAtSpaces(value: string, used: number): string {
  const [first = '', ...words] = value.split(' ');
  const lines: string[] = [];
  let current = first;
  let room = MAX_LINE - used;
  for (const word of words) {
    if (current.length + 1 + word.length > room && current.trim() !== '') {
      lines.push(current);
      current = ` ${word}`;
      room = MAX_LINE;
    } else {
      current += ` ${word}`;
    }
  }
  lines.push(current);
  return lines.join(CRLF);
}

export function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/**
 * RFC 2047 encoded words, split between characters, each sized to fit its line (76 characters at most,
 * `used` of the first already taken). By default they are folded onto continuation lines; a separator
 * of ' ' keeps them on one line for APIs that fold themselves.
 */
export function encodeWords(value: string, separator = `${CRLF} `, used = 0): string {
  const overhead = '=?UTF-8?B??='.length;
  const bytesFor = (room: number) => Math.max(3, Math.floor((room - overhead) / 4) * 3);
  const words: string[] = [];
  let limit = bytesFor(76 - used);
  let chunk = '';
  for (const char of value) {
    if (chunk && Buffer.byteLength(chunk + char, 'utf8') > limit) {
      words.push(chunk);
      chunk = '';
      limit = bytesFor(76 - 1);
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`).join(separator);
}

function decodeHeaderText(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_word, _charset: string, encoding: string, data: string) =>
        encoding.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}

/** RFC 2045: lines of at most 76 characters, line breaks as CRLF, UTF-8 bytes above 126 as =XX. */
export function encodeQuotedPrintable(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const bytes = Buffer.from(line, 'utf8');
      const out: string[] = [];
      let current = '';
      bytes.forEach((byte, i) => {
        const last = i === bytes.length - 1;
        // Trailing spaces would be stripped in transit, so a line's last space or tab is encoded.
        const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
        const token = literal
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (current.length + token.length > 75) {
          out.push(`${current}=`);
          current = '';
        }
        current += token;
      });
      out.push(current);
      return out.join(CRLF);
    })
    .join(CRLF);
}

export function decodeQuotedPrintable(encoded: string): string {
  const joined = encoded.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined[i] === '=' ? joined.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
