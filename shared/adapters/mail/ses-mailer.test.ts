import { describe, expect, it, vi } from 'vitest';
import type { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SesMailer } from './ses-mailer.ts';

function fakeClient() {
  const send = vi.fn(async (_command: SendEmailCommand) => ({ MessageId: 'm-1' }));
  return { client: { send } as unknown as SESv2Client, send };
}

const message = {
  to: 'ada@example.com',
  subject: '[Hearth] “Dark mode” is now planned',
  text: 'text',
  html: '<p>html</p>',
  headers: { 'List-Unsubscribe': '<https://hearth.example/api/unsubscribe?token=t>' },
};

describe('SesMailer', () => {
  it('sends a simple message with the extra headers, the subject in encoded words', async () => {
    const { client, send } = fakeClient();
    await new SesMailer('Hearth <hearth@example.com>', { client, configurationSetName: 'hearth' }).send(
      message,
    );
    const input = send.mock.calls[0]?.[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'Hearth <hearth@example.com>',
      Destination: { ToAddresses: ['ada@example.com'] },
      ConfigurationSetName: 'hearth',
      Content: {
        Simple: {
          Body: { Text: { Data: 'text', Charset: 'UTF-8' }, Html: { Data: '<p>html</p>', Charset: 'UTF-8' } },
          Headers: [{ Name: 'List-Unsubscribe', Value: '<https://hearth.example/api/unsubscribe?token=t>' }],
        },
      },
    });
    const subject = input?.Content?.Simple?.Subject?.Data ?? '';
    expect(subject).toMatch(/^=\?UTF-8\?B\?[^\s]+\?=( =\?UTF-8\?B\?[^\s]+\?=)*$/);
    const decoded = subject
      .split(' ')
      .map((word) => Buffer.from(word.slice(10, -2), 'base64').toString('utf8'))
      .join('');
    expect(decoded).toBe(message.subject);
  });

  it('leaves out what is not set', async () => {
    const { client, send } = fakeClient();
    await new SesMailer('hearth@example.com', { client }).send({
      ...message,
      subject: 'plain',
      headers: undefined,
    });
    const input = send.mock.calls[0]?.[0].input;
    expect(input?.ConfigurationSetName).toBeUndefined();
    expect(input?.Content?.Simple?.Headers).toBeUndefined();
    expect(input?.Content?.Simple?.Subject?.Data).toBe('plain');
    expect(input?.Content?.Simple?.Attachments).toBeUndefined();
  });

  it('sends inline images as INLINE attachments with their Content-ID', async () => {
    const { client, send } = fakeClient();
    const content = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    await new SesMailer('hearth@example.com', { client }).send({
      ...message,
      html: '<img src="cid:activity@hearth" alt="chart">',
      inline: [
        {
          cid: 'activity@hearth',
          filename: 'activity.png',
          contentType: 'image/png',
          content,
          description: 'Daily activity',
        },
      ],
    });
    expect(send.mock.calls[0]?.[0].input.Content?.Simple?.Attachments).toEqual([
      {
        RawContent: content,
        ContentDisposition: 'INLINE',
        ContentId: 'activity@hearth',
        FileName: 'activity.png',
        ContentType: 'image/png',
        ContentTransferEncoding: 'BASE64',
        ContentDescription: 'Daily activity',
      },
    ]);
  });
});
