import { expect } from 'chai';
import type { MailDelivery } from '../../../services/accounts/accounts.ts';
import { describeDelivery, safeReplyCode } from '../../../dialogs/missingMail/deliveryStatus.ts';
import { tFor } from '../../helpers/dialogClient.ts';

const base: MailDelivery = {
  mailId: 'confirmEmail.acc.1',
  kind: 'emailConfirmation',
  maskedTo: 'ji***@ex***.com',
  state: 'sent',
  queuedAt: '2026-04-01T01:01:30.000Z',
  sentAt: '2026-04-01T01:02:05.000Z',
  detail: '250 2.0.0 OK queued as 4F2',
};

describe('deliveryStatus', () => {
  describe('#describeDelivery', () => {
    it('[ja] says when a sent mail reached the mail server, in Japan time, with the masked address and no SMTP detail', () => {
      expect(describeDelivery(tFor('ja'), 'ja', base)).to.equal(
        '最新のメール（確認メール、ji***@ex***.com宛て）は、4月1日 10:02（日本時間）に、お使いのメールサーバーへ送信済みです。受信箱にない場合は、迷惑メールフォルダと受信許可リストの設定をご確認ください。',
      );
    });

    it('[en] says when a sent mail reached the mail server, in Japan time', () => {
      expect(describeDelivery(tFor('en'), 'en', base)).to.equal(
        'The latest mail from the service (a confirmation mail to ji***@ex***.com) was sent to your mail server on April 1 at 10:02 (Japan time). If it is not in your inbox, please check your spam folder and your allow-list.',
      );
    });

    it('says a queued mail is still waiting, with the time it was accepted', () => {
      const text = describeDelivery(tFor('en'), 'en', { ...base, state: 'queued', sentAt: undefined, detail: undefined });
      expect(text).to.equal(
        'The latest mail from the service (a confirmation mail to ji***@ex***.com) is still waiting to be sent. It was accepted on April 1 at 10:01 (Japan time).',
      );
    });

    it('says a refused mail may have a wrong address, with the reply code only: never the address the server quoted', () => {
      const bounced: MailDelivery = { ...base, state: 'bounced', detail: "Can't send mail - all recipients were rejected: 550 5.1.1 <jiro@exmaple.com>: Recipient address rejected" };
      for (const locale of ['ja', 'en'] as const) {
        const t = tFor(locale);
        const text = describeDelivery(t, locale, bounced);
        expect(text).to.equal(`${t('missingMail:status.bounced', { mail: t('missingMail:mailKinds.emailConfirmation'), to: base.maskedTo })}\n${t('missingMail:status.serverReply', { code: '550 5.1.1' })}`);
        expect(text).not.to.include('jiro@exmaple.com');
      }
    });

    it('leaves out the detail of a failed mail (transport errors name hosts and ports)', () => {
      const failed: MailDelivery = { ...base, state: 'failed', detail: 'SMTP delivery failed: connect ECONNREFUSED 10.0.0.5:25' };
      const t = tFor('en');
      expect(describeDelivery(t, 'en', failed)).to.equal(t('missingMail:status.failed', { mail: t('missingMail:mailKinds.emailConfirmation'), to: base.maskedTo }));
    });

    it('names a kind it does not know as "a mail"', () => {
      expect(describeDelivery(tFor('en'), 'en', { ...base, kind: 'ticket' })).to.include('(a mail to ji***@ex***.com)');
    });
  });

  describe('#safeReplyCode', () => {
    it('reads the enhanced code after the basic one, or the basic one alone', () => {
      expect(safeReplyCode('550 5.1.1 unknown user')).to.equal('550 5.1.1');
      expect(safeReplyCode('rejected: 554 message refused')).to.equal('554');
    });

    it('finds nothing in text without a 5xx reply code (ports and addresses are not codes)', () => {
      expect(safeReplyCode(undefined)).to.equal(undefined);
      expect(safeReplyCode('connect ECONNREFUSED 127.0.0.1:550')).to.equal(undefined);
      expect(safeReplyCode('user550@example.com refused')).to.equal(undefined);
    });
  });
});
