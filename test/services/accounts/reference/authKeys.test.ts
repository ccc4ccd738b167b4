import { expect } from 'chai';
import { AuthKeys } from '../../../../services/accounts/reference/authKeys.ts';
import { openHarness } from './harness.ts';
import type { ReferenceHarness } from './harness.ts';

const MINUTE = 60_000;
const standard = { lifetimeMinutes: 10, failureLimit: 5 };
const strict = { lifetimeMinutes: 3, failureLimit: 2 };

describe('AuthKeys', () => {
  let h: ReferenceHarness;
  let keys: AuthKeys;

  beforeEach(async () => {
    h = await openHarness();
    keys = await AuthKeys.open(h.store, h.clock);
  });
  afterEach(() => h.close());

  const wrong = (key: string): string => String((Number(key) + 1) % 1_000_000).padStart(6, '0');

  describe('#issue', () => {
    it('makes six random digits and stores them only hashed', async () => {
      const { key, keyId } = await keys.issue('acc_1', standard);
      expect(key).to.match(/^\d{6}$/);
      const raw = await (await h.store.collection<{ _id: string }>('authKeys')).find({});
      expect(JSON.stringify(raw)).to.include(keyId).and.not.to.include(`"${key}"`);
    });

    it("expires after the tenant's lifetime", async () => {
      for (const settings of [standard, strict]) {
        const account = `acc_${settings.lifetimeMinutes}`;
        const { expiresAt } = await keys.issue(account, settings);
        expect(expiresAt.getTime() - h.clock().getTime()).to.equal(settings.lifetimeMinutes * MINUTE);
      }
      h.advance(3 * MINUTE);
      expect((await keys.status('acc_3')).state).to.equal('expired');
      expect((await keys.status('acc_10')).state).to.equal('active');
    });

    it('voids the previous key and its failures and invalidation (Reissue, 003 §2.6)', async () => {
      const old = await keys.issue('acc_1', strict);
      await keys.check('acc_1', wrong(old.key));
      await keys.check('acc_1', wrong(old.key));
      expect((await keys.status('acc_1')).state).to.equal('invalidated');
      const fresh = await keys.issue('acc_1', strict);
      expect(await keys.status('acc_1')).to.deep.equal({ state: 'active', failures: 0 });
      if (old.key !== fresh.key) expect(await keys.check('acc_1', old.key)).to.include({ result: 'wrong' });
      expect(await keys.check('acc_1', fresh.key)).to.deep.equal({ result: 'ok' });
    });
  });

  describe('#check', () => {
    it('accepts the right key once', async () => {
      const { key } = await keys.issue('acc_1', standard);
      expect(await keys.check('acc_1', key)).to.deep.equal({ result: 'ok' });
      expect(await keys.check('acc_1', key)).to.deep.equal({ result: 'none' });
    });

    it("counts wrong keys down to the tenant's limit, then invalidates the key (003 §2.6)", async () => {
      const { key } = await keys.issue('acc_1', standard);
      for (let left = 4; left >= 1; left--) expect(await keys.check('acc_1', wrong(key))).to.deep.equal({ result: 'wrong', attemptsLeft: left });
      expect(await keys.check('acc_1', wrong(key))).to.deep.equal({ result: 'invalidated', byThisAttempt: true });
      expect(await keys.check('acc_1', key)).to.deep.equal({ result: 'invalidated', byThisAttempt: false });
      expect(await keys.status('acc_1')).to.deep.equal({ state: 'invalidated', failures: 5 });
    });

    it('uses a stricter tenant limit of 2', async () => {
      const { key } = await keys.issue('acc_1', strict);
      expect(await keys.check('acc_1', wrong(key))).to.deep.equal({ result: 'wrong', attemptsLeft: 1 });
      expect(await keys.check('acc_1', wrong(key))).to.deep.include({ result: 'invalidated' });
    });

    it('refuses the right key once expired, without counting a failure', async () => {
      const { key } = await keys.issue('acc_1', standard);
      h.advance(10 * MINUTE);
      expect(await keys.check('acc_1', key)).to.deep.equal({ result: 'expired' });
      expect(await keys.status('acc_1')).to.deep.equal({ state: 'expired', failures: 0 });
    });

    it('answers none when no key was issued', async () => {
      expect(await keys.check('acc_9', '123456')).to.deep.equal({ result: 'none' });
    });

    it('counts each of ten racing wrong entries, invalidating at the limit', async () => {
      const { key } = await keys.issue('acc_1', standard);
      const results = await Promise.all(Array.from({ length: 10 }, () => keys.check('acc_1', wrong(key))));
      expect(results.filter((each) => each.result === 'wrong')).to.have.length.at.most(4);
      expect((await keys.status('acc_1')).state).to.equal('invalidated');
      expect(await keys.check('acc_1', key)).to.include({ result: 'invalidated' });
    });
  });
});
