/**
 * Local mode only: the emails Hearth "sent", read from the outbox directory the local mailer writes
 * (.eml files), newest first. Outside local mode this page does not exist (404).
 */
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { inlineImagesAsDataUris } from '$lib/server/inline-images.ts';
import { readMailbox } from '$lib/server/mailbox.ts';
import { runtime } from '$lib/server/runtime.ts';

const SHOWN = 100;

export const load: PageServerLoad = async ({ depends }) => {
  const { config } = runtime();
  if (!config.localMode || !config.outboxDir) error(404, 'Not found');
  depends('hearth:mailbox');
  const all = await readMailbox(config.outboxDir);
  return {
    dir: config.outboxDir,
    siteUrl: config.siteUrl.replace(/\/+$/, ''),
    total: all.length,
    messages: all.slice(0, SHOWN).map((m) => ({
      file: m.file,
      from: m.from,
      to: m.to,
      subject: m.subject,
      date: m.date,
      text: m.text,
      // Shown in a frame that cannot reach the message's parts: its images travel inside the HTML.
      html: inlineImagesAsDataUris(m.html, m.inline),
      listUnsubscribe: m.headers['list-unsubscribe'] ?? null,
    })),
  };
};
