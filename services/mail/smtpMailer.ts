import { createTransport } from 'nodemailer';
import type { SendMailOptions, Transporter } from 'nodemailer';
import { DependencyError } from '../errors.ts';
import { PermanentMailError } from './mailer.ts';
import type { Mailer, OutgoingMail, SendResult } from './mailer.ts';
import { messageIdFor } from './outbox.ts';

/** From configuration: SMTP_URL and MAIL_FROM. */
export interface SmtpMailerOptions {
  /** SMTP_URL: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465`. */
  url: string;
  /** MAIL_FROM: the sender address tenants allow-list. */
  from: string;
  /** Connection, greeting and socket timeouts in ms (defaults 10 s, 10 s, 30 s). */
  timeouts?: { connection?: number; greeting?: number; socket?: number };
}

/**
 * The message nodemailer builds for a mail, shared by every transport so the .eml in the local outbox is what
 * SMTP would carry: UTF-8 (nodemailer encodes the Japanese subject as RFC 2047 words), the Message-ID from the mail
 * id, and marked as automatic (RFC 3834) so auto-responders do not answer it.
 */
export function composeMail(mail: OutgoingMail, from: string, date?: Date): SendMailOptions {
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    messageId: messageIdFor(mail.id),
    headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': mail.locale },
    ...(date ? { date } : {}),
    // Templates are plain text: never let a message field pull in a local file or a remote URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * Delivers mail over SMTP with nodemailer (SMTP_URL, MAIL_FROM). Connections are pooled (at most two, each closed
 * after 100 messages or when idle past the socket timeout): opening one per mail was most of a mail's cost under
 * load (issue 9). A pooled connection the server has dropped fails its send like any outage, and the outbox tries
 * the mail again, so nothing is lost or sent twice.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: 2,
      maxMessages: 100,
      connectionTimeout: options.timeouts?.connection ?? 10_000,
      greetingTimeout: options.timeouts?.greeting ?? 10_000,
      socketTimeout: options.timeouts?.socket ?? 30_000,
      dnsTimeout: options.timeouts?.connection ?? 10_000,
    });
  }

  /** Resolves with the server's reply; a 5xx refusal of the recipient or the message is a PermanentMailError. */
  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      const info: unknown = await this.transport.sendMail(composeMail(mail, this.options.from));
      return { response: responseOf(info) };
    } catch (error) {
      throw translate(error);
    }
  }

  async verify(): Promise<void> {
    try {
      await this.transport.verify();
    } catch (error) {
      throw new DependencyError('mail', `the SMTP server is not reachable: ${messageOf(error)}`, { cause: error });
    }
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * A 5xx answer to RCPT TO or DATA is the server's final word on this mail (no such user, message refused).
 * Anything else, including a 5xx to AUTH or MAIL FROM (our configuration), is worth retrying.
 */
function translate(error: unknown): Error {
  const { responseCode, command } = (typeof error === 'object' && error !== null ? error : {}) as {
    responseCode?: unknown;
    command?: unknown;
  };
  if (typeof responseCode === 'number' && responseCode >= 500 && (command === 'RCPT TO' || command === 'DATA')) {
    return new PermanentMailError(messageOf(error), { cause: error });
  }
  return new DependencyError('mail', `SMTP delivery failed: ${messageOf(error)}`, { cause: error });
}

function responseOf(info: unknown): string {
  const response = typeof info === 'object' && info !== null && 'response' in info ? info.response : undefined;
  return typeof response === 'string' ? response : '';
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
