/** Local mode's mailbox: what the outbox mailer wrote, for the /dev/mailbox page. */
import { listOutbox, type OutboxEntry } from '$shared/adapters/mail/outbox-mailer.ts';

export const readMailbox = (outboxDir: string): Promise<OutboxEntry[]> => listOutbox(outboxDir);
