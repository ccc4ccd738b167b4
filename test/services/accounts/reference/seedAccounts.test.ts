import { expect } from 'chai';
import { contractFixture } from '../contract/fixture.ts';
import { openHarness } from './harness.ts';
import type { ReferenceHarness } from './harness.ts';

describe('seedAccounts', () => {
  let h: ReferenceHarness;

  beforeEach(async () => {
    h = await openHarness();
  });
  afterEach(() => h.close());

  const accounts = async () => (await h.store.collection<{ _id: string } & Record<string, unknown>>('accounts')).find({}, { sort: { _id: 1 } });

  it('loads every account of the fixture and ignores the tenants and staff sections', async () => {
    const ids = await h.seed(contractFixture);
    expect(ids).to.have.length(contractFixture.accounts.length);
    expect(await accounts()).to.have.length(contractFixture.accounts.length);
    expect(await (await h.store.collection('staff')).count({})).to.equal(0);
  });

  it('replaces the same ids when run again, and resets their keys', async () => {
    const first = await h.seed(contractFixture);
    const parts = await h.parts();
    await parts.keys.issue(first[0]!, { lifetimeMinutes: 10, failureLimit: 5 });
    await parts.records.update(first[0]!, { $set: { accountFailures: 3 } });
    const second = await h.seed(contractFixture);
    expect(second).to.deep.equal(first);
    expect(await accounts()).to.have.length(contractFixture.accounts.length);
    expect((await parts.keys.status(first[0]!)).state).to.equal('none');
    expect((await parts.records.get({ id: first[0]!, tenant: 'example-u' }))?.accountFailures).to.equal(0);
  });

  it('plants keys in the named states', async () => {
    const ids = await h.seed({
      accounts: (['active', 'expired', 'invalidated', 'none'] as const).map((authKey, i) => ({
        tenant: 'example-u',
        kind: 'student',
        loginId: `s700000${i}`,
        email: `k${i}@example-u.ac.jp`,
        emailConfirmed: true,
        secondPasswordSet: true,
        twoFactor: true,
        authKey,
      })),
    });
    const parts = await h.parts();
    const states = await Promise.all(ids.map(async (id) => (await parts.keys.status(id)).state));
    expect(states).to.deep.equal(['active', 'expired', 'invalidated', 'none']);
  });

  it('keeps an unconfirmed address as pending and hashes every password', async () => {
    await h.seed({
      accounts: [{ tenant: 'example-u', kind: 'student', loginId: 's8000000', email: 'New@Example.com', emailConfirmed: false, universityPassword: 'univ-Pass-9' }],
    });
    const [record] = await accounts();
    expect(record).to.include({ pendingEmail: 'new@example.com', lookupKey: 'student:example-u:s8000000' });
    expect(record).not.to.have.property('email');
    expect(JSON.stringify(record)).not.to.include('univ-Pass-9');
  });

  it('refuses an invalid fixture, naming the field', async () => {
    const error = await h.seed({ accounts: [{ tenant: 'example-u', kind: 'graduate', email: 'x@example.com', birthDate: '1999-02-30' }] }).then(
      () => undefined,
      (rejected: unknown) => rejected as Error,
    );
    expect(error?.message).to.include('accounts.0.birthDate');
  });
});
