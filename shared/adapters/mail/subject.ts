import { encodeWord } from 'nodemailer/lib/mime-funcs';

export function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}

/**
 * A subject as a header may carry it. SES documents the subject as 7-bit ASCII only, and nodemailer
 * would turn line breaks into spaces: RFC 2047 encoded words keep any subject exactly, and cannot smuggle
 * in headers of their own. Each word is short enough (52 characters) to sit on a folded line.
 */
export function encodeSubject(subject: string): string {
  return isPrintableAscii(subject) ? subject : encodeWord(subject, 'B', 52);
}
