import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { AccountRef, IdentityClaim } from '../../../services/accounts/accounts.ts';
import type { Actor } from '../../../services/audit/auditLog.ts';
import type { Clock } from '../../../services/store/documentStore.ts';
import { FileDocumentStore } from '../../../services/store/fileDocumentStore.ts';
import { defaultAccountLimits } from '../../../services/rateLimit/accountLimits.ts';
import type { AccountLimits } from '../../../services/rateLimit/accountLimits.ts';
import { RateLimitedAccounts } from '../../../services/rateLimit/rateLimitedAccounts.ts';
import { RateLimitedError } from '../../../services/rateLimit/rateLimitedError.ts';
import { FakeAccounts, fakeAccount } from '../../helpers/fakeAccounts.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const user = (conversationId: string): Actor => ({ kind: 'user', conversationId });
const staff: Actor = { kind: 'staff', staffId: 'agent01', role: 'agent', conversationId: 'conv-a' };
const claim = (tenant = 'example-u', loginId = 's1234567'): IdentityClaim => ({ kind: 'student', tenant, loginId, email: 'taro@example-u.ac.jp' });
const otherTenantAccount: AccountRef = { tenant: 'other-u', id: 'acc-9' };

/** Small limits, so each test reaches them in a few calls. */
const tight: Partial<AccountLimits> = {
  verifyPerConversation: [{ name: 'v.conv', limit: 3, windowMs: HOUR, window: 'sliding' }],
  verifyPerTenant: [{ name: 'v.tenant', limit: 5, windowMs: HOUR, window: 'fixed' }],
  actionsPerConversation: [{ name: 'a.conv', limit: 2, windowMs: HOUR, window: 'sliding' }],
  actionsPerTenant: [{ name: 'a.tenant', limit: 3, windowMs: HOUR, window: 'fixed' }],
};

describe('RateLimitedAccounts', () => {
  let dataDir: string;
  let store: FileDocumentStore;
  let nowMs: number;
  const clock: Clock = () => new Date(nowMs);
  let inner: FakeAccounts;
  let accounts: RateLimitedAccounts;

  beforeEach(async () => {
    nowMs = Math.ceil(Date.now() / HOUR) * HOUR;
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rate-limited-accounts-'));
    store = await FileDocumentStore.open(dataDir, clock);
    inner = new FakeAccounts();
    accounts = new RateLimitedAccounts(inner, store, { clock, limits: tight });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const refusalOf = async (work: Promise<unknown>): Promise<RateLimitedError> => {
    try {
      await work;
    } catch (error) {
      if (error instanceof RateLimitedError) return error;
      throw error;
    }
    return expect.fail('expected a RateLimitedError');
  };
  const verifyCalls = (): number => inner.methods().filter((method) => method === 'verifyIdentity').length;

  describe('#verifyIdentity', () => {
    context('when one conversation passes its limit', () => {
      it('throws RateLimitedError with the time the oldest check leaves the window, without asking the service', async () => {
        const first = nowMs;
        await accounts.verifyIdentity(claim(), user('conv-a'));
        nowMs += 10 * MINUTE;
        await accounts.verifyIdentity(claim(), user('conv-a'));
        await accounts.verifyIdentity(claim(), user('conv-a'));
        const refused = await refusalOf(accounts.verifyIdentity(claim(), user('conv-a')));
        expect(refused.retryAt).to.deep.equal(new Date(first + HOUR));
        expect(verifyCalls()).to.equal(3);
      });

      it('counts attempts, not results: unknown accounts use up the limit like known ones', async () => {
        inner.answers.verification = { verified: false };
        for (let i = 0; i < 3; i++) await accounts.verifyIdentity(claim('example-u', `s000000${i}`), user('conv-a'));
        inner.answers.verification = { verified: true, account: fakeAccount, kind: 'student' };
        await refusalOf(accounts.verifyIdentity(claim(), user('conv-a')));
        expect(verifyCalls()).to.equal(3);
      });

      it('leaves other conversations alone and allows the conversation again an hour later', async () => {
        for (let i = 0; i < 3; i++) await accounts.verifyIdentity(claim(), user('conv-a'));
        expect(await accounts.verifyIdentity(claim(), user('conv-b'))).to.have.property('verified', true);
        nowMs += HOUR;
        expect(await accounts.verifyIdentity(claim(), user('conv-a'))).to.have.property('verified', true);
      });
    });

    context('when a tenant passes its ceiling across conversations', () => {
      it('refuses every conversation of that tenant until the window ends, and no other tenant', async () => {
        nowMs += 5 * MINUTE;
        for (let i = 0; i < 5; i++) await accounts.verifyIdentity(claim(), user(`conv-${i}`));
        const refused = await refusalOf(accounts.verifyIdentity(claim(), user('conv-new')));
        expect(refused.retryAt).to.deep.equal(new Date(nowMs - 5 * MINUTE + HOUR));
        expect(await accounts.verifyIdentity(claim('other-u'), user('conv-new'))).to.have.property('verified', true);
        expect(verifyCalls()).to.equal(6);
      });
    });

    context('when staff or the system call', () => {
      it('never limits them, and does not count their calls against the conversation', async () => {
        for (let i = 0; i < 10; i++) await accounts.verifyIdentity(claim(), staff);
        for (let i = 0; i < 10; i++) await accounts.verifyIdentity(claim(), { kind: 'system', component: 'seed' });
        expect(verifyCalls()).to.equal(20);
        for (let i = 0; i < 3; i++) await accounts.verifyIdentity(claim(), user('conv-a'));
        expect(verifyCalls()).to.equal(23);
      });
    });
  });

  describe('mail-sending and state-changing actions', () => {
    const actions = {
      resendEmailConfirmation: (actor: Actor, account = fakeAccount) => accounts.resendEmailConfirmation(account, actor),
      sendSecondPasswordReset: (actor: Actor, account = fakeAccount) => accounts.sendSecondPasswordReset(account, actor),
      reissueAuthKey: (actor: Actor, account = fakeAccount) => accounts.reissueAuthKey(account, actor),
      setTwoFactor: (actor: Actor, account = fakeAccount) => accounts.setTwoFactor(account, true, actor),
    } as const;

    for (const [method, call] of Object.entries(actions)) {
      context(`#${method} past the conversation's limit`, () => {
        it('answers budget_exhausted with the next allowed time, without calling the service', async () => {
          const first = nowMs;
          expect(await call(user('conv-a'))).to.have.property('ok', true);
          nowMs += 15 * MINUTE;
          expect(await call(user('conv-a'))).to.have.property('ok', true);
          expect(await call(user('conv-a'))).to.deep.equal({ ok: false, reason: 'budget_exhausted', retryAt: new Date(first + HOUR).toISOString() });
          expect(inner.methods().filter((called) => called === method)).to.have.length(2);
        });
      });
    }

    it('shares one count across the different actions of a conversation', async () => {
      await actions.sendSecondPasswordReset(user('conv-a'));
      await actions.reissueAuthKey(user('conv-a'));
      expect(await actions.resendEmailConfirmation(user('conv-a'))).to.have.property('reason', 'budget_exhausted');
      expect(inner.methods()).to.deep.equal(['sendSecondPasswordReset', 'reissueAuthKey']);
    });

    it("refuses past the tenant's ceiling across conversations, keyed by the account's tenant", async () => {
      for (let i = 0; i < 3; i++) await actions.reissueAuthKey(user(`conv-${i}`));
      const refused = await actions.reissueAuthKey(user('conv-new'));
      expect(refused).to.deep.equal({ ok: false, reason: 'budget_exhausted', retryAt: new Date(nowMs + HOUR).toISOString() });
      expect(await actions.reissueAuthKey(user('conv-new'), otherTenantAccount)).to.have.property('ok', true);
      expect(inner.methods()).to.have.length(4);
    });

    it('never limits staff', async () => {
      for (let i = 0; i < 6; i++) expect(await actions.reissueAuthKey(staff)).to.have.property('ok', true);
      expect(await accounts.unlock(fakeAccount, staff)).to.have.property('ok', true);
      expect(inner.methods()).to.have.length(7);
    });

    it('does not limit reads', async () => {
      for (let i = 0; i < 10; i++) await accounts.registrationStatus(fakeAccount, user('conv-a'));
      expect(inner.methods()).to.have.length(10);
    });
  });

  describe('defaults', () => {
    it('limit a conversation to 5 identity checks an hour and leave the tenant ceiling far above it', async () => {
      const defaults = new RateLimitedAccounts(inner, store, { clock });
      for (let i = 0; i < 5; i++) await defaults.verifyIdentity(claim(), user('conv-a'));
      await refusalOf(defaults.verifyIdentity(claim(), user('conv-a')));
      for (let i = 0; i < 50; i++) await defaults.verifyIdentity(claim(), user(`conv-${i}`));
      expect(verifyCalls()).to.equal(55);
      expect(defaultAccountLimits.verifyPerTenant.every((rule) => rule.limit >= 100 * 5)).to.equal(true);
    });
  });
});
