/** Sends mail through Amazon SES (v2 API), as a simple message: SES builds the MIME itself. */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage, Mailer } from '../../ports/index.ts';
import { encodeSubject } from './subject.ts';

export interface SesMailerOptions {
  /** For SES event publishing (bounces, complaints, deliveries) to a destination of your choice. */
  configurationSetName?: string;
  client?: SESv2Client;
}

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;

  constructor(
    private readonly from: string,
    private readonly options: SesMailerOptions = {},
  ) {
    this.client = options.client ?? new SESv2Client({});
  }

  async send(message: EmailMessage): Promise<void> {
    const headers = Object.entries(message.headers ?? {}).map(([Name, Value]) => ({ Name, Value }));
    // SES puts the HTML and inline parts in multipart/related itself; the SDK base64-encodes RawContent.
    const attachments = (message.inline ?? []).map((image) => ({
      RawContent: image.content,
      ContentDisposition: 'INLINE' as const,
      ContentId: image.cid,
      FileName: image.filename,
      ContentType: image.contentType,
      ContentTransferEncoding: 'BASE64' as const,
      ...(image.description ? { ContentDescription: image.description } : {}),
    }));
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: encodeSubject(message.subject), Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
            ...(headers.length > 0 ? { Headers: headers } : {}),
            ...(attachments.length > 0 ? { Attachments: attachments } : {}),
          },
        },
        ...(this.options.configurationSetName
          ? { ConfigurationSetName: this.options.configurationSetName }
          : {}),
      }),
    );
  }
}
