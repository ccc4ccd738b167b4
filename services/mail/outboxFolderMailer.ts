import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { createTransport } from 'nodemailer';
import { DependencyError } from '../errors.ts';
import { systemClock } from '../store/documentStore.ts';
import type { Clock } from '../store/documentStore.ts';
import type { Mailer, OutgoingMail, SendResult } from './mailer.ts';
import { isMailId } from './outbox.ts';
import { composeMail } from './smtpMailer.ts';

/** `20250401T093000123Z_<mail id>.eml`: the time sorts the folder, the id makes a rewrite land on the same file. */
const OUTBOX_FILE = /^(\d{8}T\d{9}Z)_([A-Za-z0-9_.-]{1,128})\.eml$/;

/** True for a name this mailer writes; anything else (`../x`, `a/b`, `.tmp`) is never opened. */
export function isOutboxFile(file: string): boolean {
  const match = OUTBOX_FILE.exec(file);
  return match !== null && isMailId(match[2]!);
}

/** Optional sender and clock (the clock names the files and dates the mails). */
export interface OutboxFolderMailerOptions {
  /** The From address of the written mails (MAIL_FROM when set). */
  from?: string;
  clock?: Clock;
}

/**
 * The local default transport: each mail becomes an RFC 822 `.eml` file in DATA_DIR/outbox (built by nodemailer
 * exactly as SMTP would send it), listed at /dev/mailbox so a person trying the bot can open its one-time link.
 */
export class OutboxFolderMailer implements Mailer {
  private readonly transport = createTransport({ streamTransport: true, buffer: true });
  private readonly from: string;
  private readonly clock: Clock;

  constructor(
    private readonly dir: string,
    options: OutboxFolderMailerOptions = {},
  ) {
    this.from = options.from ?? 'certificate-support-bot@localhost';
    this.clock = options.clock ?? systemClock;
  }

  /** Writes (or, for an id written before, rewrites) the mail's file; the response names the file. */
  async send(mail: OutgoingMail): Promise<SendResult> {
    const now = this.clock();
    const { message } = await this.transport.sendMail(composeMail(mail, this.from, now));
    if (!Buffer.isBuffer(message)) throw new Error('nodemailer did not buffer the message');
    await mkdir(this.dir, { recursive: true });
    const file = (await this.fileOf(mail.id)) ?? `${now.toISOString().replace(/[-:.]/g, '')}_${mail.id}.eml`;
    // Written aside and renamed: a reader never sees half a mail.
    const temporary = path.join(this.dir, `.${randomUUID()}.tmp`);
    await writeFile(temporary, message);
    await rename(temporary, path.join(this.dir, file));
    return { response: `written ${file}` };
  }

  async verify(): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      await access(this.dir, constants.W_OK);
    } catch (error) {
      throw new DependencyError('mail', `the outbox folder ${this.dir} is not writable`, { cause: error });
    }
  }

  private async fileOf(id: string): Promise<string | undefined> {
    return (await readdir(this.dir)).find((file) => OUTBOX_FILE.exec(file)?.[2] === id);
  }
}

/** A mail in the outbox folder, as the dev mailbox lists it. */
export interface OutboxEntry {
  file: string;
  to: string;
  subject: string;
  date: Date | undefined;
}

/** The newest `limit` mails of the folder (none when it does not exist yet). */
export async function listOutbox(dir: string, limit: number): Promise<OutboxEntry[]> {
  const files = await readdir(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  const newest = files.filter(isOutboxFile).sort().reverse().slice(0, limit);
  const entries: OutboxEntry[] = [];
  for (const file of newest) {
    const mail = await parse(dir, file);
    if (mail) entries.push({ file, to: addressText(mail.to), subject: mail.subject ?? '', date: mail.date });
  }
  return entries;
}

/** One mail of the folder, or undefined when there is none by that name. A name not written by this mailer throws. */
export async function readOutboxMail(
  dir: string,
  file: string,
): Promise<(Omit<OutboxEntry, 'file'> & { text: string }) | undefined> {
  if (!isOutboxFile(file)) throw new RangeError('not an outbox file name');
  const mail = await parse(dir, file);
  return mail && { to: addressText(mail.to), subject: mail.subject ?? '', date: mail.date, text: mail.text ?? '' };
}

async function parse(dir: string, file: string): Promise<ParsedMail | undefined> {
  const raw = await readFile(path.join(dir, file)).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (!raw) return undefined;
  return await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
}

function addressText(to: AddressObject | AddressObject[] | undefined): string {
  return (Array.isArray(to) ? to : to ? [to] : []).map((address) => address.text).join(', ');
}
