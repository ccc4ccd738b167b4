import type { OutgoingMail } from './mailer.ts';

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced';

/** A mail as the outbox keeps it, with its delivery history. */
export interface MailRecord extends OutgoingMail {
  state: DeliveryState;
  queuedAt: Date;
  attempts: number;
  nextAttemptAt?: Date;
  sentAt?: Date;
  /** The SMTP reply when sent; the reason when failed or bounced. */
  detail?: string;
}

/**
 * The write-first mail queue (implemented by Outbox): a mail is stored before anything tries to send
 * it, so a crash or an SMTP outage loses nothing; enqueueing the same id twice queues it once.
 */
export interface MailQueue {
  enqueue(mail: OutgoingMail): Promise<MailRecord>;
  get(id: string): Promise<MailRecord | undefined>;
  /** Newest first. */
  recentTo(to: string, limit: number): Promise<MailRecord[]>;
}
