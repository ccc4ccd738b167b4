import { expect } from 'chai';
import type { AccountsHarness } from './fixture.ts';
import { HOUR, MINUTE, graduateRef, graduates, pendingRef, people, staff, studentRef, user } from './fixture.ts';

const TOKEN = '[A-Za-z0-9_-]{43}';

/** The actions that mail: confirmation, reset, key reissue; their rules, budgets and receipts. */
export function mailActionCases(harness: () => AccountsHarness): void {
  const mailsOf = async (kind: string, to?: string) =>
    (await harness().mails()).filter((mail) => mail.kind === kind && (to === undefined || mail.to === to));

  describe('#resendEmailConfirmation', () => {
    it('mails a new 30-minute one-time URL to the address awaiting confirmation', async () => {
      const result = await harness().accounts.resendEmailConfirmation(await pendingRef(harness()), user);
      expect(result).to.include({ ok: true });
      const [mail] = await mailsOf('emailConfirmation', people.pending.email);
      expect(mail?.text).to.match(new RegExp(`/account/confirm-email\\?t=${TOKEN}`));
      expect(mail?.locale).to.equal('ja');
      expect(mail?.text).to.include('30分');
    });

    it('is not applicable once the address is confirmed', async () => {
      const result = await harness().accounts.resendEmailConfirmation(await studentRef(harness(), people.healthy), user);
      expect(result).to.deep.equal({ ok: false, reason: 'not_applicable' });
    });
  });

  describe('#sendSecondPasswordReset', () => {
    it('mails a one-time URL to the registered address and returns a masked receipt', async () => {
      const result = await harness().accounts.sendSecondPasswordReset(await studentRef(harness(), people.healthy), user);
      if (!result.ok) throw new Error(`refused: ${result.reason}`);
      expect(result.mail?.maskedTo).to.equal('ta***@ex***.ac.jp');
      const mail = (await harness().mails()).find((each) => each.id === result.mail?.mailId);
      expect(mail).to.include({ kind: 'secondPasswordReset', to: people.healthy.email, locale: 'en' });
      expect(mail?.text).to.match(new RegExp(`/account/second-password\\?t=${TOKEN}`));
      expect(mail?.text).to.match(/Due date for the URL: 30 minutes \(until \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}, Japan time\)/);
      expect(mail?.text).to.include('082-207-4262');
    });

    it('sends graduates the graduate reset (password and second password)', async () => {
      const result = await harness().accounts.sendSecondPasswordReset(await graduateRef(harness(), graduates.approved), user);
      expect(result.ok).to.equal(true);
      const [mail] = await mailsOf('graduatePasswordReset', graduates.approved.email);
      expect(mail?.text).to.match(new RegExp(`/account/graduate-reset\\?t=${TOKEN}`));
    });

    for (const [name, ref] of [
      ['a student who never set a second password', (h: AccountsHarness) => studentRef(h, people.noSecond)],
      ['a tenant without second passwords', (h: AccountsHarness) => studentRef(h, people.plain)],
      ['a graduate whose application is pending', (h: AccountsHarness) => graduateRef(h, graduates.pending)],
    ] as const) {
      it(`is not applicable to ${name}, and mails nothing`, async () => {
        const result = await harness().accounts.sendSecondPasswordReset(await ref(harness()), user);
        expect(result).to.deep.equal({ ok: false, reason: 'not_applicable' });
        expect(await harness().mails()).to.have.length(0);
      });
    }
  });

  describe('#reissueAuthKey', () => {
    it('mails a six-digit key with its expiry in Japan time', async () => {
      const result = await harness().accounts.reissueAuthKey(await studentRef(harness(), people.healthy), user);
      expect(result.ok).to.equal(true);
      const [mail] = await mailsOf('authKey', people.healthy.email);
      expect(mail?.text).to.match(/Authentication key : \d{6}\nDate of Expiry : \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} \(Japan time\)/);
    });

    it('replaces an invalidated key with an active one (003 §2.6)', async () => {
      const account = await studentRef(harness(), people.invalidated);
      expect((await harness().accounts.registrationStatus(account, user)).authKey).to.equal('invalidated');
      expect((await harness().accounts.reissueAuthKey(account, user)).ok).to.equal(true);
      expect((await harness().accounts.registrationStatus(account, user)).authKey).to.equal('active');
    });

    it("does not reset the account's consecutive-failure count (NIST SP 800-63B)", async () => {
      const account = await studentRef(harness(), people.invalidated);
      await harness().accounts.reissueAuthKey(account, user);
      const summary = await harness().accounts.staffSummary(account, staff);
      expect(summary).to.include({ accountFailures: 7, keyFailures: 0, authKey: 'active' });
    });

    it("keeps the key for the tenant's lifetime: 10 minutes by default, 3 at short-u", async () => {
      for (const [who, minutes] of [[people.healthy, 10], [people.short, 3]] as const) {
        const account = await studentRef(harness(), who);
        await harness().accounts.reissueAuthKey(account, user);
        harness().clock.advance(minutes * MINUTE - 1000);
        expect((await harness().accounts.registrationStatus(account, user)).authKey, who.loginId).to.equal('active');
        harness().clock.advance(1000);
        expect((await harness().accounts.registrationStatus(account, user)).authKey, who.loginId).to.equal('expired');
      }
    });

    it('is not applicable at a tenant without two-factor authentication', async () => {
      const result = await harness().accounts.reissueAuthKey(await studentRef(harness(), people.plain), user);
      expect(result).to.deep.equal({ ok: false, reason: 'not_applicable' });
    });
  });

  describe('send budget', () => {
    it('allows five mails per 24 hours, then answers budget_exhausted with the time of the next', async () => {
      const account = await studentRef(harness(), people.healthy);
      const first = await harness().accounts.sendSecondPasswordReset(account, user);
      const start = Date.parse(first.ok ? (first.mail?.queuedAt ?? '') : '');
      for (let sent = 1; sent < 5; sent++) {
        harness().clock.advance(HOUR);
        expect((await harness().accounts.sendSecondPasswordReset(account, user)).ok).to.equal(true);
      }
      harness().clock.advance(HOUR);
      const refused = await harness().accounts.sendSecondPasswordReset(account, user);
      expect(refused).to.deep.equal({ ok: false, reason: 'budget_exhausted', retryAt: new Date(start + 24 * HOUR).toISOString() });
      expect(await mailsOf('secondPasswordReset')).to.have.length(5);
    });

    it('slides: the oldest mail leaving the window frees one', async () => {
      const account = await studentRef(harness(), people.healthy);
      for (let sent = 0; sent < 5; sent++) {
        expect((await harness().accounts.sendSecondPasswordReset(account, user)).ok).to.equal(true);
        harness().clock.advance(HOUR);
      }
      harness().clock.advance(19 * HOUR - 1000);
      expect(await harness().accounts.sendSecondPasswordReset(account, user)).to.include({ reason: 'budget_exhausted' });
      harness().clock.advance(1000);
      expect((await harness().accounts.sendSecondPasswordReset(account, user)).ok).to.equal(true);
      expect(await harness().accounts.sendSecondPasswordReset(account, user)).to.include({ reason: 'budget_exhausted' });
    });

    it('is shared by resets and key reissues, and counts staff-triggered mails too', async () => {
      const account = await studentRef(harness(), people.healthy);
      expect((await harness().accounts.reissueAuthKey(account, user)).ok).to.equal(true);
      expect((await harness().accounts.reissueAuthKey(account, staff)).ok).to.equal(true);
      expect((await harness().accounts.sendSecondPasswordReset(account, staff)).ok).to.equal(true);
      expect((await harness().accounts.sendSecondPasswordReset(account, user)).ok).to.equal(true);
      expect((await harness().accounts.reissueAuthKey(account, user)).ok).to.equal(true);
      expect(await harness().accounts.reissueAuthKey(account, user)).to.include({ ok: false, reason: 'budget_exhausted' });
      expect(await harness().accounts.sendSecondPasswordReset(account, staff)).to.include({ ok: false, reason: 'budget_exhausted' });
    });

    it('keeps the budgets of different accounts apart', async () => {
      const account = await studentRef(harness(), people.healthy);
      for (let sent = 0; sent < 5; sent++) await harness().accounts.reissueAuthKey(account, user);
      expect((await harness().accounts.reissueAuthKey(await studentRef(harness(), people.short), user)).ok).to.equal(true);
    });
  });
}
