import { expect } from 'chai';
import type { IdentityClaim } from '../../../../services/accounts/accounts.ts';
import type { AccountsHarness } from './fixture.ts';
import { graduates, people, user } from './fixture.ts';

/** verifyIdentity: students by tenant + login ID + registered email, graduates by email + birth date or student ID. */
export function verificationCases(harness: () => AccountsHarness): void {
  const verify = (claim: IdentityClaim) => harness().accounts.verifyIdentity(claim, user);
  const studentClaim = (loginId: string, email: string, tenant = 'example-u'): IdentityClaim => ({ kind: 'student', tenant, loginId, email });

  describe('#verifyIdentity', () => {
    context('for a student', () => {
      it('verifies the login ID with the registered email', async () => {
        const result = await verify(studentClaim(people.healthy.loginId, people.healthy.email));
        expect(result).to.include({ verified: true, kind: 'student' });
        expect(result.verified && result.account.tenant).to.equal('example-u');
      });

      it('normalises full-width, space-padded and upper-case input first (NFKC, trim, lower-case email)', async () => {
        const result = await verify(studentClaim('　ｓ１２３４５６７ ', ' ＴＡＲＯ＠Example-U.ac.jp　'));
        expect(result.verified).to.equal(true);
      });

      it('accepts the address awaiting confirmation when none is confirmed yet', async () => {
        expect((await verify(studentClaim(people.pending.loginId, people.pending.email))).verified).to.equal(true);
      });

      it('answers exactly { verified: false } for a wrong email, an unknown ID, another tenant and a space inside', async () => {
        const claims = [
          studentClaim(people.healthy.loginId, 'jiro@example-u.ac.jp'),
          studentClaim('s9999999', people.healthy.email),
          studentClaim(people.healthy.loginId, people.healthy.email, 'plain-u'),
          studentClaim(people.healthy.loginId, people.healthy.email, 'no-such-u'),
          studentClaim(people.healthy.loginId, 'taro @example-u.ac.jp'),
          studentClaim(people.healthy.loginId, ''),
        ];
        for (const claim of claims) expect(await verify(claim), JSON.stringify(claim)).to.deep.equal({ verified: false });
      });

      it('gives an unknown ID and a wrong email the very same answer', async () => {
        const unknown = await verify(studentClaim('s9999999', people.healthy.email));
        const wrong = await verify(studentClaim(people.healthy.loginId, 'nobody@example-u.ac.jp'));
        expect(JSON.stringify(unknown)).to.equal(JSON.stringify(wrong));
      });

      it('writes an audit entry for a failed check, naming no_match', async () => {
        await verify(studentClaim(people.healthy.loginId, 'wrong@example-u.ac.jp'));
        const [entry] = await harness().audit({ tenant: 'example-u' });
        expect(entry).to.include({ action: 'accounts.verifyIdentity', result: 'refused', detail: 'no_match' });
        expect(entry?.actor).to.deep.equal(user);
      });
    });

    context('for a graduate', () => {
      const claim = (extra: Partial<Extract<IdentityClaim, { kind: 'graduate' }>>): IdentityClaim => ({
        kind: 'graduate',
        tenant: 'example-u',
        email: graduates.approved.email,
        ...extra,
      });

      it('verifies the registered email with the birth date', async () => {
        expect(await verify(claim({ birthDate: '1999-09-09' }))).to.include({ verified: true, kind: 'graduate' });
      });

      it('accepts the birth date as 1999/9/9 or in full-width digits', async () => {
        expect((await verify(claim({ birthDate: '1999/9/9' }))).verified).to.equal(true);
        expect((await verify(claim({ birthDate: '１９９９－０９－０９' }))).verified).to.equal(true);
      });

      it('verifies the registered email with a student ID instead', async () => {
        expect((await verify(claim({ studentId: ' G0912345 ' }))).verified).to.equal(true);
      });

      it('refuses a wrong birth date, a wrong student ID, an unknown email, or nothing but the email', async () => {
        const claims = [
          claim({ birthDate: '1999-09-10' }),
          claim({ studentId: 'g0000000' }),
          claim({ birthDate: '1999-09-09', studentId: 'g0000000' }),
          claim({ email: 'nobody@example.com', birthDate: '1999-09-09' }),
          claim({}),
          claim({ birthDate: 'not a date' }),
        ];
        for (const each of claims) expect(await verify(each), JSON.stringify(each)).to.deep.equal({ verified: false });
      });

      it('refuses graduates at a tenant without graduate service', async () => {
        expect(await verify(claim({ tenant: 'plain-u', birthDate: '1999-09-09' }))).to.deep.equal({ verified: false });
      });
    });
  });
}
