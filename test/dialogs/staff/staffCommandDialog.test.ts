import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import type { AuditEntry, AuditLog } from '../../../services/audit/auditLog.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { validateCard } from '../../helpers/validateCard.ts';
import { people } from '../../services/accounts/contract/fixture.ts';
import { agent, cardOf, openStaffHarness, supervisor, supervisor2, yesOf } from './staffHarness.ts';
import type { StaffHarness } from './staffHarness.ts';

const en = tFor('en');
const ja = tFor('ja');
const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** The staff entries (not the account service's own `accounts.*` ones), oldest first. */
async function staffEntries(harness: StaffHarness, filter: { staffId?: string } = {}): Promise<AuditEntry[]> {
  return (await harness.audit(filter)).filter((entry) => entry.action.startsWith('staff.')).reverse();
}

const mailsTo = (harness: StaffHarness, to: string) => harness.reference.mails().filter((mail) => mail.to === to);

function expectValidCard(reply: Partial<Activity> | undefined): void {
  expect(reply?.attachments?.[0]?.contentType).to.equal(ADAPTIVE);
  expect(validateCard(cardOf(reply))).to.deep.equal([]);
  expect(String(cardOf(reply).fallbackText)).to.not.equal('');
}

describe('StaffCommandDialog', function () {
  this.timeout(20_000);
  let harness: StaffHarness;
  afterEach(async () => await harness.close());

  context('status, by an agent', () => {
    beforeEach(async () => (harness = await openStaffHarness({ locale: 'en' })));

    it('shows the masked status card and audits the read with reason and case', async () => {
      const replies = await harness.send(agent, '/status s1234567 user says no mail arrives T-000001');
      expect(replies).to.have.length(1);
      expect(replies[0]!.text).to.equal(en('staff:status.intro', { account: 's1234567' }));
      expectValidCard(replies[0]);
      const card = JSON.stringify(cardOf(replies[0]));
      expect(card).to.include('ta***@').and.not.include('taro@example-u.ac.jp');
      expect(card).to.include(en('staff:status.stages.active')).and.include(en('staff:buttons.unlock'));
      // An agent gets no two-factor button: that is a supervisor's action.
      expect(card).to.not.include(en('staff:buttons.twoFactorOff'));
      const [entry] = await staffEntries(harness);
      expect(entry).to.deep.include({ action: 'staff.status', tenant: 'example-u', reason: 'user says no mail arrives', result: 'ok', detail: 'read' });
      expect(entry!.actor).to.deep.equal({ kind: 'staff', staffId: 'agent01', role: 'agent', conversationId: 'T-000001' });
      expect(entry!.account).to.be.a('string').and.not.equal('s1234567');
      expect(entry!.at).to.be.instanceOf(Date);
    });

    it('asks for the reason and the case when the command has neither', async () => {
      expect((await harness.send(agent, '/status s1234567'))[0]!.text).to.equal(en('staff:ask.reason'));
      expect((await harness.send(agent, 'checking registration'))[0]!.text).to.equal(en('staff:ask.reference'));
      const replies = await harness.send(agent, 'T-000042');
      expect(replies[0]!.text).to.equal(en('staff:status.intro', { account: 's1234567' }));
      const [entry] = await staffEntries(harness);
      expect(entry).to.deep.include({ reason: 'checking registration' });
      expect(entry!.actor).to.deep.include({ conversationId: 'T-000042' });
    });

    it('says so for an account that does not exist', async () => {
      const replies = await harness.send(agent, '/status s9999999 caller asked T-000001');
      expect(replies.map((reply) => reply.text)).to.deep.equal([en('staff:notFound', { account: 's9999999', tenant: 'example-u' })]);
      expect((await staffEntries(harness))[0]).to.deep.include({ result: 'refused', detail: 'not_found' });
    });
  });

  context('mail actions with confirmation, by an agent', () => {
    beforeEach(async () => (harness = await openStaffHarness({ locale: 'en' })));

    it('sends the reset mail after Yes, and the user gets the notice that staff did it', async () => {
      const [card] = await harness.send(agent, '/reset s1234567 forgot second password T-000001');
      expect(card!.text).to.equal(en('staff:confirm.question'));
      expectValidCard(card);
      const shown = JSON.stringify(cardOf(card));
      expect(shown).to.include(en('staff:effects.resetSecondPassword', { maskedTo: 'ta***@ex***.ac.jp' }).slice(0, 40));
      expect(shown).to.include('forgot second password').and.include('T-000001');
      expect(mailsTo(harness, people.healthy.email)).to.have.length(0);
      const replies = await harness.send(agent, yesOf(card));
      expect(replies).to.have.length(1);
      expect(replies[0]!.text).to.match(/^Done\. The reset mail is queued for ta\*\*\*@/);
      expect(replies[0]!.text).to.include(en('staff:results.userNotified'));
      const mails = mailsTo(harness, people.healthy.email);
      expect(mails.map((mail) => mail.kind)).to.have.members(['secondPasswordReset', 'securityNotice']);
      const notice = mails.find((mail) => mail.kind === 'securityNotice')!;
      expect(notice.text).to.include('a staff member of the support center');
      const [entry] = await staffEntries(harness);
      expect(entry).to.deep.include({ action: 'staff.resetSecondPassword', reason: 'forgot second password', result: 'ok', detail: 'confirmed' });
      expect(entry!.actor).to.deep.equal({ kind: 'staff', staffId: 'agent01', role: 'agent', conversationId: 'T-000001' });
      // The account service audited its own call with the staff member as actor.
      const service = (await harness.audit({ account: entry!.account })).find((found) => found.action === 'accounts.sendSecondPasswordReset');
      expect(service?.actor).to.deep.include({ kind: 'staff', staffId: 'agent01' });
    });

    it('does nothing when cancelled', async () => {
      await harness.send(agent, '/reissue-key s3000001 key invalidated after typos T-000005');
      const replies = await harness.send(agent, { action: 'staffConfirm', token: 'whatever', answer: 'no' });
      expect(replies.map((reply) => reply.text)).to.deep.equal([en('staff:cancelled')]);
      expect(mailsTo(harness, people.invalidated.email)).to.have.length(0);
      expect((await harness.audit()).filter((entry) => entry.action === 'accounts.reissueAuthKey')).to.have.length(0);
    });

    it('ignores the Yes button of an older card', async () => {
      const [old] = await harness.send(agent, '/unlock s4000001 user locked out T-000005');
      await harness.send(agent, '/reissue s3000001 key invalidated T-000006');
      const replies = await harness.send(agent, yesOf(old));
      expect(replies.map((reply) => reply.text)).to.deep.equal([en('staff:cancelled')]);
      expect(mailsTo(harness, people.invalidated.email)).to.have.length(0);
    });

    it('resends the email confirmation to the pending address', async () => {
      const [card] = await harness.send(agent, '/resend-confirmation s2000001 confirmation mail lost T-000007');
      await harness.send(agent, yesOf(card));
      expect(mailsTo(harness, people.pending.email).map((mail) => mail.kind)).to.deep.equal(['emailConfirmation']);
    });

    it('reissues the authentication key, with the notice', async () => {
      const [card] = await harness.send(agent, '/reissue-key s3000001 key invalidated T-000008');
      await harness.send(agent, 'yes');
      expect(mailsTo(harness, people.invalidated.email).map((mail) => mail.kind)).to.have.members(['authKey', 'securityNotice']);
      expect(JSON.stringify(cardOf(card))).to.include('ke***@');
    });

    it('unlocks the account: failures back to 0, with the notice', async () => {
      await harness.send(agent, '/unlock s4000001 locked after typos T-000009');
      await harness.send(agent, 'yes');
      const ref = (await harness.reference.accounts.lookup('example-u', 's4000001', { kind: 'staff', staffId: 't', role: 'agent' }))!;
      const summary = await harness.reference.accounts.staffSummary(ref, { kind: 'staff', staffId: 't', role: 'agent' });
      expect(summary.accountFailures).to.equal(0);
      expect(mailsTo(harness, people.blocked.email).map((mail) => mail.kind)).to.deep.equal(['securityNotice']);
    });

    it('refuses two-factor changes to an agent, audited', async () => {
      const replies = await harness.send(agent, '/2fa-off s1234567 user lost phone T-000010');
      expect(replies.map((reply) => reply.text)).to.deep.equal([en('staff:refusals.role', { action: en('staff:actions.twoFactorOff') })]);
      expect((await staffEntries(harness))[0]).to.deep.include({ action: 'staff.twoFactorOff', result: 'denied', detail: 'role' });
    });
  });

  context('in Japanese', () => {
    beforeEach(async () => (harness = await openStaffHarness({ locale: 'ja' })));

    it('reads 「再設定メール」 and answers in Japanese', async () => {
      const [card] = await harness.send(agent, '再設定メール s1234567 第2パスワードを忘れたとのこと T-000011');
      expect(card!.text).to.equal(ja('staff:confirm.question'));
      expect(JSON.stringify(cardOf(card))).to.include(ja('staff:confirm.heading.resetSecondPassword'));
      const replies = await harness.send(agent, 'はい');
      expect(replies[0]!.text).to.match(/^完了しました。再設定メールを ta\*\*\*@/);
      const [entry] = await staffEntries(harness);
      expect(entry).to.deep.include({ reason: '第2パスワードを忘れたとのこと' });
    });

    it('reads 「状態 s1234567」 with the case asked for', async () => {
      expect((await harness.send(agent, '状態 s1234567 本人確認済み'))[0]!.text).to.equal(ja('staff:ask.reference'));
      expect((await harness.send(agent, 'T-000012'))[0]!.text).to.equal(ja('staff:status.intro', { account: 's1234567' }));
    });
  });

  context('two-factor authentication, by supervisors', () => {
    beforeEach(async () => (harness = await openStaffHarness({ locale: 'en' })));

    it('turning it off needs a second, different supervisor', async () => {
      const [card] = await harness.send(supervisor, '/2fa-off s1234567 user lost phone, identity checked by call-back T-000020');
      expect(JSON.stringify(cardOf(card))).to.include(en('staff:confirm.awaitsApproval'));
      const [requested] = await harness.send(supervisor, yesOf(card));
      const code = /A-[2-9A-Z]{6}/.exec(requested!.text ?? '')?.[0];
      expect(requested!.text).to.equal(en('staff:approval.requested', { code }));
      // Nothing has changed yet.
      expect(mailsTo(harness, people.healthy.email)).to.have.length(0);
      expect((await harness.send(supervisor, `/approve ${code}`)).map((reply) => reply.text)).to.deep.equal([en('staff:approval.sameSupervisor', { code })]);
      expect((await harness.send(agent, `/approve ${code}`)).map((reply) => reply.text)).to.deep.equal([en('staff:refusals.role', { action: en('staff:actions.twoFactorOff') })]);
      const [approval] = await harness.send(supervisor2, `/approve ${code}`);
      expect(JSON.stringify(cardOf(approval))).to.include(en('staff:confirm.approveHeading', { code })).and.include('Tanaka');
      const done = await harness.send(supervisor2, yesOf(approval));
      expect(done[0]!.text).to.include(en('staff:done.twoFactorOff'));
      expect(mailsTo(harness, people.healthy.email).map((mail) => mail.kind)).to.deep.equal(['securityNotice']);
      expect((await harness.send(supervisor2, `/approve ${code}`)).map((reply) => reply.text)).to.deep.equal([en('staff:approval.used', { code })]);
      const entries = await staffEntries(harness);
      expect(entries.map((entry) => [entry.action, (entry.actor as { staffId: string }).staffId, entry.result, entry.detail])).to.deep.include.members([
        ['staff.twoFactorOff', 'super01', 'ok', `approval_requested:${code}`],
        ['staff.approve', 'super01', 'refused', `approval_sameSupervisor:${code}`],
        ['staff.twoFactorOff', 'super02', 'ok', `approves:${code};requested_by:super01`],
      ]);
    });

    it('turns it on again without a second approval, and says when it already is', async () => {
      expect((await harness.send(supervisor, '/2fa-on s1234567 check T-000021')).map((reply) => reply.text)).to.deep.equal([en('staff:refusals.alreadyOn')]);
      const [card] = await harness.send(supervisor, '/2fa-off s1234567 lost phone T-000021');
      const code = /A-[2-9A-Z]{6}/.exec((await harness.send(supervisor, yesOf(card)))[0]!.text ?? '')![0];
      await harness.send(supervisor2, `/approve ${code}`);
      await harness.send(supervisor2, 'yes');
      const [on] = await harness.send(supervisor, '/2fa-on s1234567 user has a new phone T-000022');
      const replies = await harness.send(supervisor, yesOf(on));
      expect(replies[0]!.text).to.include(en('staff:done.twoFactorOn'));
    });
  });

  context('limits', () => {
    it('stops the fourth agent change of one account in 24 h; a supervisor may still act', async () => {
      harness = await openStaffHarness({ locale: 'en' });
      for (const ticket of ['T-000031', 'T-000032', 'T-000033']) {
        await harness.send(agent, `/unlock s4000001 locked again ${ticket}`);
        expect((await harness.send(agent, 'yes'))[0]!.text).to.include(en('staff:done.unlock'));
      }
      await harness.send(agent, '/unlock s4000001 locked again T-000034');
      const [refusal] = await harness.send(agent, 'yes');
      expect(refusal!.text).to.match(/^This account has had 3 changes by agents in the last 24 hours\. A supervisor must make the next one/);
      expect((await staffEntries(harness)).at(-1)).to.deep.include({ result: 'refused', detail: 'limit_account' });
      await harness.send(supervisor, '/unlock s4000001 checked with the user T-000034');
      expect((await harness.send(supervisor, 'yes'))[0]!.text).to.include(en('staff:done.unlock'));
    });

    it('stops a staff member past their own limit', async () => {
      const rule = (name: string) => [{ name, limit: 1, windowMs: 3_600_000, window: 'sliding' as const }];
      harness = await openStaffHarness({ locale: 'en', limits: { perAccount: rule('a'), perMember: rule('m'), readsPerMember: rule('r') } });
      await harness.send(agent, '/status s1234567 check T-000040');
      const [refusal] = await harness.send(agent, '/status s3000001 check T-000040');
      expect(refusal!.text).to.match(/^You have reached your limit of 1 status lookups in 1 hours\./);
    });
  });

  context('when the audit log cannot be written', () => {
    it('does not act, and says why', async () => {
      const failing = (log: AuditLog): AuditLog => ({
        find: (filter, limit) => log.find(filter, limit),
        append: async (entry) => {
          if (entry.action.startsWith('staff.') && entry.result === 'ok') throw new Error('audit store down');
          await log.append(entry);
        },
      });
      harness = await openStaffHarness({ locale: 'en', audit: failing });
      await harness.send(agent, '/reset s1234567 forgot T-000050');
      const replies = await harness.send(agent, 'yes');
      expect(replies.map((reply) => reply.text)).to.deep.equal([en('staff:results.auditFailed')]);
      expect(mailsTo(harness, people.healthy.email)).to.have.length(0);
      expect((await harness.audit()).filter((entry) => entry.action === 'accounts.sendSecondPasswordReset')).to.have.length(0);
    });
  });
});
