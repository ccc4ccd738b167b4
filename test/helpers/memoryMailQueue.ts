import type { MailQueue, MailRecord } from '../../services/mail/mailQueue.ts';
import { isMailId } from '../../services/mail/outbox.ts';
import type { OutgoingMail } from '../../services/mail/mailer.ts';
import type { Clock } from '../../services/store/documentStore.ts';

/** A MailQueue in memory for tests: ids checked and deduplicated as the Outbox does, nothing delivered. */
export class MemoryMailQueue implements MailQueue {
  private readonly records = new Map<string, MailRecord>();

  constructor(private readonly clock: Clock) {}

  async enqueue(mail: OutgoingMail): Promise<MailRecord> {
    // The outbox's rule: the id is also a Message-ID part and a file name.
    if (!isMailId(mail.id)) throw new RangeError(`invalid mail id ${mail.id}`);
    const existing = this.records.get(mail.id);
    if (existing) return existing;
    const record: MailRecord = { ...mail, state: 'queued', queuedAt: this.clock(), attempts: 0 };
    this.records.set(mail.id, record);
    return record;
  }

  async get(id: string): Promise<MailRecord | undefined> {
    return this.records.get(id);
  }

  async recentTo(to: string, limit: number): Promise<MailRecord[]> {
    return this.all()
      .filter((mail) => mail.to === to)
      .reverse()
      .slice(0, limit);
  }

  /** Every mail in the order it was queued. */
  all(): MailRecord[] {
    return [...this.records.values()];
  }

  /** Marks a mail as the delivery worker would (for delivery states in summaries). */
  mark(id: string, state: MailRecord['state'], detail?: string): void {
    const record = this.records.get(id);
    if (record) this.records.set(id, { ...record, state, ...(detail ? { detail } : {}) });
  }
}
