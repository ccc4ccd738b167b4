import { expect } from 'chai';
import { postJson } from '../helpers/botClient.ts';
import type { BotClient } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';

const taro = { loginId: 's1234567', email: 'taro@example-u.ac.jp' };

/**
 * Issue 8: the same activity delivered twice (a channel's retry: same id) is one action and one mail, over the
 * real server with real SMTP, whether the retry comes after the first delivery or at the same time.
 */
describe('the same activity delivered twice', function () {
  this.timeout(60_000);
  const t = tFor('ja');
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e.stop();
  });

  /** Walks a second-password reset up to the last question; returns the activity that answers it (not sent yet). */
  const upToEmail = async (): Promise<{ user: BotClient; last: Record<string, unknown> }> => {
    const { user, say } = e2e.chat();
    for (const text of ['第2パスワードを忘れました', '在学生', taro.loginId]) await say(text);
    return { user, last: user.activity({ text: taro.email }) };
  };
  const repliesTo = (user: BotClient): number => e2e.replies.received.filter((reply) => reply.conversation.id === user.conversationId).length;
  const resetMails = async (): Promise<number> =>
    (await e2e.delivered()).filter((mail) => mail.text?.includes('/account/second-password?t=')).length;

  it('runs a retry after the first delivery not at all: no reply, no second mail', async () => {
    const mailsBefore = await resetMails();
    const { user, last } = await upToEmail();
    expect((await postJson(`${e2e.url}/api/messages`, last)).status).to.equal(200);
    const answered = repliesTo(user);
    const toLast = e2e.replies.received.filter((reply) => reply.conversation.id === user.conversationId && reply.replyToId === last.id);
    expect(toLast.some((reply) => reply.text?.includes(t('secondPassword:forgot.sent')))).to.equal(true);

    expect((await postJson(`${e2e.url}/api/messages`, last)).status).to.equal(200);
    expect(repliesTo(user)).to.equal(answered);
    expect(await resetMails()).to.equal(mailsBefore + 1);
  });

  it('runs one of two simultaneous deliveries: one answer, one mail', async () => {
    const mailsBefore = await resetMails();
    const { user, last } = await upToEmail();
    const before = repliesTo(user);
    const statuses = await Promise.all([1, 2].map(async () => (await postJson(`${e2e.url}/api/messages`, last)).status));
    expect(statuses).to.deep.equal([200, 200]);
    const sent = e2e.replies.received.filter((reply) => reply.conversation.id === user.conversationId).slice(before);
    expect(sent.filter((reply) => reply.text?.includes(t('secondPassword:forgot.sent')))).to.have.length(1);
    expect(await resetMails()).to.equal(mailsBefore + 1);
  });
});
