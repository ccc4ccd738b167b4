import { expect } from 'chai';
import type { AccountsHarness } from './fixture.ts';
import { graduateRef, graduates, people, staff, studentRef, user } from './fixture.ts';

/** registrationStatus: the stages of 003 §2.1–2.2 and the graduates' application (002 §2.1). */
export function statusCases(harness: () => AccountsHarness): void {
  describe('#registrationStatus', () => {
    for (const [who, stage] of [
      [people.pending, 'email_pending'],
      [people.noSecond, 'email_confirmed'],
      [people.healthy, 'active'],
      [people.plain, 'active'],
    ] as const) {
      it(`says ${stage} for ${who.loginId}`, async () => {
        const status = await harness().accounts.registrationStatus(await studentRef(harness(), who), user);
        expect(status).to.include({ kind: 'student', stage });
      });
    }

    it('says not_registered for a student who never gave an address (found by staff)', async () => {
      const ref = await harness().accounts.lookup('example-u', people.unregistered.loginId, staff);
      if (!ref) throw new Error('fixture student missing');
      expect(await harness().accounts.registrationStatus(ref, staff)).to.include({ stage: 'not_registered', secondPasswordSet: false });
    });

    it("gives a graduate's application state and no stage", async () => {
      const approved = await harness().accounts.registrationStatus(await graduateRef(harness(), graduates.approved), user);
      expect(approved).to.include({ kind: 'graduate', application: 'approved', twoFactor: false, selfServiceBlocked: false });
      expect(approved.stage).to.equal(undefined);
      const pending = await harness().accounts.registrationStatus(await graduateRef(harness(), graduates.pending), user);
      expect(pending.application).to.equal('pending');
    });

    it('reports the last mail and its delivery state', async () => {
      const account = await studentRef(harness(), people.healthy);
      expect((await harness().accounts.registrationStatus(account, user)).lastMail).to.equal(undefined);
      await harness().accounts.reissueAuthKey(account, user);
      const { lastMail } = await harness().accounts.registrationStatus(account, user);
      expect(lastMail).to.include({ state: 'queued', maskedTo: 'ta***@ex***.ac.jp' });
    });

    it('never reports a two-factor setting the tenant does not have', async () => {
      expect((await harness().accounts.registrationStatus(await studentRef(harness(), people.plain), user)).twoFactor).to.equal(false);
    });
  });
}
