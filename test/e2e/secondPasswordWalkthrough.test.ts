import { watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { on } from 'node:events';
import path from 'node:path';
import { expect } from 'chai';
import { listOutbox, readOutboxMail } from '../../services/mail/outboxFolderMailer.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';

/** The README's walk-through: 「第2パスワードを忘れました」 in chat → the mail in /dev/mailbox → the reset page. */
describe('a newcomer resets the second password on the demo', function () {
  this.timeout(60_000);
  let e2e: E2e;

  // No SMTP: the demo writes mail to its outbox folder, which /dev/mailbox shows.
  before(async () => {
    e2e = await startE2e({ smtp: false });
  });
  after(async () => {
    await e2e.stop();
  });

  /** Resolves with the outbox's mails to `to` once there is one (watching the folder, no polling timer). */
  async function mailTo(dir: string, to: string) {
    await mkdir(dir, { recursive: true });
    const watcher = watch(dir);
    try {
      const events = on(watcher, 'change');
      for (;;) {
        const mails = (await listOutbox(dir, 20)).filter((entry) => entry.to === to);
        if (mails.length > 0) return mails;
        await events.next();
      }
    } finally {
      watcher.close();
    }
  }

  it('gets the reset mail into the local mailbox, whose link opens the reset page', async () => {
    const { say } = e2e.chat();
    await say('第2パスワードを忘れました');
    await say('在学生');
    await say('s1234567');
    const [checking, sent] = await say('taro@example-u.ac.jp', 2);
    expect(checking!.text).to.equal(tFor('ja')('identity:checking'));
    expect(sent!.text).to.include(tFor('ja')('secondPassword:forgot.sent'));

    const outboxDir = path.join(e2e.running.dataDir, 'outbox');
    const [entry] = await mailTo(outboxDir, 'taro@example-u.ac.jp');
    const mail = await readOutboxMail(outboxDir, entry!.file);
    if (!mail) throw new Error(`the outbox file ${entry!.file} could not be read`);
    const link = /https?:\/\/\S+\/account\/second-password\?t=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).to.be.a('string');

    const mailbox = await fetch(`${e2e.url}/dev/mailbox`);
    expect(mailbox.status).to.equal(200);
    expect(await mailbox.text()).to.include(entry!.file);

    const page = await fetch(`${e2e.url}${new URL(link!).pathname}${new URL(link!).search}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('<form');
  });
});
