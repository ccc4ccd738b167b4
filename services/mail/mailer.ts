import type { Locale } from '../i18n/i18n.ts';

/** What kind of mail it is; templates live in `locales/<lang>/mail/<kind>.txt`. */
export type MailKind =
  | 'emailConfirmation'
  | 'secondPasswordReset'
  | 'graduatePasswordReset'
  | 'authKey'
  | 'securityNotice'
  | 'ticket';

/** A rendered mail, ready to send. */
export interface OutgoingMail {
  /** Stable per logical mail; the transport uses it as the Message-ID, the outbox as its unique key. */
  id: string;
  to: string;
  subject: string;
  text: string;
  locale: Locale;
  kind: MailKind;
}

/** What the receiving server said when it took the mail. */
export interface SendResult {
  /** The SMTP reply (e.g. `250 2.0.0 OK queued as 4F2`) or the file written. */
  response: string;
}

/** A failure the transport knows to be final (the server refused the recipient): no retry. */
export class PermanentMailError extends Error {
  override get name(): string {
    return 'PermanentMailError';
  }
}

/**
 * The mail transport port: delivers one mail now. Adapters: SmtpMailer (nodemailer, SMTP_URL) and
 * OutboxFolderMailer (.eml files under DATA_DIR/outbox, the local default). Callers never use it
 * directly: they enqueue in the Outbox, whose worker calls `send` with retries.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  /** Resolves when the transport can accept mail (readiness). */
  verify(): Promise<void>;
  /** Releases open connections, if the transport keeps any (at stop, after the outbox has stopped). */
  close?(): void;
}
