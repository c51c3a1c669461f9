/**
 * The local mailbox shows an email's inline images (the digest's activity chart): the HTML's `cid:`
 * references become data: URIs, which the page's CSP allows inside the sandboxed frame.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startLocalStack, type LocalStack } from '../../infra/local/stack.ts';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.ts';
import { activityChartAlt, activityChartPng } from '../../shared/notify/activity-chart.ts';
import { launchChromium, mailboxMessage } from '../setup/browser.ts';

let stack: LocalStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0 });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const days = [
  '2026-11-30',
  '2026-12-01',
  '2026-12-02',
  '2026-12-03',
  '2026-12-04',
  '2026-12-05',
  '2026-12-06',
].map((day, i) => ({ day, posts: i % 3, votes: 2 * i, comments: i % 2 }));

describe('the local mailbox', () => {
  it('shows an email’s inline chart, under the page’s CSP', async () => {
    const subject = `Your week, with a chart ${Date.now()}`;
    await new OutboxMailer(stack.outboxDir, 'Hearth <hearth@example.com>').send({
      to: 'ada@example.com',
      subject,
      text: 'See the HTML version for the chart.',
      html: `<p><img src="cid:activity@hearth" alt="${activityChartAlt(days)}" width="560" height="180"></p>`,
      inline: [
        {
          cid: 'activity@hearth',
          filename: 'activity.png',
          contentType: 'image/png',
          content: activityChartPng(days),
        },
      ],
    });

    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(message.text());
    });
    const message = await mailboxMessage(page, stack.url, { subject });
    await message.locator('summary', { hasText: 'HTML version' }).click();
    const image = message.frameLocator('iframe').getByRole('img', { name: /^Daily activity, Mon 30 Nov/ });
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), {
        timeout: 30_000,
      })
      .toBe(1120);
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(violations).toEqual([]);
    await page.close();
  });
});
