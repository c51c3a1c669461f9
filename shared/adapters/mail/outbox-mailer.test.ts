import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listOutbox, OutboxMailer } from './outbox-mailer.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'hearth-outbox-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const at = (iso: string) => ({ now: () => new Date(iso) });

describe('OutboxMailer', () => {
  it('writes a message that listOutbox reads back, non-ASCII included', async () => {
    const outbox = join(dir, 'not-yet-there');
    const mailer = new OutboxMailer(outbox, 'Hearth <hearth@example.com>', at('2026-11-23T10:00:00.000Z'));
    const subject = '[Hearth] “Café au lait — 日本語 support” is now in progress, with a rather long tail 🎉';
    const text = `Grüße, Zoë!\nA line that is long enough to need soft line breaks in quoted-printable: ${'ä'.repeat(60)}\nTrailing space \n=equals=`;
    await mailer.send({
      to: 'zoë <zoe@example.com>',
      subject,
      text,
      html: '<p>Grüße, <b>Zoë</b></p>',
      headers: { 'List-Unsubscribe': '<https://hearth.example/api/unsubscribe?token=a.b>' },
    });

    const [entry, ...rest] = await listOutbox(outbox);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      file: expect.stringMatching(/^2026-11-23T10-00-00\.000Z-[0-9a-f]+\.eml$/),
      to: 'zoë <zoe@example.com>',
      subject,
      date: '2026-11-23T10:00:00.000Z',
      text,
      html: '<p>Grüße, <b>Zoë</b></p>',
    });
    expect(entry?.headers['list-unsubscribe']).toBe('<https://hearth.example/api/unsubscribe?token=a.b>');
  });

  it('writes RFC 5322: CRLF, ASCII only, short lines, the required headers', async () => {
    await new OutboxMailer(dir, 'hearth@example.com', at('2026-11-23T10:00:00.000Z')).send({
      to: 'ada@example.com',
      subject: 'Ünïcode',
      text: 'ä'.repeat(200),
      html: '<p>hi</p>',
    });
    const [file] = await readdir(dir);
    const eml = await readFile(join(dir, file!), 'utf8');
    expect(Buffer.byteLength(eml, 'utf8')).toBe(eml.length);
    expect(eml.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);
    expect(eml).toContain('Subject: =?UTF-8?B?');
    expect(eml).toContain('Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n');
    expect(eml).toMatch(/\r\nMessage-ID: <[0-9a-f]+@example\.com>\r\n/);
    expect(eml).toContain('MIME-Version: 1.0\r\n');
    expect(eml).toContain('Content-Type: multipart/alternative;\r\n boundary="hearth-');
  });

  it('writes inline images in multipart/related and reads back the same bytes and Content-ID', async () => {
    // Every byte value, so a text or line-ending mangling anywhere shows.
    const png = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
    await new OutboxMailer(dir, 'hearth@example.com', at('2026-11-23T10:00:00.000Z')).send({
      to: 'ada@example.com',
      subject: 'Your week',
      text: 'Chart: see the HTML version',
      html: '<p><img src="cid:activity@hearth" alt="Daily activity" width="560" height="180"></p>',
      inline: [
        {
          cid: 'activity@hearth',
          filename: 'activity.png',
          contentType: 'image/png',
          content: png,
          description: 'Daily activity',
        },
      ],
    });
    const [file] = await readdir(dir);
    const eml = await readFile(join(dir, file!), 'utf8');
    expect(eml).toContain('Content-Type: multipart/related;');
    expect(eml).toContain('Content-ID: <activity@hearth>');
    expect(eml).toContain('Content-Disposition: inline');
    for (const line of eml.split('\r\n')) expect(line.length).toBeLessThanOrEqual(78);

    const [entry] = await listOutbox(dir);
    expect(entry?.html).toContain('src="cid:activity@hearth"');
    expect(entry?.inline).toEqual([
      {
        cid: 'activity@hearth',
        contentType: 'image/png',
        filename: 'activity.png',
        content: Buffer.from(png).toString('base64'),
      },
    ]);
  });

  it('refuses a Content-ID that would break its header', async () => {
    const image = { filename: 'a.png', contentType: 'image/png', content: new Uint8Array(1) };
    for (const cid of ['', 'a b', 'a>\r\nBcc: eve@example.com'])
      await expect(
        new OutboxMailer(dir, 'h@example.com').send({
          to: 'a@example.com',
          subject: 's',
          text: '',
          html: '',
          inline: [{ ...image, cid }],
        }),
      ).rejects.toThrow(/Invalid Content-ID/);
  });

  it('lists newest first and treats a missing outbox as empty', async () => {
    expect(await listOutbox(join(dir, 'missing'))).toEqual([]);
    await new OutboxMailer(dir, 'h@example.com', at('2026-11-23T10:00:00.000Z')).send({
      to: 'a@example.com',
      subject: 'first',
      text: '1',
      html: '1',
    });
    await new OutboxMailer(dir, 'h@example.com', at('2026-11-23T11:00:00.000Z')).send({
      to: 'a@example.com',
      subject: 'second',
      text: '2',
      html: '2',
    });
    expect((await listOutbox(dir)).map((entry) => entry.subject)).toEqual(['second', 'first']);
  });

  it('folds a long ASCII subject and reads it back unchanged', async () => {
    const subject = `[Hearth] plain ${'word  spaced '.repeat(12)}end`;
    await new OutboxMailer(dir, 'h@example.com').send({ to: 'a@example.com', subject, text: '', html: '' });
    const [file] = await readdir(dir);
    const eml = await readFile(join(dir, file!), 'utf8');
    expect(eml).toMatch(/^Subject: \[Hearth\] plain word.*\r\n /m);
    expect((await listOutbox(dir))[0]?.subject).toBe(subject);
  });

  it('refuses header values that would inject headers', async () => {
    const mailer = new OutboxMailer(dir, 'h@example.com');
    await expect(
      mailer.send({ to: 'a@example.com\r\nBcc: eve@example.com', subject: 's', text: '', html: '' }),
    ).rejects.toThrow(/Invalid email address/);
    await mailer.send({ to: 'a@example.com', subject: 'a\r\nBcc: eve@example.com', text: '', html: '' });
    const [entry] = await listOutbox(dir);
    expect(entry?.headers.bcc).toBeUndefined();
    expect(entry?.subject).toBe('a\r\nBcc: eve@example.com');
  });
});

describe('message bodies', () => {
  it.each([
    '',
    'plain',
    'a = b',
    'tab\tend\t',
    ' lead and trail ',
    'ü'.repeat(100),
    'x'.repeat(300),
    'a\nb\n\nc',
  ])('round-trip %#, in short lines without trailing whitespace', async (text) => {
    await new OutboxMailer(dir, 'h@example.com').send({
      to: 'a@example.com',
      subject: 's',
      text,
      html: text,
    });
    const [file] = await readdir(dir);
    for (const line of (await readFile(join(dir, file!), 'utf8')).split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(76);
      expect(line).not.toMatch(/[ \t]$/);
    }
    expect((await listOutbox(dir))[0]).toMatchObject({ text, html: text });
  });
});
