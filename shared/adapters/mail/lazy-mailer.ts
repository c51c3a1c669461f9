/**
 * A Mailer whose real adapter is imported by its first send. The adapters pull in the SES client or
 * nodemailer, and most requests a cold function serves send no mail; callers still get a Mailer at once.
 */
import type { EmailMessage, Mailer } from '../../ports/index.ts';
import { lazily } from '../../runtime/lazy.ts';

export function lazyMailer(load: () => Promise<Mailer>): Mailer {
  const mailer = lazily(load);
  return { send: async (message: EmailMessage) => (await mailer()).send(message) };
}
