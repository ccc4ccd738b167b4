import { expect } from 'chai';
import type { Locale } from '../../services/i18n/i18n.ts';
import { messageIdFor } from '../../services/mail/outbox.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { E2e } from '../helpers/e2eHarness.ts';
import type { SinkActivity } from '../helpers/replySink.ts';

/** The demo graduate of bot/demoFixture.json: approved, passwords set. */
const hanako = { email: 'hanako@example.com', birthDate: '1999-09-09', studentId: 'g0912345' };

/** Issue 5 item 6 over HTTP: the real server with its demo data and mail over real SMTP; a graduate asks for the status. */
describe('a graduate checks the application status on the demo server', function () {
  this.timeout(60_000);
  let e2e: E2e;

  before(async () => {
    e2e = await startE2e();
  });
  after(async () => {
    await e2e.stop();
  });

  /** A user in `locale`; each message resolves with the bot's replies to it (typing indicators included). */
  function user(locale: Locale) {
    const chat = e2e.chat(locale === 'ja' ? 'ja-JP' : 'en-US');
    let consumed = 0;
    const all = () => e2e.replies.received.filter((activity) => activity.conversation.id === chat.user.conversationId);
    return async (text: string, count: number): Promise<SinkActivity[]> => {
      const said = await chat.say(text, count);
      expect(said.map((activity) => activity.text), `replies to "${text}"`).to.have.length(count);
      const turn = all().slice(consumed);
      consumed += turn.length;
      return turn;
    };
  }

  /** What a user sees of a turn's replies (ids, timestamps and addresses left out), for byte-for-byte comparison. */
  const seenOf = (turn: SinkActivity[]): string => JSON.stringify(turn.map(({ type, text, attachments }) => ({ type, text, attachments })));

  /** The status question, the address and the detail; resolves with what was seen at each step. */
  async function askStatus(locale: Locale, email: string, detail: string): Promise<SinkActivity[][]> {
    const say = user(locale);
    const question = locale === 'ja' ? '卒業生の利用申請の状況を確認したい' : 'I want to check the status of my graduate application';
    return [await say(question, 2), await say(email, 1), await say(detail, 3)];
  }

  for (const locale of ['ja', 'en'] as const) {
    it(`[${locale}] tells the demo graduate that the application is approved and how to log in`, async () => {
      const t = tFor(locale);
      const [intro, askDetail, answer] = await askStatus(locale, hanako.email, hanako.birthDate);
      expect(intro!.map((activity) => activity.text)).to.deep.equal([`${t('graduates:status.purpose')}\n\n${t('identity:intro')}`, t('identity:askEmail')]);
      expect(askDetail!.map((activity) => activity.text)).to.deep.equal([t('identity:askGraduateDetail')]);
      // The check's "one moment, please" comes first, before any typing indicator.
      expect(answer![0]!.text).to.equal(t('identity:checking'));
      const said = answer!.filter((activity) => activity.type !== 'typing');
      expect(said[0]!.text).to.equal(t('identity:checking'));
      expect(said[1]!.text).to.equal([t('graduates:status.approved.active'), t('graduates:status.approved.forgot')].join('\n\n'));
      expect(said[2]!.text).to.equal(t('common:anythingElse'));
      expect(answer!.filter((activity) => activity.type === 'typing').length).to.be.greaterThan(0);
    });
  }

  it('answers an unknown address exactly as a known address with the wrong birth date, in both languages', async () => {
    for (const locale of ['ja', 'en'] as const) {
      const unknown = (await askStatus(locale, 'nobody@example.com', hanako.birthDate)).map(seenOf);
      const mismatch = (await askStatus(locale, hanako.email, '2000-01-01')).map(seenOf);
      expect(mismatch).to.deep.equal(unknown);
      expect(unknown[2]).to.include(JSON.stringify(tFor(locale)('graduates:status.notConfirmed')).slice(1, -1));
    }
  });

  it('sends no mail for any status check: the next mail the SMTP server receives is a later, real one', async () => {
    const { outbox, accounts } = e2e.running.app.backing;
    expect(await outbox.recentTo(hanako.email, 10)).to.deep.equal([]);
    expect(await outbox.recentTo('nobody@example.com', 10)).to.deep.equal([]);
    // A barrier mail through the same outbox and SMTP: once it has arrived, anything queued before it would have too.
    const verified = await accounts.verifyIdentity({ kind: 'graduate', tenant: 'example-u', ...hanako }, { kind: 'user', conversationId: 'e2e-barrier' });
    if (!verified.verified) throw new Error('the demo graduate did not verify');
    expect((await accounts.sendSecondPasswordReset(verified.account, { kind: 'user', conversationId: 'e2e-barrier' })).ok).to.equal(true);
    await outbox.stop();
    const delivered = await e2e.delivered();
    // Every mail delivered is one the barrier queued (the reset and its security notice): none came from a status check.
    const queued = await outbox.recentTo(hanako.email, 10);
    expect(queued.map((mail) => mail.kind).sort()).to.deep.equal(['graduatePasswordReset', 'securityNotice']);
    expect(e2e.smtp.received.map((message) => message.rcptTo)).to.deep.equal(queued.map(() => [hanako.email]));
    expect(delivered.map((mail) => mail.messageId).sort()).to.deep.equal(queued.map((mail) => messageIdFor(mail.id)).sort());
    const audit = await e2e.running.app.backing.audit.find({ tenant: 'example-u' }, 1000);
    expect(audit.filter((entry) => entry.action === 'accounts.registrationStatus')).to.have.length(2);
  });
});
