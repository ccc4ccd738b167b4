import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateKeyError } from '../errors.ts';
import { silentLogger } from '../log/logger.ts';
import type { Logger } from '../log/logger.ts';
import { systemClock } from '../store/documentStore.ts';
import type { Clock, Collection, Doc, DocumentStore, Filter, Update } from '../store/documentStore.ts';
import { PermanentMailError } from './mailer.ts';
import type { Mailer, OutgoingMail } from './mailer.ts';
import type { MailQueue, MailRecord } from './mailQueue.ts';

type MailDoc = Doc & Omit<MailRecord, 'id'> & { leaseUntil?: Date };

/** Injected time and logging; `pollMs` only matters once `start()` runs the background worker. */
export interface OutboxOptions {
  clock?: Clock;
  logger?: Logger;
  /** How often the started worker looks for due mail besides being woken by `enqueue` (default 5 s). */
  pollMs?: number;
}

/**
 * A claimed mail is the claimer's for this long; after it, the claimer is presumed dead and the mail is due again.
 * Longer than a send can take with SmtpMailer's timeouts (10 s connect, 10 s greeting, 30 s idle socket).
 */
export const LEASE_MS = 60_000;
/** Delivery is retried for this long after the mail was queued, then the mail is `failed`. */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
const BATCH = 20;

/** Wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min … capped at 1 h. */
const retryDelayMs = (attempts: number): number => Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);

const MAIL_ID = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
/** A mail id is also a Message-ID left part and a file name: a dot-atom of safe characters, at most 128. */
export const isMailId = (id: string): boolean => id.length <= 128 && MAIL_ID.test(id);

/**
 * The Message-ID every transport gives a mail: derived from the mail id, so every attempt carries the same one.
 * Delivery is at-least-once: if the process dies after the SMTP server accepted a mail but before `sent` was
 * recorded, the lease expires and the mail goes out again. Exactly-once cannot be had over SMTP; the window is one
 * store write, and with a stable Message-ID a receiver (and the person reading) can recognise the copy as the same
 * mail. The alternative, never resending a mail whose outcome is unknown, would lose mail, which is worse here.
 */
export function messageIdFor(mailId: string): string {
  if (!isMailId(mailId)) throw new RangeError('invalid mail id');
  return `<${mailId}@certificate-support-bot>`;
}

/**
 * The write-first mail queue and its delivery worker (collection `mails`, `_id` = mail id = idempotency key).
 * A worker claims a due mail by compare-and-set (a lease), sends it through the Mailer, and records the outcome:
 * `sent` with the SMTP reply, `bounced` on a permanent refusal, else `queued` again with exponential backoff
 * until 24 h after it was queued, then `failed`. Several workers (instances) may share the store.
 */
export class Outbox implements MailQueue {
  private loop: Promise<void> | undefined;
  private waiting: AbortController | undefined;
  private woken = false;
  private stopping = false;

  private constructor(
    private readonly mails: Collection<MailDoc>,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly pollMs: number,
  ) {}

  static async open(store: DocumentStore, mailer: Mailer, options: OutboxOptions = {}): Promise<Outbox> {
    const mails = await store.collection<MailDoc>('mails', {
      indexes: [{ fields: { to: 1 } }, { fields: { state: 1, nextAttemptAt: 1 } }],
    });
    return new Outbox(mails, mailer, options.clock ?? systemClock, options.logger ?? silentLogger, options.pollMs ?? 5_000);
  }

  /** Stores the mail (once per id: a repeated id returns the stored record and queues nothing) and wakes the worker. */
  async enqueue(mail: OutgoingMail): Promise<MailRecord> {
    if (!isMailId(mail.id)) throw new RangeError('invalid mail id');
    const now = this.clock();
    const { to, subject, text, locale, kind } = mail;
    const doc: MailDoc = {
      ...{ _id: mail.id, to, subject, text, locale, kind },
      ...{ state: 'queued', queuedAt: now, attempts: 0, nextAttemptAt: now },
    };
    try {
      await this.mails.insertOne(doc);
    } catch (error) {
      const existing = error instanceof DuplicateKeyError ? await this.get(mail.id) : undefined;
      if (existing) return existing;
      throw error;
    }
    this.logger.info('mail queued', { mailId: mail.id, kind, to: maskEmails(to) });
    this.wake();
    return toRecord(doc);
  }

  async get(id: string): Promise<MailRecord | undefined> {
    const doc = await this.mails.findOne({ _id: id });
    return doc ? toRecord(doc) : undefined;
  }

  async recentTo(to: string, limit: number): Promise<MailRecord[]> {
    return (await this.mails.find({ to }, { sort: { queuedAt: -1 }, limit })).map(toRecord);
  }

  /** Tries every mail due now (once each); resolves with how many were sent. No timers involved. */
  async runDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.mails.find(dueAt(this.clock()), { sort: { nextAttemptAt: 1 }, limit: BATCH });
      let claimed = 0;
      for (const candidate of due) {
        const mail = await this.claim(candidate._id);
        if (!mail) continue; // another worker was first
        claimed += 1;
        if (await this.deliver(mail)) sent += 1;
      }
      // A claimed mail is no longer due (leased, or retried later, or final), so this ends.
      if (claimed === 0) return sent;
    }
  }

  /** Delivers in the background: every `pollMs` and whenever a mail is enqueued. Timers do not keep the process alive. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.poll();
  }

  /** Stops the background worker; resolves once a send in flight has finished and been recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.waiting?.abort();
    await this.loop;
    this.loop = undefined;
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      this.woken = false;
      try {
        await this.runDue();
      } catch (error) {
        this.logger.error('mail delivery round failed', { error });
      }
      if (this.woken || this.stopping) continue;
      this.waiting = new AbortController();
      await sleep(this.pollMs, undefined, { signal: this.waiting.signal, ref: false }).catch(() => undefined);
      this.waiting = undefined;
    }
  }

  private wake(): void {
    this.woken = true;
    this.waiting?.abort();
  }

  private async claim(id: string): Promise<MailDoc | undefined> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const claim = { $set: { state: 'sending', leaseUntil }, $inc: { attempts: 1 } };
    const { matched } = await this.mails.updateOne({ _id: id, ...dueAt(now) }, claim);
    return matched === 0 ? undefined : ((await this.mails.findOne({ _id: id })) ?? undefined);
  }

  private async deliver(mail: MailDoc): Promise<boolean> {
    const log = this.logger.child({ mailId: mail._id, kind: mail.kind, to: maskEmails(mail.to), attempt: mail.attempts });
    let outcome: Pick<MailRecord, 'state' | 'detail' | 'sentAt' | 'nextAttemptAt'>;
    try {
      const { response } = await this.mailer.send(toRecord(mail));
      outcome = { state: 'sent', detail: response, sentAt: this.clock() };
    } catch (error) {
      outcome = this.afterFailure(mail, error);
    }
    const final = outcome.state !== 'queued';
    // Once a mail is out of our hands its body, which carries a live one-time link, is only a liability in the store.
    const update: Update = final
      ? { $set: { ...outcome, text: '' }, $unset: { leaseUntil: 1, nextAttemptAt: 1 } }
      : { $set: outcome, $unset: { leaseUntil: 1 } };
    // Only the holder of this claim records it: a worker whose lease ran out must not overwrite a newer attempt.
    const { matched } = await this.mails.updateOne({ _id: mail._id, state: 'sending', attempts: mail.attempts }, update);
    const fields = { state: outcome.state, reason: outcome.state === 'sent' ? undefined : maskEmails(outcome.detail ?? '') };
    if (matched === 0) log.warn('mail outcome not recorded: its lease was taken over', fields);
    else if (outcome.state === 'sent') log.info('mail sent', fields);
    else log.warn('mail not delivered', { ...fields, nextAttemptAt: outcome.nextAttemptAt });
    return outcome.state === 'sent';
  }

  private afterFailure(mail: MailDoc, error: unknown): Pick<MailRecord, 'state' | 'detail' | 'nextAttemptAt'> {
    const detail = error instanceof Error ? error.message : String(error);
    if (error instanceof PermanentMailError) return { state: 'bounced', detail };
    const now = this.clock().getTime();
    const deadline = mail.queuedAt.getTime() + GIVE_UP_AFTER_MS;
    if (now >= deadline) return { state: 'failed', detail };
    return { state: 'queued', detail, nextAttemptAt: new Date(Math.min(now + retryDelayMs(mail.attempts), deadline)) };
  }
}

/** Queued mail whose time has come, and claimed mail whose claimer died (its lease ran out). */
function dueAt(now: Date): Filter {
  return { $or: [{ state: 'queued', nextAttemptAt: { $lte: now } }, { state: 'sending', leaseUntil: { $lte: now } }] };
}

function toRecord(doc: MailDoc): MailRecord {
  const { _id, leaseUntil: _lease, ...rest } = doc;
  return { id: _id, ...rest };
}

/** Addresses as they may appear in logs: `ta***@ex***`. Mail bodies and links are never logged. */
function maskEmails(text: string): string {
  return text.replace(/([^\s<>@"']{1,2})[^\s<>@"']*@([^\s<>@"'.]{1,2})[^\s<>"']*/g, '$1***@$2***');
}
