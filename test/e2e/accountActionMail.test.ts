import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { BotClient } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

const t = tFor('ja');
const taro = { loginId: 's1234567', email: 'taro@example-u.ac.jp' };
const jiro = { loginId: 's2345678', email: 'jiro@example-u.ac.jp' };
const nobody = { loginId: 's7654321', email: 'nobody@example-u.ac.jp' };
/** The reference service's mails per account in 24 hours (services/accounts/reference/sendBudget.ts). */
const BUDGET = 5;

/**
 * Issue 5 "Done when", for the two journeys that mail an account from the chat: over HTTP against the real server
 * and a real SMTP server, exactly the mails expected arrive — to the registered address only, none for unknown
 * accounts, none past the account's budget (whose reply names the next allowed time).
 */
describe('mail sent by the chat journeys, at a real SMTP server', function () {
  this.timeout(120_000);
  const replies = new ReplySink();
  let smtp: SmtpSink;
  let running: RunningApp;
  let serviceUrl: string;

  beforeEach(async () => {
    serviceUrl = await replies.start();
    smtp = await new SmtpSink().start();
    running = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'no-reply@example-u.ac.jp' });
  });
  afterEach(async () => {
    await running.stop();
    await smtp.stop();
    await replies.stop();
  });

  /** A fresh conversation through `steps` and the claim; resolves with the texts answered to the address. */
  const claim = async (steps: readonly string[], who: { loginId: string; email: string }): Promise<string> => {
    const user = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
    let seen = 0;
    let last: string[] = [];
    for (const text of [...steps, who.loginId, who.email]) {
      expect((await user.say(text)).status, text).to.equal(200);
      const answered = await replies.waitFor(user.conversationId, 1, seen);
      seen += answered.length;
      last = answered.map((reply) => reply.text ?? '');
    }
    return last.join('\n');
  };
  const delivered = async (): Promise<ParsedMail[]> => {
    await running.app.backing.outbox.runDue();
    return await smtp.parsed();
  };
  const recipients = (mails: readonly ParsedMail[]): string[] => mails.map((mail) => (mail.to && !Array.isArray(mail.to) ? mail.to.text : ''));

  const journeys = [
    { name: 'second-password reset', steps: ['第2パスワードを忘れました', '在学生'], sent: 'secondPassword:forgot.sent', budget: 'secondPassword:forgot.budget', marker: /\/account\/second-password\?t=/ },
    { name: 'authentication-key reissue', steps: ['認証キーが届きません', 'はい'], sent: 'authKey:reissue.sent', budget: 'authKey:reissue.budget', marker: /[0-9]{6}/ },
  ] as const;

  for (const journey of journeys) {
    it(`${journey.name}: one mail per request to the registered address, none for unknown accounts, none past the budget`, async () => {
      expect(await claim(journey.steps, nobody)).to.include(t(journey.sent));
      expect(await claim(journey.steps, { ...taro, email: 'guess@example-u.ac.jp' })).to.include(t(journey.sent));
      expect(await delivered(), 'no mail for a missing account or a wrong address').to.deep.equal([]);

      for (let request = 1; request <= BUDGET; request += 1) expect(await claim(journey.steps, taro)).to.include(t(journey.sent));
      expect(await claim(journey.steps, jiro)).to.include(t(journey.sent));
      const mails = (await delivered()).filter((mail) => journey.marker.test(mail.text ?? ''));
      expect(recipients(mails).sort()).to.deep.equal([...Array.from({ length: BUDGET }, () => taro.email), jiro.email].sort());
      expect(new Set(smtp.received.flatMap((message) => message.rcptTo))).to.deep.equal(new Set([taro.email, jiro.email]));

      const past = await claim(journey.steps, taro);
      expect(past).to.not.include(t(journey.sent));
      expect(past).to.include('（日本時間）');
      expect((await delivered()).filter((mail) => journey.marker.test(mail.text ?? '')), 'no mail past the budget').to.have.length(BUDGET + 1);
    });
  }
});
