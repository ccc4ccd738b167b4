import { expect } from 'chai';
import type { Actor } from '../../services/audit/auditLog.ts';
import { maskEmail } from '../../services/accounts/reference/maskEmail.ts';
import { formatJst } from '../../dialogs/shared/formatJst.ts';
import { MAX_MESSAGE_LENGTH } from '../../bot/supportBot.ts';
import { tFor } from '../helpers/dialogClient.ts';
import { startE2e } from '../helpers/e2eHarness.ts';
import type { Chat, E2e } from '../helpers/e2eHarness.ts';
import type { SinkActivity } from '../helpers/replySink.ts';

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
  let e2e: E2e;

  beforeEach(async () => {
    e2e = await startE2e({ mailFrom: SENDER });
    await e2e.running.app.backing.outbox.stop();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  const texts = (activities: SinkActivity[]) => activities.map((activity) => activity.text);
  const checking = t('identity:checking');
  const sent = [t('missingMail:resend.sent.confirmation'), t('missingMail:resend.validity.confirmation'), t('missingMail:resend.spam')].join('\n\n');
  const deliver = async () => await e2e.running.app.backing.outbox.runDue();
  const lastMailTo = async (address: string) => (await e2e.running.app.backing.outbox.recentTo(address, 1))[0];

  /** Opening, choice, checklist and identity check; returns the replies to the email. */
  async function askAbout({ say, press }: Chat, loginId: string, email: string): Promise<SinkActivity[]> {
    const [which] = await say('確認メールが届きません');
    expect(which?.text).to.equal(t('missingMail:which.question'));
    const checklist = await press({ action: 'choice', value: 'confirmation' });
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
    const first = await askAbout(e2e.chat(), saburo.loginId, saburo.email);
    expect(texts(first)).to.deep.equal([checking, t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
    expect(e2e.smtp.received.map((mail) => mail.rcptTo)).to.deep.equal([[saburo.email]]);

    // Asked again: the status of the mail just delivered, in Japan time, then one more mail.
    const again = e2e.chat();
    const delivered = await lastMailTo(saburo.email);
    expect(delivered?.state).to.equal('sent');
    const { date, time } = formatJst('ja', delivered!.sentAt!);
    const status = t('missingMail:status.sent', { mail: t('missingMail:mailKinds.emailConfirmation'), to: maskEmail(saburo.email), date, time });
    expect(texts(await askAbout(again, saburo.loginId, saburo.email))).to.deep.equal([checking, status, sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
    expect(e2e.smtp.received.map((mail) => mail.rcptTo)).to.deep.equal([[saburo.email], [saburo.email]]);
    const [, newest] = await e2e.smtp.parsed();
    expect(newest?.text).to.match(/\/account\/confirm-email\?t=[A-Za-z0-9_-]{43}/);

    const stillMissing = await again.say('まだ届きません');
    expect(stillMissing[0]?.text).to.include(maskEmail(saburo.email));
    expect(stillMissing[1]?.text?.startsWith(t('missingMail:arrival.stillMissing'))).to.equal(true);
    expect(await deliver()).to.equal(0);
  });

  it('answers an unknown account with the replies of an existing ID with a wrong email, and sends no mail', async () => {
    const unknown = await askAbout(e2e.chat(), 's7654321', 'nobody@example-u.ac.jp');
    const wrongEmail = await askAbout(e2e.chat(), saburo.loginId, 'nobody@example-u.ac.jp');
    const seen = (activities: SinkActivity[]) => activities.map(({ type, text, attachments }) => JSON.stringify({ type, text, attachments }));
    expect(seen(unknown)).to.deep.equal(seen(wrongEmail));
    expect(texts(unknown)).to.deep.equal([checking, t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(0);
    expect(e2e.smtp.received).to.deep.equal([]);
  });

  it('past the budget sends no mail and names the next allowed time', async () => {
    const { accounts } = e2e.running.app.backing;
    const verification = await accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', ...saburo }, setupActor);
    if (!verification.verified) throw new Error('the demo student did not verify');
    let refusal: Awaited<ReturnType<typeof accounts.resendEmailConfirmation>> = { ok: true };
    while (refusal.ok) refusal = await accounts.resendEmailConfirmation(verification.account, setupActor);
    if (refusal.reason !== 'budget_exhausted') throw new Error(`expected the budget to run out, got ${refusal.reason}`);
    const queued = await deliver();

    const answered = await askAbout(e2e.chat(), saburo.loginId, saburo.email);
    expect(answered[0]?.text).to.equal(checking);
    expect(answered[2]?.text).to.equal(t('missingMail:resend.budget', formatJst('ja', refusal.retryAt)));
    expect(await deliver()).to.equal(0);
    expect(e2e.smtp.received).to.have.length(queued);
  });

  it('answers a 5,000-character and an empty message mid-journey, and the journey goes on', async () => {
    const { say, press } = e2e.chat();
    await say('確認メールが届きません');
    await press({ action: 'choice', value: 'confirmation' });
    await say('お願いします');
    await say(saburo.loginId);
    expect(texts(await say('あ'.repeat(5000)))).to.deep.equal([t('common:tooLong', { max: MAX_MESSAGE_LENGTH })]);
    expect(texts(await say(''))).to.deep.equal([t('common:emptyMessage')]);
    expect(texts(await say(saburo.email))).to.deep.equal([checking, t('missingMail:status.none'), sent, t('missingMail:arrival.question')]);
    expect(await deliver()).to.equal(1);
  });
});
