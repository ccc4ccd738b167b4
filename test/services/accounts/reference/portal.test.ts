import { expect } from 'chai';
import { SECOND, UNIV, openPortal } from './portalFixture.ts';
import type { PortalHarness } from './portalFixture.ts';

const MINUTE = 60_000;
const TARO = 'taro@example-u.ac.jp';

describe('ReferencePortal login (manual 003 §2.1–2.3, §2.6)', () => {
  let h: PortalHarness;

  beforeEach(async () => {
    h = await openPortal();
  });
  afterEach(() => h.close());

  const keySession = async (loginId = 's1234567', tenant = 'example-u'): Promise<string> => {
    const outcome = await h.portal.login(tenant, loginId, UNIV, SECOND);
    if (outcome.outcome !== 'needsKey') throw new Error(`expected needsKey, got ${outcome.outcome}`);
    return outcome.session;
  };
  const wrongKey = (key: string): string => String((Number(key) + 1) % 1_000_000).padStart(6, '0');

  describe('#login', () => {
    it('answers an unknown ID, a wrong university password and a wrong second password the same way', async () => {
      expect(await h.portal.login('example-u', 's9999999', UNIV, SECOND)).to.deep.equal({ outcome: 'rejected' });
      expect(await h.portal.login('example-u', 's1234567', 'wrong', SECOND)).to.deep.equal({ outcome: 'rejected' });
      expect(await h.portal.login('example-u', 's1234567', UNIV, 'Wrong999')).to.deep.equal({ outcome: 'rejected' });
      expect(await h.portal.login('plain-u', 's1234567', UNIV, SECOND)).to.deep.equal({ outcome: 'rejected' });
    });

    it('counts a wrong second password against the account, not a wrong university password', async () => {
      await h.portal.login('example-u', 's1234567', 'wrong', SECOND);
      expect(await h.failures('s1234567')).to.equal(0);
      await h.portal.login('example-u', 's1234567', UNIV, 'Wrong999');
      expect(await h.failures('s1234567')).to.equal(1);
    });

    it('mails a key and asks for it when two-factor authentication is on (003 §2.3 step 4)', async () => {
      const outcome = await h.portal.login('example-u', ' ｓ１２３４５６７ ', UNIV, SECOND);
      expect(outcome).to.include({ outcome: 'needsKey', maskedEmail: 'ta***@ex***.ac.jp' });
      expect(h.lastMail('authKey', TARO).subject).to.equal('[Certificate Issuance Service] Authentication key');
    });

    it('authenticates at once without two-factor authentication, and with the university password alone where there is no second password', async () => {
      expect(await h.portal.login('example-u', 's1111111', UNIV, SECOND)).to.include({ outcome: 'authenticated' });
      expect(await h.portal.login('plain-u', 's6000001', UNIV)).to.include({ outcome: 'authenticated' });
    });

    it('says locked only after the right university password', async () => {
      expect(await h.portal.login('example-u', 's4000001', UNIV, SECOND)).to.deep.equal({ outcome: 'locked' });
      expect(await h.portal.login('example-u', 's4000001', 'wrong', SECOND)).to.deep.equal({ outcome: 'rejected' });
    });
  });

  describe('first login', () => {
    it('goes email → confirmation URL → second password → key → authenticated', async () => {
      const first = await h.portal.login('example-u', 's2000002', UNIV);
      if (first.outcome !== 'needsEmail') throw new Error(first.outcome);
      const invalid = await h.portal.registerEmail(first.session, 'ｊｉｒｏ@example.com ', 'jiro@example.com');
      expect(invalid).to.deep.equal({ outcome: 'invalid', problems: ['full_width', 'spaces', 'mismatch'] });
      expect(await h.portal.registerEmail(first.session, 'jiro@', 'jiro@')).to.deep.equal({ outcome: 'invalid', problems: ['invalid_format'] });
      expect(await h.portal.registerEmail(first.session, 'Jiro@Example.com', 'Jiro@Example.com')).to.include({ outcome: 'sent', maskedEmail: 'ji***@ex***.com' });
      const confirmation = h.lastMail('emailConfirmation', 'jiro@example.com');
      expect(confirmation.locale).to.equal('ja');
      expect(await h.portal.login('example-u', 's2000002', UNIV)).to.include({ outcome: 'needsEmail' });

      expect(await h.portal.confirmEmail(h.lastToken('emailConfirmation', 'jiro@example.com'))).to.deep.equal({ outcome: 'confirmed', locale: 'ja', tenant: 'example-u' });
      const second = await h.portal.login('example-u', 's2000002', UNIV);
      if (second.outcome !== 'needsSecondPassword') throw new Error(second.outcome);
      expect(await h.portal.setInitialSecondPassword(second.session, 'short', 'short')).to.deep.equal({
        outcome: 'invalid',
        problems: ['too_short', 'no_upper', 'no_digit'],
      });
      expect(await h.portal.setInitialSecondPassword(second.session, 'NewPass12', 'NewPass12')).to.deep.equal({ outcome: 'set' });

      const third = await h.portal.login('example-u', 's2000002', UNIV, 'NewPass12');
      if (third.outcome !== 'needsKey') throw new Error(third.outcome);
      expect(await h.portal.enterKey(third.session, h.lastKey('jiro@example.com'))).to.deep.equal({ outcome: 'authenticated' });
    });
  });

  describe('#enterKey', () => {
    it('accepts the mailed key, also typed in full-width digits', async () => {
      const session = await keySession();
      const key = h.lastKey(TARO).replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
      expect(await h.portal.enterKey(session, ` ${key} `)).to.deep.equal({ outcome: 'authenticated' });
    });

    it("invalidates the key at the tenant's limit (5), after which even the right key is refused (003 §2.6)", async () => {
      const session = await keySession();
      const key = h.lastKey(TARO);
      for (let left = 4; left >= 1; left--) expect(await h.portal.enterKey(session, wrongKey(key))).to.deep.equal({ outcome: 'wrongKey', attemptsLeft: left });
      expect(await h.portal.enterKey(session, wrongKey(key))).to.deep.equal({ outcome: 'invalidated' });
      expect(await h.portal.enterKey(session, key)).to.deep.equal({ outcome: 'invalidated' });
    });

    it('invalidates after 2 at a tenant whose limit is 2', async () => {
      const session = await keySession('s5000001', 'short-u');
      const key = h.lastKey('short@short-u.ac.jp');
      expect(await h.portal.enterKey(session, wrongKey(key))).to.deep.equal({ outcome: 'wrongKey', attemptsLeft: 1 });
      expect(await h.portal.enterKey(session, wrongKey(key))).to.deep.equal({ outcome: 'invalidated' });
    });

    it("answers expired after the tenant's lifetime, and a reissued key works", async () => {
      const session = await keySession();
      const old = h.lastKey(TARO);
      h.advance(10 * MINUTE);
      expect(await h.portal.enterKey(session, old)).to.deep.equal({ outcome: 'expired' });
      expect(await h.portal.reissueKey(session)).to.include({ outcome: 'reissued' });
      expect(await h.portal.enterKey(session, h.lastKey(TARO))).to.deep.equal({ outcome: 'authenticated' });
    });

    it('answers sessionExpired for an unknown session and after 30 minutes', async () => {
      expect(await h.portal.enterKey('x'.repeat(43), '123456')).to.deep.equal({ outcome: 'sessionExpired' });
      const session = await keySession();
      h.advance(30 * MINUTE);
      expect(await h.portal.enterKey(session, h.lastKey(TARO))).to.deep.equal({ outcome: 'sessionExpired' });
    });
  });

  describe('#reissueKey', () => {
    it('voids the old key and mails a new one that works (003 §2.6 steps 2–3)', async () => {
      const session = await keySession();
      const old = h.lastKey(TARO);
      for (let i = 0; i < 5; i++) await h.portal.enterKey(session, wrongKey(old));
      expect(await h.portal.reissueKey(session)).to.include({ outcome: 'reissued', maskedEmail: 'ta***@ex***.ac.jp' });
      const fresh = h.lastKey(TARO);
      if (fresh !== old) expect(await h.portal.enterKey(session, old)).to.include({ outcome: 'wrongKey' });
      expect(await h.portal.enterKey(session, fresh)).to.deep.equal({ outcome: 'authenticated' });
    });

    it("keeps the account's consecutive-failure count; only success resets it", async () => {
      const session = await keySession();
      for (let i = 0; i < 3; i++) await h.portal.enterKey(session, wrongKey(h.lastKey(TARO)));
      await h.portal.reissueKey(session);
      expect(await h.failures('s1234567')).to.equal(3);
      await h.portal.enterKey(session, wrongKey(h.lastKey(TARO)));
      expect(await h.failures('s1234567')).to.equal(4);
      await h.portal.enterKey(session, h.lastKey(TARO));
      expect(await h.failures('s1234567')).to.equal(0);
    });

    it('counts in the send budget', async () => {
      const session = await keySession();
      for (let i = 0; i < 5; i++) expect(await h.portal.reissueKey(session)).to.include({ outcome: 'reissued' });
      expect(await h.portal.reissueKey(session)).to.include({ outcome: 'budgetExhausted' });
    });
  });

  describe('account limit', () => {
    it('locks the account at its limit (20 by default, 7 here) across reissued keys, until staff unlock it', async () => {
      const limited = await openPortal({ accountFailureLimit: 7 });
      try {
        const login = await limited.portal.login('example-u', 's1234567', UNIV, SECOND);
        if (login.outcome !== 'needsKey') throw new Error(login.outcome);
        for (let i = 0; i < 5; i++) await limited.portal.enterKey(login.session, wrongKey(limited.lastKey(TARO)));
        await limited.portal.reissueKey(login.session);
        expect(await limited.portal.enterKey(login.session, wrongKey(limited.lastKey(TARO)))).to.include({ outcome: 'wrongKey' });
        expect(await limited.portal.enterKey(login.session, wrongKey(limited.lastKey(TARO)))).to.deep.equal({ outcome: 'locked' });
        expect(await limited.portal.enterKey(login.session, limited.lastKey(TARO))).to.deep.equal({ outcome: 'locked' });
        expect(await limited.portal.reissueKey(login.session)).to.deep.equal({ outcome: 'locked' });
        expect(await limited.portal.login('example-u', 's1234567', UNIV, SECOND)).to.deep.equal({ outcome: 'locked' });
        const ref = await limited.accounts.lookup('example-u', 's1234567', { kind: 'staff', staffId: 'sv1', role: 'supervisor' });
        if (!ref) throw new Error('not found');
        await limited.accounts.unlock(ref, { kind: 'staff', staffId: 'sv1', role: 'supervisor' });
        expect(await limited.portal.login('example-u', 's1234567', UNIV, SECOND)).to.include({ outcome: 'needsKey' });
      } finally {
        await limited.close();
      }
    });
  });
});
