import { EventEmitter, once } from 'node:events';
import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import type { Logger } from '../../services/log/logger.ts';
import { BotClient } from './botClient.ts';
import { ReplySink } from './replySink.ts';
import type { SinkActivity } from './replySink.ts';
import { SmtpSink } from './smtpSink.ts';
import { startTestApp } from './testApp.ts';
import type { RunningApp } from './testApp.ts';

/** One user's conversation; each message resolves with the bot's replies to it (typing indicators left out). */
export interface Chat {
  user: BotClient;
  /** Posts `fields` as an activity and waits for at least `count` new replies. */
  send(fields: Record<string, unknown>, count?: number): Promise<SinkActivity[]>;
  say(text: string, count?: number): Promise<SinkActivity[]>;
  press(value: Record<string, unknown>, count?: number): Promise<SinkActivity[]>;
}

type ClientDefaults = { tenant?: string; userId?: string };

/** The channel side of an e2e test: a ReplySink at `serviceUrl`, and chats with any bot that answers there. */
export interface TestChannel {
  replies: ReplySink;
  serviceUrl: string;
  chat(botUrl: string, locale?: string, defaults?: ClientDefaults): Chat;
  stop(): Promise<void>;
}

export async function openChannel(): Promise<TestChannel> {
  const replies = new ReplySink();
  const serviceUrl = await replies.start();
  return {
    replies,
    serviceUrl,
    chat: (botUrl, locale = 'ja-JP', defaults = {}) => chatWith(replies, new BotClient(botUrl, serviceUrl, { locale, ...defaults })),
    stop: async () => await replies.stop(),
  };
}

function chatWith(replies: ReplySink, user: BotClient): Chat {
  let seen = 0;
  const send = async (fields: Record<string, unknown>, count = 1): Promise<SinkActivity[]> => {
    const response = await user.send(fields);
    expect(response.status, JSON.stringify(fields).slice(0, 60)).to.equal(200);
    // The POST answers once the turn is over, so the replies are normally in already; waiting also checks they came.
    const answered = await replies.waitFor(user.conversationId, count, seen);
    seen += answered.length;
    return answered;
  };
  return { user, send, say: async (text, count) => await send({ text }, count), press: async (value, count) => await send({ value }, count) };
}

export interface E2eOptions {
  /** Mail goes to a real SMTP server (default); without it the app writes mail to its outbox folder. */
  smtp?: boolean;
  mailFrom?: string;
  /** More configuration for the app (DATA_DIR, LOG_LEVEL, …). */
  env?: Record<string, string>;
  logger?: Logger;
}

/** The real server over HTTP (startTestApp), its channel, and a real SMTP server for its mail. */
export interface E2e {
  url: string;
  serviceUrl: string;
  replies: ReplySink;
  running: RunningApp;
  /** The SMTP server; throws when the harness was started with `smtp: false`. */
  readonly smtp: SmtpSink;
  chat(locale?: string, defaults?: ClientDefaults): Chat;
  /** Runs the outbox's due deliveries, then returns every mail the SMTP server has received. */
  delivered(): Promise<ParsedMail[]>;
  /** Stops the app (unless a test already did: `running.stop()` may be called once more), the SMTP server and the channel. */
  stop(): Promise<void>;
}

export async function startE2e({ smtp = true, mailFrom = 'no-reply@example-u.ac.jp', env = {}, logger }: E2eOptions = {}): Promise<E2e> {
  const channel = await openChannel();
  const sink = smtp ? await new SmtpSink().start() : undefined;
  const mail: Record<string, string> = sink ? { SMTP_URL: sink.url, MAIL_FROM: mailFrom } : {};
  const started = await startTestApp({ ...mail, ...env }, logger);
  let appStopped: Promise<void> | undefined;
  const running: RunningApp = { ...started, stop: async () => await (appStopped ??= started.stop()) };
  const smtpSink = (): SmtpSink => {
    if (!sink) throw new Error('this harness was started with smtp: false');
    return sink;
  };
  return {
    url: running.url,
    serviceUrl: channel.serviceUrl,
    replies: channel.replies,
    running,
    get smtp() {
      return smtpSink();
    },
    chat: (locale, defaults) => channel.chat(running.url, locale, defaults),
    async delivered() {
      await running.app.backing.outbox.runDue();
      return await smtpSink().parsed();
    },
    async stop() {
      await running.stop();
      await sink?.stop();
      await channel.stop();
    },
  };
}

/** Resolves once the SMTP server has taken `count` messages (it has no event of its own: its list is watched). */
export async function mailsArrived(sink: SmtpSink, count: number): Promise<void> {
  const arrivals = new EventEmitter();
  const push = sink.received.push.bind(sink.received);
  sink.received.push = (...items) => {
    const length = push(...items);
    arrivals.emit('mail');
    return length;
  };
  while (sink.received.length < count) await once(arrivals, 'mail');
}
