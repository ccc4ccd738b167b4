import { expect } from 'chai';
import { BotClient, postJson } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

const taro = { loginId: 's1234567', email: 'taro@example-u.ac.jp' };

/**
 * Issue 8: the same activity delivered twice (a channel's retry: same id) is one action and one mail, over the
 * real server with real SMTP, whether the retry comes after the first delivery or at the same time.
 */
describe('the same activity delivered twice', function () {
  this.timeout(60_000);
  const t = tFor('ja');
  const replies = new ReplySink();
  let smtp: SmtpSink;
  let running: RunningApp;
  let serviceUrl: string;

  before(async () => {
    serviceUrl = await replies.start();
    smtp = await new SmtpSink().start();
    running = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'no-reply@example-u.ac.jp' });
  });
  after(async () => {
    await running.stop();
    await smtp.stop();
    await replies.stop();
  });

  /** Walks a second-password reset up to the last question; returns the activity that answers it (not sent yet). */
  const upToEmail = async (): Promise<{ user: BotClient; last: Record<string, unknown> }> => {
    const user = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
    for (const text of ['第2パスワードを忘れました', '在学生', taro.loginId]) expect((await user.say(text)).status).to.equal(200);
    return { user, last: user.activity({ text: taro.email }) };
  };
  const repliesTo = (user: BotClient): number => replies.received.filter((reply) => reply.conversation.id === user.conversationId).length;
  const resetMails = async (): Promise<number> => {
    await running.app.backing.outbox.runDue();
    return (await smtp.parsed()).filter((mail) => mail.text?.includes('/account/second-password?t=')).length;
  };

  it('runs a retry after the first delivery not at all: no reply, no second mail', async () => {
    const mailsBefore = await resetMails();
    const { user, last } = await upToEmail();
    expect((await postJson(`${running.url}/api/messages`, last)).status).to.equal(200);
    const answered = repliesTo(user);
    const toLast = replies.received.filter((reply) => reply.conversation.id === user.conversationId && reply.replyToId === last.id);
    expect(toLast.some((reply) => reply.text?.includes(t('secondPassword:forgot.sent')))).to.equal(true);

    expect((await postJson(`${running.url}/api/messages`, last)).status).to.equal(200);
    expect(repliesTo(user)).to.equal(answered);
    expect(await resetMails()).to.equal(mailsBefore + 1);
  });

  it('runs one of two simultaneous deliveries: one answer, one mail', async () => {
    const mailsBefore = await resetMails();
    const { user, last } = await upToEmail();
    const before = repliesTo(user);
    const statuses = await Promise.all([1, 2].map(async () => (await postJson(`${running.url}/api/messages`, last)).status));
    expect(statuses).to.deep.equal([200, 200]);
    const sent = replies.received.filter((reply) => reply.conversation.id === user.conversationId).slice(before);
    expect(sent.filter((reply) => reply.text?.includes(t('secondPassword:forgot.sent')))).to.have.length(1);
    expect(await resetMails()).to.equal(mailsBefore + 1);
  });
});
