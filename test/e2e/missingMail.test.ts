import { expect } from 'chai';
import type { Actor } from '../../services/audit/auditLog.ts';
import { maskEmail } from '../../services/accounts/reference/maskEmail.ts';
import { formatJst } from '../../dialogs/shared/formatJst.ts';
import { MAX_MESSAGE_LENGTH } from '../../bot/supportBot.ts';
import { BotClient } from '../helpers/botClient.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { ReplySink } from '../helpers/replySink.ts';
import type { SinkActivity } from '../helpers/replySink.ts';
import { SmtpSink } from '../helpers/smtpSink.ts';
import { startTestApp } from '../helpers/testApp.ts';
import type { RunningApp } from '../helpers/testApp.ts';

/** The demo fixture's student whose address awaits its confirmation (bot/demoFixture.json). */
const saburo = { loginId: 's3456789', email: 'saburo@example-u.ac.jp' };
const SENDER = 'cert-no-reply@example-u.ac.jp';
const t = tFor('ja');
const setupActor: Actor = { kind: 'user', conversationId: 'e2e-missing-mail-setup' };

/**
 * "The mail did not arrive" over HTTP against the real server (demo fixture, embedded store, reference accounts),
 * its mail going out through the outbox to a real SMTP server. The outbox's background worker is stopped after
 * start, so the test decides when mail is delivered (`runDue`) instead of waiting on timers.
 */
describe('the missing confirmation mail over HTTP, with real SMTP', function () {
  this.timeout(60_000);
  const replies = new ReplySink();
  let smtp: SmtpSink;
  let running: RunningApp;
  let serviceUrl: string;

  beforeEach(async () => {
    serviceUrl = await replies.start();
    smtp = await new SmtpSink().start();
    running = await startTestApp({ SMTP_URL: smtp.url, MAIL_FROM: SENDER });
    await running.app.backing.outbox.stop();
  });
  afterEach(async () => {
    await running.stop();
    await smtp.stop();
    await replies.stop();
  });

  /** A user of one conversation: each message's replies (typing indicators left out), once the turn has finished. */
  function chatter() {
    const client = new BotClient(running.url, serviceUrl, { locale: 'ja-JP' });
    let seen = 0;
    return async (input: string | Record<string, unknown>): Promise<SinkActivity[]> => {
      const response = typeof input === 'string' ? await client.say(input) : await client.press(input);
      expect(response.status).to.be.below(300);
      // The adapter answers the POST once the turn is over, so every reply has reached the sink by now.
      const answered = replies.of(client.conversationId).slice(seen);
      seen += answered.length;
      return answered;
    };
  }

  const texts = (activities: SinkActivity[]) => activities.map((activity) => activity.text);
  const sent = [t('missingMail:resend.sent.confirmation'), t('missingMail:resend.validity.confirmation'), t('missingMail:resend.spam')].join('\n\n');
  const deliver = async () => await running.app.backing.outbox.runDue();
  const lastMailTo = async (address: string) => (await running.app.backing.outbox.recentTo(address, 1))[0];

  /** Opening, choice, checklist and identity check; returns the replies to the email. */
  async function askAbout(say: ReturnType<typeof chatter>, loginId: string, email: string): Promise<SinkActivity[]> {
    const [which] = await say('確認メールが届きません');
    expect(which?.text).to.equal(t('missingMail:which.question'));
    const checklist = await say({ action: 'choice', value: 'confirmation' });
    expect(texts(checklist)).to.deep.equal([t('missingMail:checklist.intro.confirmation'), t('missingMail:offer.question')]);
    expect(JSON.stringify(checklist[0]?.attachments)).to.include(SENDER);
    expect(texts(await say('お願いします'))).to.deep.equal([
      `${t('missingMail:purpose.confirmation')}\n\n${t('identity:intro')}`,
      t('identity:askLoginId', { label: '学籍番号', example: 's1234567' }),
    ]);
    expect(texts(await say(loginId))).to.deep.equal([t('identity:askEmail')]);
    return await say(email);
  }

  it('shows the delivery status and resends: exactly one new mail, to the registered address only', async () => {
    const say = chatter();
    const first = await askAbout(say, saburo.loginId, saburo.email);
    expect(texts(first)).to.deep.equal([t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
    expect(smtp.received.map((mail) => mail.rcptTo)).to.deep.equal([[saburo.email]]);

    // Asked again: the status of the mail just delivered, in Japan time, then one more mail.
    const again = chatter();
    const delivered = await lastMailTo(saburo.email);
    expect(delivered?.state).to.equal('sent');
    const { date, time } = formatJst('ja', delivered!.sentAt!);
    const status = t('missingMail:status.sent', { mail: t('missingMail:mailKinds.emailConfirmation'), to: maskEmail(saburo.email), date, time });
    expect(texts(await askAbout(again, saburo.loginId, saburo.email))).to.deep.equal([status, sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
    expect(smtp.received.map((mail) => mail.rcptTo)).to.deep.equal([[saburo.email], [saburo.email]]);
    const [, newest] = await smtp.parsed();
    expect(newest?.text).to.match(/\/account\/confirm-email\?t=[A-Za-z0-9_-]{43}/);

    const stillMissing = await again('まだ届きません');
    expect(stillMissing[0]?.text).to.include(maskEmail(saburo.email));
    expect(stillMissing[1]?.text?.startsWith(t('missingMail:arrival.stillMissing'))).to.equal(true);
    expect(await deliver()).to.equal(0);
  });

  it('answers an unknown account with the replies of an existing ID with a wrong email, and sends no mail', async () => {
    const unknown = await askAbout(chatter(), 's7654321', 'nobody@example-u.ac.jp');
    const wrongEmail = await askAbout(chatter(), saburo.loginId, 'nobody@example-u.ac.jp');
    const seen = (activities: SinkActivity[]) => activities.map(({ type, text, attachments }) => JSON.stringify({ type, text, attachments }));
    expect(seen(unknown)).to.deep.equal(seen(wrongEmail));
    expect(texts(unknown)).to.deep.equal([t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(0);
    expect(smtp.received).to.deep.equal([]);
  });

  it('past the budget sends no mail and names the next allowed time', async () => {
    const { accounts } = running.app.backing;
    const verification = await accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...saburo }, setupActor);
    if (!verification.verified) throw new Error('the demo student did not verify');
    let refusal: Awaited<ReturnType<typeof accounts.resendEmailConfirmation>> = { ok: true };
    while (refusal.ok) refusal = await accounts.resendEmailConfirmation(verification.account, setupActor);
    if (refusal.reason !== 'budget_exhausted') throw new Error(`expected the budget to run out, got ${refusal.reason}`);
    const queued = await deliver();

    const answered = await askAbout(chatter(), saburo.loginId, saburo.email);
    expect(answered[1]?.text).to.equal(t('missingMail:resend.budget', formatJst('ja', refusal.retryAt)));
    expect(await deliver()).to.equal(0);
    expect(smtp.received).to.have.length(queued);
  });

  it('answers a 5,000-character and an empty message mid-journey, and the journey goes on', async () => {
    const say = chatter();
    await say('確認メールが届きません');
    await say({ action: 'choice', value: 'confirmation' });
    await say('お願いします');
    await say(saburo.loginId);
    expect(texts(await say('あ'.repeat(5000)))).to.deep.equal([t('common:tooLong', { max: MAX_MESSAGE_LENGTH })]);
    expect(texts(await say(''))).to.deep.equal([t('common:emptyMessage')]);
    expect(texts(await say(saburo.email))).to.deep.equal([t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
  });
});
