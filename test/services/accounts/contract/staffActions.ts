import { expect } from 'chai';
import type { AccountsHarness } from './fixture.ts';
import { people, rejectionOf, staff, studentRef, user } from './fixture.ts';

/** The account limit, staff-only actions and what they leave behind. */
export function staffActionCases(harness: () => AccountsHarness): void {
  describe('account failure limit', () => {
    it('blocks self-service at 20 consecutive failures, not at 19', async () => {
      const near = await studentRef(harness(), people.nearLimit);
      expect((await harness().accounts.registrationStatus(near, user)).selfServiceBlocked).to.equal(false);
      const blocked = await studentRef(harness(), people.blocked);
      expect((await harness().accounts.registrationStatus(blocked, user)).selfServiceBlocked).to.equal(true);
    });

    it('answers account_locked to self-service actions and mails nothing', async () => {
      const account = await studentRef(harness(), people.blocked);
      expect(await harness().accounts.reissueAuthKey(account, user)).to.deep.equal({ ok: false, reason: 'account_locked' });
      expect(await harness().accounts.sendSecondPasswordReset(account, user)).to.deep.equal({ ok: false, reason: 'account_locked' });
      expect(await harness().mails()).to.have.length(0);
    });
  });

  describe('#unlock', () => {
    it('refuses users with forbidden and changes nothing', async () => {
      const account = await studentRef(harness(), people.blocked);
      expect(await harness().accounts.unlock(account, user)).to.deep.equal({ ok: false, reason: 'forbidden' });
      const [entry] = await harness().audit({ account: account.id });
      expect(entry).to.include({ action: 'accounts.unlock', result: 'denied', detail: 'forbidden' });
      expect((await harness().accounts.registrationStatus(account, user)).selfServiceBlocked).to.equal(true);
    });

    it('lets staff reset the count and void the invalidated key, so self-service works again', async () => {
      const account = await studentRef(harness(), people.blocked);
      expect((await harness().accounts.unlock(account, staff)).ok).to.equal(true);
      const summary = await harness().accounts.staffSummary(account, staff);
      expect(summary).to.include({ selfServiceBlocked: false, accountFailures: 0, keyFailures: 0, authKey: 'none' });
      expect((await harness().accounts.reissueAuthKey(account, user)).ok).to.equal(true);
    });
  });

  describe('#setTwoFactor', () => {
    it('refuses users with forbidden', async () => {
      const account = await studentRef(harness(), people.healthy);
      expect(await harness().accounts.setTwoFactor(account, false, user)).to.deep.equal({ ok: false, reason: 'forbidden' });
      expect((await harness().accounts.registrationStatus(account, user)).twoFactor).to.equal(true);
    });

    it('lets staff turn it off and on (003 §2.7); off voids the key', async () => {
      const account = await studentRef(harness(), people.healthy);
      await harness().accounts.reissueAuthKey(account, staff);
      expect((await harness().accounts.setTwoFactor(account, false, staff)).ok).to.equal(true);
      expect(await harness().accounts.registrationStatus(account, user)).to.include({ twoFactor: false, authKey: 'none' });
      expect((await harness().accounts.setTwoFactor(account, true, staff)).ok).to.equal(true);
      expect((await harness().accounts.registrationStatus(account, user)).twoFactor).to.equal(true);
    });

    it('is not applicable at a tenant without two-factor authentication', async () => {
      const account = await studentRef(harness(), people.plain);
      expect(await harness().accounts.setTwoFactor(account, true, staff)).to.deep.equal({ ok: false, reason: 'not_applicable' });
    });
  });

  describe('#lookup and #staffSummary', () => {
    it('find an account for staff by login ID', async () => {
      const ref = await harness().accounts.lookup('example-u', ' ｓ１２３４５６７ ', staff);
      expect(ref).to.deep.equal(await studentRef(harness(), people.healthy));
      expect(await harness().accounts.lookup('example-u', 's9999999', staff)).to.equal(undefined);
    });

    it('throw ForbiddenError for users', async () => {
      const account = await studentRef(harness(), people.healthy);
      expect((await rejectionOf(harness().accounts.lookup('example-u', people.healthy.loginId, user))).name).to.equal('ForbiddenError');
      expect((await rejectionOf(harness().accounts.staffSummary(account, user))).name).to.equal('ForbiddenError');
    });

    it('summarise states, counters and recent mails with every address masked', async () => {
      const account = await studentRef(harness(), people.healthy);
      const sent = await harness().accounts.reissueAuthKey(account, user);
      const summary = await harness().accounts.staffSummary(account, staff);
      expect(summary).to.include({ kind: 'student', stage: 'active', loginId: people.healthy.loginId, maskedEmail: 'ta***@ex***.ac.jp' });
      expect(summary.recentMails.map((mail) => mail.kind)).to.include.members(['authKey', 'securityNotice']);
      expect(summary.recentMails.find((mail) => mail.kind === 'authKey')).to.include({ state: 'queued', mailId: sent.ok ? sent.mail?.mailId : '' });
      expect(JSON.stringify(summary)).not.to.include(people.healthy.email);
    });
  });

  describe('security notices', () => {
    const notices = async () => (await harness().mails()).filter((mail) => mail.kind === 'securityNotice');

    it('tell the registered address that a chat user asked, and whom to call if it was not them', async () => {
      await harness().accounts.sendSecondPasswordReset(await studentRef(harness(), people.healthy), user);
      const [notice] = await notices();
      expect(notice?.to).to.equal(people.healthy.email);
      expect(notice?.text).to.include('a user of the support chat').and.to.include("this wasn't me").and.to.include('082-207-4262');
    });

    it('say staff did it for key reissues, unlocks and 2FA changes by staff', async () => {
      const account = await studentRef(harness(), people.healthy);
      await harness().accounts.reissueAuthKey(account, staff);
      await harness().accounts.unlock(account, staff);
      await harness().accounts.setTwoFactor(account, false, staff);
      const texts = (await notices()).map((mail) => mail.text);
      expect(texts).to.have.length(3);
      for (const text of texts) expect(text).to.include('a staff member of the support center');
      expect(texts.join('\n')).to.include('reissued').and.to.include('unlocked').and.to.include('turned off');
    });
  });

  describe('audit', () => {
    it('records each action with its actor, tenant, account and the mail it queued', async () => {
      const account = await studentRef(harness(), people.healthy);
      const result = await harness().accounts.sendSecondPasswordReset(account, staff);
      const [entry] = await harness().audit({ staffId: 'agent01' });
      expect(entry).to.include({ action: 'accounts.sendSecondPasswordReset', tenant: 'example-u', account: account.id, result: 'ok' });
      expect(entry?.detail).to.equal(`mail:${result.ok ? result.mail?.mailId : ''}`);
      expect(entry?.actor).to.deep.equal(staff);
    });

    it('records refusals with their reason', async () => {
      const account = await studentRef(harness(), people.blocked);
      await harness().accounts.reissueAuthKey(account, user);
      const [entry] = await harness().audit({ account: account.id });
      expect(entry).to.include({ action: 'accounts.reissueAuthKey', result: 'refused', detail: 'account_locked' });
    });
  });
}
