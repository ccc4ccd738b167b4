import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';

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
  let e2e: E2e;

  beforeEach(async () => {
    e2e = await startE2e();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  /** A fresh conversation through `steps` and the claim; resolves with the texts answered to the address. */
  const claim = async (steps: readonly string[], who: { loginId: string; email: string }): Promise<string> => {
    const { say } = e2e.chat();
    let last: string[] = [];
    for (const text of [...steps, who.loginId, who.email]) last = (await say(text)).map((reply) => reply.text ?? '');
    return last.join('\n');
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
      expect(await e2e.delivered(), 'no mail for a missing account or a wrong address').to.deep.equal([]);

      for (let request = 1; request <= BUDGET; request += 1) expect(await claim(journey.steps, taro)).to.include(t(journey.sent));
      expect(await claim(journey.steps, jiro)).to.include(t(journey.sent));
      const mails = (await e2e.delivered()).filter((mail) => journey.marker.test(mail.text ?? ''));
      expect(recipients(mails).sort()).to.deep.equal([...Array.from({ length: BUDGET }, () => taro.email), jiro.email].sort());
      expect(new Set(e2e.smtp.received.flatMap((message) => message.rcptTo))).to.deep.equal(new Set([taro.email, jiro.email]));

      const past = await claim(journey.steps, taro);
      expect(past).to.not.include(t(journey.sent));
      expect(past).to.include('（日本時間）');
      expect((await e2e.delivered()).filter((mail) => journey.marker.test(mail.text ?? '')), 'no mail past the budget').to.have.length(BUDGET + 1);
    });
  }
});
