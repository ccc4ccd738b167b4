import { EventEmitter, once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { DependencyError } from '../../../services/errors.ts';
import { createLogger } from '../../../services/log/logger.ts';
import { PermanentMailError } from '../../../services/mail/mailer.ts';
import type { Mailer, OutgoingMail, SendResult } from '../../../services/mail/mailer.ts';
import { GIVE_UP_AFTER_MS, LEASE_MS, Outbox, messageIdFor } from '../../../services/mail/outbox.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';

const T0 = Date.parse('2025-04-01T09:00:00Z');
const MIN = 60_000;

/** A transport that records each send and answers from a script (an error to throw, or nothing for success). */
class FakeMailer extends EventEmitter implements Mailer {
  readonly sent: OutgoingMail[] = [];
  script: Array<Error | undefined> = [];
  async send(mail: OutgoingMail): Promise<SendResult> {
    const failure = this.script.shift();
    if (failure) throw failure;
    this.sent.push(mail);
    this.emit('sent', mail.id);
    return { response: `250 2.0.0 OK ${mail.id}` };
  }
  async verify(): Promise<void> {}
}

const mailNamed = (id: string, to = 'taro@example-u.ac.jp'): OutgoingMail => ({
  id,
  to,
  subject: '【証明書発行サービス】第2パスワード再設定のご案内',
  text: `以下のURLから再設定してください。\nhttps://bot.example/reset?token=${id}-secret\n`,
  locale: 'ja',
  kind: 'secondPasswordReset',
});

describe('Outbox', () => {
  let dataDir: string;
  let store: FileDocumentStore;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let mailer: FakeMailer;
  let outbox: Outbox;
  let logLines: string[];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'outbox-'));
    nowMs = T0;
    store = await FileDocumentStore.open(dataDir, clock);
    mailer = new FakeMailer();
    logLines = [];
    outbox = await Outbox.open(store, mailer, { clock, logger: createLogger('debug', (line) => logLines.push(line)) });
  });

  afterEach(async () => {
    await outbox.stop();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const transient = (): DependencyError => new DependencyError('mail', 'connect ECONNREFUSED 127.0.0.1:25');

  describe('#enqueue', () => {
    it('stores the mail as queued and due now, before anything is sent', async () => {
      const record = await outbox.enqueue(mailNamed('m1'));
      expect(record).to.include({ id: 'm1', state: 'queued', attempts: 0 });
      expect(record.queuedAt).to.deep.equal(new Date(T0));
      expect(await outbox.get('m1')).to.deep.equal(record);
      expect(mailer.sent).to.have.length(0);
    });

    context('when the same id is enqueued twice', () => {
      it('returns the stored record and sends the mail once', async () => {
        const first = await outbox.enqueue(mailNamed('m1'));
        nowMs += MIN;
        const second = await outbox.enqueue({ ...mailNamed('m1'), subject: 'changed' });
        expect(second).to.deep.equal(first);
        expect(await outbox.runDue()).to.equal(1);
        expect(mailer.sent.map((mail) => mail.subject)).to.deep.equal([mailNamed('m1').subject]);
      });
    });

    for (const id of ['', '../x', 'a b', 'a@b', '<m1>', '.m1', 'm1.', 'a..b', 'x'.repeat(129)]) {
      it(`refuses the id ${JSON.stringify(id.slice(0, 12))} (it becomes a Message-ID and a file name)`, async () => {
        const error = await outbox.enqueue(mailNamed(id)).then(() => undefined, (caught: unknown) => caught);
        expect(error).to.be.instanceOf(RangeError);
        expect(() => messageIdFor(id)).to.throw(RangeError);
      });
    }

    it('logs the id, kind and a masked recipient, never the body, the link or the address', async () => {
      await outbox.enqueue(mailNamed('m1'));
      await outbox.runDue();
      const logs = logLines.join('\n');
      expect(logs).to.include('"mailId":"m1"').and.include('"kind":"secondPasswordReset"').and.include('ta***@ex***');
      expect(logs).to.not.include('taro@').and.not.include('token').and.not.include('再設定してください');
    });
  });

  describe('#runDue', () => {
    it('sends every due mail once, records the SMTP reply and clears the body', async () => {
      await outbox.enqueue(mailNamed('m1'));
      await outbox.enqueue(mailNamed('m2'));
      nowMs += 1_000;
      expect(await outbox.runDue()).to.equal(2);
      expect(await outbox.runDue()).to.equal(0);
      const record = await outbox.get('m1');
      expect(record).to.include({ state: 'sent', attempts: 1, detail: '250 2.0.0 OK m1', text: '' });
      expect(record?.sentAt).to.deep.equal(new Date(T0 + 1_000));
      expect(record).to.not.have.property('nextAttemptAt');
    });

    context('when the transport fails for a while', () => {
      it('retries after 30 s, 1 min, 2 min, 4 min … at most hourly, and sends once it works', async () => {
        await outbox.enqueue(mailNamed('m1'));
        mailer.script = Array.from({ length: 9 }, transient);
        const waits: number[] = [];
        for (let attempt = 1; attempt <= 9; attempt++) {
          expect(await outbox.runDue()).to.equal(0);
          const record = await outbox.get('m1');
          expect(record).to.include({ state: 'queued', attempts: attempt, detail: 'connect ECONNREFUSED 127.0.0.1:25' });
          waits.push(record!.nextAttemptAt!.getTime() - nowMs);
          nowMs += waits.at(-1)! - 1;
          expect(await outbox.runDue(), 'not due a millisecond early').to.equal(0);
          nowMs += 1;
        }
        expect(waits).to.deep.equal([0.5, 1, 2, 4, 8, 16, 32, 60, 60].map((minutes) => minutes * MIN));
        expect(await outbox.runDue()).to.equal(1);
        expect(await outbox.get('m1')).to.include({ state: 'sent', attempts: 10 });
      });

      it('gives up 24 h after the mail was queued, as failed with the last reason', async () => {
        await outbox.enqueue(mailNamed('m1'));
        mailer.script = Array.from({ length: 100 }, transient);
        let attempts = 0;
        for (let record = await outbox.get('m1'); record?.state === 'queued'; record = await outbox.get('m1')) {
          nowMs = record.nextAttemptAt!.getTime();
          await outbox.runDue();
          attempts += 1;
        }
        const record = await outbox.get('m1');
        expect(record).to.include({ state: 'failed', detail: 'connect ECONNREFUSED 127.0.0.1:25', attempts });
        expect(nowMs - T0, 'the last try is at the 24 h mark').to.equal(GIVE_UP_AFTER_MS);
        expect(attempts).to.equal(31); // 30 s … 32 min (7 tries), then hourly until the deadline
        expect(mailer.sent).to.have.length(0);
      });
    });

    context('when the server refuses the recipient for good', () => {
      it('marks the mail bounced with the reason and never retries it', async () => {
        await outbox.enqueue(mailNamed('m1'));
        mailer.script = [new PermanentMailError('550 5.1.1 <taro@example-u.ac.jp>: user unknown')];
        expect(await outbox.runDue()).to.equal(0);
        expect(await outbox.get('m1')).to.include({ state: 'bounced', detail: '550 5.1.1 <taro@example-u.ac.jp>: user unknown' });
        nowMs += GIVE_UP_AFTER_MS;
        expect(await outbox.runDue()).to.equal(0);
        expect(mailer.sent).to.have.length(0);
        expect(logLines.join('\n')).to.not.include('taro@');
      });
    });

    context('when a worker stalls (or dies) after claiming a mail', () => {
      it('leaves the mail to its lease, then another worker sends it exactly once', async () => {
        await outbox.enqueue(mailNamed('m1'));
        await outbox.enqueue(mailNamed('m2'));
        const gate = new EventEmitter();
        const stalled: Mailer = {
          async send() {
            gate.emit('claimed');
            await once(gate, 'resume');
            return { response: '250 late' };
          },
          async verify() {},
        };
        const zombie = await Outbox.open(store, stalled, { clock, logger: createLogger('debug', (line) => logLines.push(line)) });
        const claimed = once(gate, 'claimed');
        const zombieRound = zombie.runDue();
        await claimed;
        expect(await outbox.get('m1')).to.include({ state: 'sending', attempts: 1 });
        expect(await outbox.runDue(), 'm2 is free, m1 is leased').to.equal(1);
        nowMs += LEASE_MS - 1;
        expect(await outbox.runDue()).to.equal(0);
        nowMs += 1;
        expect(await outbox.runDue()).to.equal(1);
        expect(await outbox.runDue()).to.equal(0);
        expect(mailer.sent.map((mail) => mail.id).sort()).to.deep.equal(['m1', 'm2']);

        gate.emit('resume'); // the stalled worker wakes up: its claim is stale and must not overwrite the record
        await zombieRound;
        expect(await outbox.get('m1')).to.include({ state: 'sent', attempts: 2, detail: '250 2.0.0 OK m1' });
        expect(logLines.join('\n')).to.include('mail outcome not recorded: its lease was taken over');
      });
    });
  });

  describe('#recentTo', () => {
    it('lists the mails to one address, newest first, up to the limit', async () => {
      for (const id of ['a1', 'a2', 'a3']) {
        await outbox.enqueue(mailNamed(id));
        await outbox.enqueue(mailNamed(`other-${id}`, 'hanako@example.com'));
        nowMs += MIN;
      }
      const recent = await outbox.recentTo('taro@example-u.ac.jp', 2);
      expect(recent.map((mail) => mail.id)).to.deep.equal(['a3', 'a2']);
    });
  });

  describe('#start', () => {
    it('delivers a mail as soon as it is enqueued, and #stop waits for the send in flight', async () => {
      outbox.start();
      const sent = once(mailer, 'sent');
      await outbox.enqueue(mailNamed('m1'));
      expect(await sent).to.deep.equal(['m1']);
      await outbox.stop();
      expect(await outbox.get('m1')).to.include({ state: 'sent', attempts: 1 });
    });
  });
});
