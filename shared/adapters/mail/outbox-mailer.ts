/**
 * The local mailer: each message becomes an RFC 5322 .eml file in a directory, readable by any mail
 * client and by the local mailbox page (listOutbox). Nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, EmailMessage, Mailer } from '../../ports/index.ts';
import { formatEml, parseEml, type Eml } from './eml.ts';

export interface OutboxEntry extends Eml {
  /** The file name inside the outbox directory. */
  file: string;
}

export class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async send(message: EmailMessage): Promise<void> {
    const now = this.clock.now();
    const eml = await formatEml(message, this.from, now);
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
    files.map(async (file) => ({ file, ...(await parseEml(await readFile(join(dir, file), 'utf8'))) })),
  );
}
