import { expect } from 'chai';
import type { Actor } from '../../../../services/audit/auditLog.ts';
import { SECOND, UNIV, openPortal } from './portalFixture.ts';
import type { PortalHarness } from './portalFixture.ts';

const MINUTE = 60_000;
const TARO = 'taro@example-u.ac.jp';
const HANAKO = 'hanako@example.com';
const user: Actor = { kind: 'user', conversationId: 'conv-1' };

describe('ReferencePortal one-time-URL pages', () => {
  let h: PortalHarness;

  beforeEach(async () => {
    h = await openPortal();
  });
  afterEach(() => h.close());

  const resetMail = async (): Promise<string> => {
    const verified = await h.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: TARO }, user);
    if (!verified.verified) throw new Error('not verified');
    await h.accounts.sendSecondPasswordReset(verified.account, user);
    return h.lastToken('secondPasswordReset', TARO);
  };
  const graduateResetMail = async (): Promise<string> => {
    const verified = await h.accounts.verifyIdentity({ kind: 'graduate', tenant: 'example-u', email: HANAKO, birthDate: '1999-09-09' }, user);
    if (!verified.verified) throw new Error('not verified');
    await h.accounts.sendSecondPasswordReset(verified.account, user);
    return h.lastToken('graduatePasswordReset', HANAKO);
  };
  const canLogIn = async (secondPassword: string): Promise<boolean> =>
    (await h.portal.login('example-u', 's1234567', UNIV, secondPassword)).outcome === 'needsKey';

  describe('#inspectLink', () => {
    it("tells the page the link's locale, tenant and expiry without using it", async () => {
      const token = await resetMail();
      const inspected = await h.portal.inspectLink(token, 'resetSecondPassword');
      expect(inspected).to.include({ outcome: 'valid', kind: 'student', locale: 'en', tenant: 'example-u' });
      expect(await h.portal.inspectLink(token, 'confirmEmail')).to.deep.equal({ outcome: 'unknown' });
      expect((await h.portal.setSecondPasswordFromLink(token, 'NewPass12', 'NewPass12')).outcome).to.equal('set');
    });
  });

  describe('#setSecondPasswordFromLink', () => {
    it('names every broken rule and leaves the link usable', async () => {
      const token = await resetMail();
      expect(await h.portal.setSecondPasswordFromLink(token, 'ｐａｓｓ ', 'pass')).to.deep.equal({
        outcome: 'invalid',
        problems: ['too_short', 'no_upper', 'no_lower', 'no_digit', 'invalid_characters', 'full_width', 'spaces', 'mismatch'],
      });
      expect(await h.portal.setSecondPasswordFromLink(token, 'NewPass12', 'NewPass12')).to.deep.equal({ outcome: 'set', locale: 'en', tenant: 'example-u' });
      expect(await canLogIn('NewPass12')).to.equal(true);
      expect(await canLogIn(SECOND)).to.equal(false);
    });

    it('works once', async () => {
      const token = await resetMail();
      await h.portal.setSecondPasswordFromLink(token, 'NewPass12', 'NewPass12');
      expect(await h.portal.setSecondPasswordFromLink(token, 'Other1234', 'Other1234')).to.deep.equal({ outcome: 'used' });
      expect(await canLogIn('NewPass12')).to.equal(true);
    });

    it('answers expired after 30 minutes and changes nothing', async () => {
      const token = await resetMail();
      h.advance(30 * MINUTE);
      expect(await h.portal.setSecondPasswordFromLink(token, 'NewPass12', 'NewPass12')).to.deep.equal({ outcome: 'expired' });
      expect(await canLogIn(SECOND)).to.equal(true);
    });

    it('answers superseded for the older of two reset mails', async () => {
      const older = await resetMail();
      const newer = await resetMail();
      expect(await h.portal.setSecondPasswordFromLink(older, 'NewPass12', 'NewPass12')).to.deep.equal({ outcome: 'superseded' });
      expect((await h.portal.setSecondPasswordFromLink(newer, 'NewPass12', 'NewPass12')).outcome).to.equal('set');
    });

    it('answers unknown for a made-up token', async () => {
      expect(await h.portal.setSecondPasswordFromLink('z'.repeat(43), 'NewPass12', 'NewPass12')).to.deep.equal({ outcome: 'unknown' });
    });
  });

  describe('#setGraduatePasswordsFromLink', () => {
    const set = (token: string, password: string, secondPassword: string) =>
      h.portal.setGraduatePasswordsFromLink(token, password, secondPassword, { password, secondPassword });

    it('refuses the old (initial) password and a second password equal to the password (002)', async () => {
      const token = await graduateResetMail();
      expect(await set(token, 'Initial99', 'Second22')).to.deep.equal({ outcome: 'invalid', problems: { password: ['reused'], secondPassword: [] } });
      expect(await set(token, 'Fresh1234', 'Fresh1234')).to.deep.equal({ outcome: 'invalid', problems: { password: [], secondPassword: ['same_as_password'] } });
      const mismatch = await h.portal.setGraduatePasswordsFromLink(token, 'Fresh1234', 'Second22', { password: 'Fresh1235', secondPassword: 'Second22' });
      expect(mismatch).to.deep.equal({ outcome: 'invalid', problems: { password: ['mismatch'], secondPassword: [] } });
    });

    it('sets both, ends the initial-password state, and works once', async () => {
      const token = await graduateResetMail();
      expect(await set(token, 'Fresh1234', 'Second22')).to.deep.equal({ outcome: 'set', locale: 'en', tenant: 'example-u' });
      const record = await (await h.parts()).records.byKey(`graduate:example-u:${HANAKO}`);
      expect(record).to.include({ initialPassword: false });
      expect(await set(token, 'Other1234', 'Second33')).to.deep.equal({ outcome: 'used' });
    });
  });

  describe('#confirmEmail', () => {
    const changeTo = async (address: string): Promise<string> => {
      const parts = await h.parts();
      const record = await parts.records.byKey('student:example-u:s1234567');
      if (!record) throw new Error('missing');
      await parts.records.update(record._id, { $set: { pendingEmail: address } });
      const link = await parts.links.issue({ id: record._id, tenant: 'example-u' }, 'confirmEmail', { locale: 'en', email: address });
      return link.token;
    };

    it('makes the new address the registered one and tells the old one (003 §2.4 (a))', async () => {
      const token = await changeTo('taro.new@example.com');
      expect(await h.portal.confirmEmail(token)).to.deep.equal({ outcome: 'confirmed', locale: 'en', tenant: 'example-u' });
      const notice = h.lastMail('securityNotice', TARO);
      expect(notice.text).to.include('the registered mail address was changed (new address: ta***@ex***.com)');
      expect(notice.text).to.include('you, on the Certificate Issuance Service site');
      expect((await h.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'taro.new@example.com' }, user)).verified).to.equal(true);
      expect(await h.portal.confirmEmail(token)).to.deep.equal({ outcome: 'used' });
    });

    it('changes nothing for an expired link', async () => {
      const token = await changeTo('taro.new@example.com');
      h.advance(31 * MINUTE);
      expect(await h.portal.confirmEmail(token)).to.deep.equal({ outcome: 'expired' });
      expect((await h.accounts.verifyIdentity({ kind: 'student', tenant: 'example-u', loginId: 's1234567', email: TARO }, user)).verified).to.equal(true);
      expect(h.mail.all().filter((mail) => mail.kind === 'securityNotice')).to.have.length(0);
    });

    it('writes an audit entry for the change', async () => {
      await h.portal.confirmEmail(await changeTo('taro.new@example.com'));
      const [entry] = await h.audit.find({ tenant: 'example-u' });
      expect(entry).to.include({ action: 'portal.confirmEmail', result: 'ok' });
    });
  });
});
