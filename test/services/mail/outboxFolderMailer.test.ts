import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { simpleParser } from 'mailparser';
import { DependencyError } from '../../../services/errors.ts';
import type { OutgoingMail } from '../../../services/mail/mailer.ts';
import { OutboxFolderMailer, isOutboxFile, listOutbox, readOutboxMail } from '../../../services/mail/outboxFolderMailer.ts';

const T0 = Date.parse('2025-04-01T09:00:00.123Z');

const mail = (id: string, subject = '【証明書発行サービス】メールアドレス確認のお願い'): OutgoingMail => ({
  id,
  to: 'taro@example-u.ac.jp',
  subject,
  text: `山田 太郎 様\n\n以下のURLを30分以内に開いてください。\nhttps://bot.example/confirm?token=${id}\n`,
  locale: 'ja',
  kind: 'emailConfirmation',
});

describe('OutboxFolderMailer', () => {
  let dataDir: string;
  let outboxDir: string;
  let nowMs: number;
  let mailer: OutboxFolderMailer;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'outbox-folder-'));
    outboxDir = path.join(dataDir, 'outbox');
    nowMs = T0;
    mailer = new OutboxFolderMailer(outboxDir, { from: 'no-reply@example-u.ac.jp', clock: () => new Date(nowMs) });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('#send', () => {
    it('writes an RFC 822 file named by time and id that parses back to the same mail', async () => {
      const result = await mailer.send(mail('m1'));
      expect(await readdir(outboxDir)).to.deep.equal(['20250401T090000123Z_m1.eml']);
      expect(result.response).to.equal('written 20250401T090000123Z_m1.eml');
      const raw = await readFile(path.join(outboxDir, '20250401T090000123Z_m1.eml'));
      expect(raw.toString('latin1')).to.match(/^Subject: =\?UTF-8\?/m); // encoded, 7-bit safe headers
      const parsed = await simpleParser(raw);
      expect(parsed.subject).to.equal(mail('m1').subject);
      expect(parsed.text).to.equal(mail('m1').text);
      expect(parsed.messageId).to.equal('<m1@certificate-support-bot>');
      expect(parsed.from?.text).to.equal('no-reply@example-u.ac.jp');
      expect(parsed.date).to.deep.equal(new Date(Math.floor(T0 / 1000) * 1000));
      expect(parsed.headers.get('auto-submitted')).to.equal('auto-generated');
    });

    it('rewrites the same file when the same id is sent again (idempotent)', async () => {
      await mailer.send(mail('m1'));
      nowMs += 60_000;
      await mailer.send(mail('m1', 'second'));
      await mailer.send(mail('m1.b'));
      expect((await readdir(outboxDir)).sort()).to.deep.equal(['20250401T090000123Z_m1.eml', '20250401T090100123Z_m1.b.eml']);
      expect((await readOutboxMail(outboxDir, '20250401T090000123Z_m1.eml'))?.subject).to.equal('second');
    });
  });

  describe('#verify', () => {
    it('creates the folder and resolves when it is writable', async () => {
      await mailer.verify();
      expect(await readdir(outboxDir)).to.deep.equal([]);
    });

    it('throws a DependencyError when the folder cannot be created', async () => {
      await writeFile(path.join(dataDir, 'blocker'), '');
      const blocked = new OutboxFolderMailer(path.join(dataDir, 'blocker', 'outbox'));
      const error = await blocked.verify().then(() => undefined, (caught: unknown) => caught);
      expect(error).to.be.instanceOf(DependencyError).and.include({ dependency: 'mail' });
    });
  });

  describe('listOutbox', () => {
    it('lists the newest mails first with their To, Subject and Date, up to the limit', async () => {
      for (const id of ['a', 'b', 'c']) {
        await mailer.send(mail(id, `subject ${id}`));
        nowMs += 1_000;
      }
      await writeFile(path.join(outboxDir, 'notes.txt'), 'not a mail');
      const listed = await listOutbox(outboxDir, 2);
      expect(listed.map((entry) => [entry.subject, entry.to])).to.deep.equal([
        ['subject c', 'taro@example-u.ac.jp'],
        ['subject b', 'taro@example-u.ac.jp'],
      ]);
      expect(listed[0]!.file).to.equal('20250401T090002123Z_c.eml');
      expect(listed[0]!.date).to.deep.equal(new Date('2025-04-01T09:00:02Z'));
    });

    it('is empty while the folder does not exist', async () => {
      expect(await listOutbox(outboxDir, 10)).to.deep.equal([]);
    });
  });

  describe('readOutboxMail', () => {
    it('returns the headers and the text, and undefined for a name that is not there', async () => {
      await mailer.send(mail('m1'));
      const read = await readOutboxMail(outboxDir, '20250401T090000123Z_m1.eml');
      expect(read).to.deep.include({ to: 'taro@example-u.ac.jp', subject: mail('m1').subject, text: mail('m1').text });
      expect(await readOutboxMail(outboxDir, '20250401T090000123Z_m2.eml')).to.equal(undefined);
    });

    const refused = ['../store/LOCK', '..%2Fsecret.eml', '20250401T090000123Z_../../x.eml', '20250401T090000123Z_m1.eml/..',
      '/etc/passwd', '20250401T090000123Z_..eml', '.20250401T090000123Z_m1.eml', 'x.eml', '20250401T090000123Z_m1.eml\0'];
    for (const file of refused) {
      it(`refuses ${JSON.stringify(file)} with a RangeError before opening anything`, async () => {
        expect(isOutboxFile(file)).to.equal(false);
        const error = await readOutboxMail(outboxDir, file).then(() => undefined, (caught: unknown) => caught);
        expect(error).to.be.instanceOf(RangeError);
      });
    }
  });
});
