import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { SmtpSink } from '../../helpers/smtpSink.ts';
import { DependencyError } from '../../../services/errors.ts';
import { PermanentMailError } from '../../../services/mail/mailer.ts';
import type { Mailer, OutgoingMail } from '../../../services/mail/mailer.ts';
import { LEASE_MS, Outbox } from '../../../services/mail/outbox.ts';
import { SmtpMailer } from '../../../services/mail/smtpMailer.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

const FROM = 'no-reply@example-u.ac.jp';
const root = fileURLToPath(new URL('../../../', import.meta.url));

const japaneseMail = (id: string, to = 'taro@example-u.ac.jp'): OutgoingMail => ({
  id,
  to,
  subject: '【証明書発行サービス】第2パスワード再設定のご案内（30分以内に手続きしてください）',
  text: '山田 太郎 様\n\n第2パスワードの再設定を受け付けました。\nhttps://bot.example/reset?token=abc\n\n※このメールは送信専用です。\n',
  locale: 'ja',
  kind: 'secondPasswordReset',
});

const rejectionOf = async (promise: Promise<unknown>): Promise<unknown> =>
  await promise.then(() => undefined, (caught: unknown) => caught);

describe('SmtpMailer', () => {
  let sink: SmtpSink;
  let mailer: SmtpMailer;

  beforeEach(async () => {
    sink = await new SmtpSink().start();
    mailer = new SmtpMailer({ url: sink.url, from: FROM });
  });

  afterEach(async () => {
    mailer.close();
    await sink.stop();
  });

  describe('#send', () => {
    it('delivers the Japanese subject and body intact, to the recipient, with the mail id as Message-ID', async () => {
      const { response } = await mailer.send(japaneseMail('reset-1'));
      expect(response).to.match(/^250 /);
      expect(sink.received.map((mail) => mail.rcptTo)).to.deep.equal([['taro@example-u.ac.jp']]);
      const [received] = await sink.parsed();
      expect(received!.subject).to.equal(japaneseMail('reset-1').subject);
      expect(received!.text).to.equal(japaneseMail('reset-1').text);
      expect(received!.messageId).to.equal('<reset-1@certificate-support-bot>');
      expect(received!.from?.text).to.equal(FROM);
      expect(received!.headers.get('content-language')).to.equal('ja');
      expect(received!.headers.get('auto-submitted')).to.equal('auto-generated');
    });

    context('when the server refuses the recipient with a 5xx', () => {
      it('throws a PermanentMailError carrying the reply', async () => {
        sink.refuse.set('nobody@example-u.ac.jp', 550);
        const error = await rejectionOf(mailer.send(japaneseMail('m1', 'nobody@example-u.ac.jp')));
        expect(error).to.be.instanceOf(PermanentMailError);
        expect((error as Error).message).to.include('550');
        expect(sink.received).to.have.length(0);
      });
    });

    context('when the server refuses the message itself with a 5xx after DATA', () => {
      it('throws a PermanentMailError', async () => {
        sink.refuseData = 554;
        const error = await rejectionOf(mailer.send(japaneseMail('m1')));
        expect(error).to.be.instanceOf(PermanentMailError);
        expect((error as Error).message).to.include('554');
      });
    });

    context('when the server defers the recipient with a 4xx', () => {
      it('throws a DependencyError, so the outbox retries', async () => {
        sink.refuse.set('busy@example-u.ac.jp', 450);
        const error = await rejectionOf(mailer.send(japaneseMail('m1', 'busy@example-u.ac.jp')));
        expect(error).to.be.instanceOf(DependencyError).and.include({ dependency: 'mail' });
        expect(error).to.not.be.instanceOf(PermanentMailError);
      });
    });

    context('when the server accepts the connection but never greets', () => {
      it('gives up after the greeting timeout with a DependencyError', async () => {
        const sockets: Socket[] = [];
        const silent = createServer((socket) => sockets.push(socket)).listen(0, '127.0.0.1');
        await once(silent, 'listening');
        const port = (silent.address() as AddressInfo).port;
        const impatient = new SmtpMailer({ url: `smtp://127.0.0.1:${port}`, from: FROM, timeouts: { greeting: 200 } });
        const error = await rejectionOf(impatient.send(japaneseMail('m1')));
        for (const socket of sockets) socket.destroy();
        const closed = once(silent, 'close');
        silent.close();
        await closed;
        expect(error).to.be.instanceOf(DependencyError);
        expect((error as Error).message).to.match(/greeting/i);
      });
    });
  });

  describe('#verify', () => {
    it('resolves against a live server and throws a DependencyError when it is down', async () => {
      await mailer.verify();
      await sink.stop();
      const error = await rejectionOf(mailer.verify());
      expect(error).to.be.instanceOf(DependencyError).and.include({ dependency: 'mail' });
      sink = await new SmtpSink().start();
    });
  });

  context('with the Outbox in front', () => {
    let dataDir: string;
    let nowMs: number;
    const clock: Clock = () => new Date(nowMs);

    beforeEach(async () => {
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'smtp-outbox-'));
      nowMs = Date.parse('2025-04-01T09:00:00Z');
    });

    afterEach(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps every mail queued while the server is down and delivers each exactly once when it is back', async () => {
      const store = await FileDocumentStore.open(dataDir, clock);
      const downUrl = sink.url;
      await sink.stop();
      let current: Mailer = new SmtpMailer({ url: downUrl, from: FROM });
      const outbox = await Outbox.open(store, { send: (mail) => current.send(mail), verify: () => current.verify() }, { clock });
      try {
        for (const id of ['q1', 'q2', 'q3']) await outbox.enqueue(japaneseMail(id, `${id}@example-u.ac.jp`));
        expect(await outbox.runDue()).to.equal(0);
        for (const id of ['q1', 'q2', 'q3']) {
          const record = await outbox.get(id);
          expect(record).to.include({ state: 'queued', attempts: 1 });
          expect(record!.detail).to.match(/ECONNREFUSED/);
        }

        sink = await new SmtpSink().start();
        (current as SmtpMailer).close();
        current = new SmtpMailer({ url: sink.url, from: FROM });
        expect(await outbox.runDue(), 'not before the backoff').to.equal(0);
        nowMs += 30_000;
        expect(await outbox.runDue()).to.equal(3);
        expect(await outbox.runDue()).to.equal(0);
        expect(await sink.arrivals()).to.deep.equal({
          '<q1@certificate-support-bot>': 1,
          '<q2@certificate-support-bot>': 1,
          '<q3@certificate-support-bot>': 1,
        });
        expect(await outbox.get('q2')).to.include({ state: 'sent', attempts: 2 });
      } finally {
        // The mailer pools its connection: closed here, or the sink's stop would wait for it.
        current.close?.();
        await store.close();
      }
    });

    it('records a recipient the server refuses as bounced, with the reply', async () => {
      const store = await FileDocumentStore.open(dataDir, clock);
      try {
        sink.refuse.set('nobody@example-u.ac.jp', 550);
        const outbox = await Outbox.open(store, mailer, { clock });
        await outbox.enqueue(japaneseMail('b1', 'nobody@example-u.ac.jp'));
        await outbox.runDue();
        const record = await outbox.get('b1');
        expect(record).to.include({ state: 'bounced', attempts: 1 });
        expect(record!.detail).to.match(/550/);
      } finally {
        await store.close();
      }
    });

    it('delivers each mail exactly once after a worker process is killed between claiming and sending', async () => {
      const ids = ['k1', 'k2', 'k3'];
      const fixture = path.join(root, 'test/services/mail/fixtures/killedWorker.ts');
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, String(nowMs), ...ids], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect({ code, signal }, stderr).to.deep.equal({ code: null, signal: 'SIGKILL' });

      const store = await FileDocumentStore.open(dataDir, clock); // the dead process's lock is taken over
      try {
        const outbox = await Outbox.open(store, mailer, { clock });
        const states = await Promise.all(ids.map(async (id) => (await outbox.get(id))?.state));
        expect(states.filter((state) => state === 'sending'), 'one mail was claimed by the dead worker').to.have.length(1);
        expect(states.filter((state) => state === 'queued')).to.have.length(2);
        expect(sink.received, 'nothing was sent before the kill').to.have.length(0);

        expect(await outbox.runDue(), 'the queued ones go at once').to.equal(2);
        nowMs += LEASE_MS;
        expect(await outbox.runDue(), 'the claimed one goes once its lease has run out').to.equal(1);
        expect(await outbox.runDue()).to.equal(0);
        expect(await sink.arrivals()).to.deep.equal(Object.fromEntries(ids.map((id) => [`<${id}@certificate-support-bot>`, 1])));
        expect(sink.received.map((mail) => mail.rcptTo[0]).sort()).to.deep.equal(ids.map((id) => `${id}@example-u.ac.jp`));
      } finally {
        await store.close();
      }
    });
  });
});
