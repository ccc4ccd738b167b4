import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1:0 that keeps every message it accepts and refuses the addresses it is told to. */
export class SmtpSink {
  readonly received: Array<{ rcptTo: string[]; raw: Buffer }> = [];
  readonly refuse = new Map<string, number>();
  /** A reply code for DATA (after the message was received), or none to accept. */
  refuseData: number | undefined;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const code = this.refuse.get(address.address);
      callback(code ? Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: code }) : null);
    },
    onData: (stream, session, callback) => {
      buffer(stream).then((raw) => {
        if (this.refuseData) return callback(Object.assign(new Error('message refused'), { responseCode: this.refuseData }));
        this.received.push({ rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        callback();
      }, callback);
    },
  });

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server.server, 'listening');
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const closed = once(this.server.server, 'close');
    this.server.close();
    await closed;
  }

  async parsed(): Promise<ParsedMail[]> {
    return await Promise.all(this.received.map(async ({ raw }) => await simpleParser(raw)));
  }

  /** How many times each Message-ID arrived. */
  async arrivals(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const mail of await this.parsed()) counts[mail.messageId ?? '?'] = (counts[mail.messageId ?? '?'] ?? 0) + 1;
    return counts;
  }
}

