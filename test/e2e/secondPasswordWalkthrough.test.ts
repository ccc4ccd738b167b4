import { watch } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { on } from 'node:events';
import path from 'node:path';
import { expect } from 'chai';
import { listOutbox, readOutboxMail } from '../../services/mail/outboxFolderMailer.ts';
import { BotClient } from '../helpers/botClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';
import { tFor } from '../helpers/dialogClient.ts';

/** The README's walk-through: 「第2パスワードを忘れました」 in chat → the mail in /dev/mailbox → the reset page. */
describe('a newcomer resets the second password on the demo', function () {
  this.timeout(60_000);
  const sink = new ReplySink();
  let running: RunningApp;
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await sink.start();
    running = await startTestApp();
  });
  after(async () => {
    await running.stop();
    await sink.stop();
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
    const user = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
    let seen = 0;
    const say = async (text: string) => {
      await user.say(text);
      const replies = await sink.waitFor(user.conversationId, 1, seen);
      seen += replies.length;
      return replies;
    };
    await say('第2パスワードを忘れました');
    await say('在学生');
    await say('s1234567');
    const [sent] = await say('taro@example-u.ac.jp');
    expect(sent!.text).to.include(tFor('ja')('secondPassword:forgot.sent'));

    const outboxDir = path.join(running.dataDir, 'outbox');
    const [entry] = await mailTo(outboxDir, 'taro@example-u.ac.jp');
    const mail = await readOutboxMail(outboxDir, entry!.file);
    if (!mail) throw new Error(`the outbox file ${entry!.file} could not be read`);
    const link = /https?:\/\/\S+\/account\/second-password\?t=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link, mail.text).to.be.a('string');

    const mailbox = await fetch(`${running.url}/dev/mailbox`);
    expect(mailbox.status).to.equal(200);
    expect(await mailbox.text()).to.include(entry!.file);

    const page = await fetch(`${running.url}${new URL(link!).pathname}${new URL(link!).search}`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('<form');
  });
});
