import { expect } from 'chai';
import { formatJst } from '../../dialogs/shared/formatJst.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';
import type { SinkActivity } from '../helpers/replySink.ts';

const HOUR = 3_600_000;
const taro = { loginId: 's1234567', email: 'taro@example-u.ac.jp' };
const nobody = { loginId: 's7654321', email: 'nobody@example-u.ac.jp' };

/**
 * DESIGN.md Conversation rules over the real server with its default limits: one conversation that keeps asking
 * for second-password resets is stopped at its 6th identity check in the hour, told when it may try again (Japan
 * time), and no mail leaves past the limit; another conversation of the same tenant is not affected.
 */
describe('rate limits over HTTP with real mail', function () {
  this.timeout(60_000);
  const t = tFor('ja');
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e.stop();
  });

  /** One user's conversation; `say` resolves with the bot's replies to that message. */
  const conversation = () => {
    const { user, say } = e2e.chat();
    /**
     * A second-password reset as a student, up to the replies after the email, which begin with the check's
     * "one moment, please" (checked here, left out of the result); the rest of the journey is closed.
     */
    const askReset = async (who: { loginId: string; email: string }): Promise<SinkActivity[]> => {
      await say('第2パスワードを忘れました');
      await say('在学生');
      await say(who.loginId);
      const [checking, ...answered] = await say(who.email, 2);
      expect(checking!.text).to.equal(t('identity:checking'));
      return answered;
    };
    return { user, say, askReset };
  };

  it('stops one conversation at its limit with the next allowed time, and sends no mail past it', async () => {
    const first = conversation();
    const before = Date.now();
    const [sent] = await first.askReset(taro);
    const after = Date.now();
    expect(sent!.text).to.include(t('secondPassword:forgot.sent'));
    await first.say('はい');
    // Unknown accounts count like known ones: the limit counts attempts, not results.
    for (let i = 0; i < 4; i++) {
      const [same] = await first.askReset(nobody);
      expect(same!.text).to.include(t('secondPassword:forgot.sent'));
      await first.say('はい');
    }

    const answered = await first.askReset(taro);
    const [limited] = answered;
    expect(answered.map((reply) => reply.text).join('\n')).to.not.include(t('secondPassword:forgot.sent'));
    const allowedAt = [formatJst('ja', new Date(before + HOUR)), formatJst('ja', new Date(after + HOUR))];
    expect(allowedAt.map((at) => t('identity:rateLimited', at)), limited!.text).to.satisfy((texts: string[]) =>
      texts.some((text) => limited!.text?.startsWith(text)),
    );
    expect(limited!.text).to.include('（日本時間）');

    // The same tenant is not limited for another conversation.
    const second = conversation();
    const [other] = await second.askReset(taro);
    expect(other!.text).to.include(t('secondPassword:forgot.sent'));

    // Exactly two reset mails were queued and delivered: the first conversation's first one and the second's.
    await e2e.running.app.backing.outbox.stop();
    const resetMails = (await e2e.delivered()).filter((mail) => mail.text?.includes('/account/second-password?t='));
    expect(resetMails).to.have.length(2);
    expect(resetMails.every((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === taro.email)).to.equal(true);
    const checks = (await e2e.running.app.backing.audit.find({ tenant: 'example-u' }, 1000)).filter(
      (entry) => entry.action === 'accounts.verifyIdentity' && entry.actor.kind === 'user' && entry.actor.conversationId === first.user.conversationId,
    );
    expect(checks).to.have.length(5);
  });
});
