import { expect } from 'chai';
import type { TFunction } from 'i18next';
import { MAX_MESSAGE_LENGTH } from '../../bot/supportBot.ts';
import type { Locale } from '../../services/i18n/i18n.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';
import type { SinkActivity } from '../helpers/replySink.ts';

/**
 * The first-login journey over HTTP against the real server, with mail going to a real SMTP server: the user's own
 * question starts it, the address check answers over the wire, an empty and a 5,000-character message are answered
 * by the bot before any dialog (and the journey carries on), and nothing is queued or sent. A second-password
 * reset afterwards proves the mail path to the SMTP server works, so "no mail" is not an artefact of the set-up.
 */
describe('first login and email registration over HTTP', function () {
  this.timeout(60_000);
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e({ mailFrom: 'cert-no-reply@example-u.ac.jp' });
    // Delivery is driven by the test (runDue) from here on, so "nothing sent" is checked after a full round.
    await e2e.running.app.backing.outbox.stop();
  });
  after(async () => {
    await e2e.stop();
  });

  /** A user of one conversation: each message waits for exactly the replies it should get. */
  function user(locale: Locale) {
    const { say } = e2e.chat(locale === 'ja' ? 'ja-JP' : 'en-US');
    return async (text: string, count: number): Promise<SinkActivity[]> => {
      const got = await say(text, count);
      expect(got.map((reply) => reply.text), text.slice(0, 40)).to.have.length(count);
      return got;
    };
  }

  const cardOf = (reply: SinkActivity | undefined): string => JSON.stringify(reply?.attachments?.[0]?.content ?? null);

  const cases = [
    {
      locale: 'ja',
      firstLogin: '初めてログインします。メールアドレスの登録方法は？',
      badAddress: 'ｔａｒｏ＠ｅｘａｍｐｌｅ－ｕ．ａｃ．ｊｐ',
      findings: (t: TFunction) => [t('registration:check.fullWidth.withAddress', { address: 'taro@example-u.ac.jp' })],
    },
    {
      locale: 'en',
      firstLogin: "I'm logging in for the first time. How do I register my email address?",
      badAddress: 'taro @gmial.com',
      findings: (t: TFunction) => [
        t('registration:check.typo', { domain: 'gmial.com', suggestedDomain: 'gmail.com', suggestion: 'taro@gmail.com' }),
        t('registration:check.spaces.alone'),
        t('registration:check.free', { domain: 'gmail.com' }),
      ],
    },
  ] as const;

  for (const { locale, firstLogin, badAddress, findings } of cases) {
    it(`answers «${firstLogin}» with the journey and checks addresses, unharmed by an empty or a 5,000-character message (${locale})`, async () => {
      const t = tFor(locale);
      const say = user(locale);
      const [steps, next, offer] = await say(firstLogin, 3);
      expect(cardOf(steps)).to.include(t('registration:steps.heading')).and.include('s1234567');
      expect(steps!.text).to.include('cert-no-reply@example-u.ac.jp');
      expect(next!.text).to.include(t('registration:notArriving'));
      expect(offer!.text).to.equal(t('registration:offer.question'));

      const [report] = await say(badAddress, 1);
      const allowList = t('registration:check.allowList', { sender: 'cert-no-reply@example-u.ac.jp' });
      expect(report!.text).to.equal([...findings(t), allowList, t('registration:check.again')].join('\n\n'));

      expect((await say('', 1))[0]!.text).to.equal(t('common:emptyMessage'));
      expect((await say('a'.repeat(5000), 1))[0]!.text).to.equal(t('common:tooLong', { max: MAX_MESSAGE_LENGTH }));

      const [fine, menu] = await say('taro@example-u.ac.jp', 2);
      expect(fine!.text).to.include(t('registration:check.ok', { address: 'taro@example-u.ac.jp' }));
      expect(menu!.text).to.equal(t('common:anythingElse'));
    });
  }

  it('queues and sends no mail for the journey, while a reset afterwards reaches the SMTP server', async () => {
    const outbox = e2e.running.app.backing.outbox;
    const journey = user('en');
    await journey('How do I register my email address?', 3);
    await journey('taro@gmail.com', 2);
    expect(await outbox.runDue()).to.equal(0);
    for (const address of ['taro@example-u.ac.jp', 'taro@gmial.com', 'taro@gmail.com']) expect(await outbox.recentTo(address, 5)).to.deep.equal([]);
    expect(e2e.smtp.received).to.deep.equal([]);

    const say = user('ja');
    await say('第2パスワードを忘れました', 1);
    await say('在学生', 2);
    await say('s1234567', 1);
    const [checking] = await say('taro@example-u.ac.jp', 3);
    expect(checking!.text).to.equal(tFor('ja')('identity:checking'));
    expect(await outbox.runDue()).to.be.greaterThan(0);
    expect(e2e.smtp.received.flatMap((mail) => mail.rcptTo)).to.include('taro@example-u.ac.jp');
    expect(e2e.smtp.received.every((mail) => mail.rcptTo.every((to) => to === 'taro@example-u.ac.jp'))).to.equal(true);
  });
});
