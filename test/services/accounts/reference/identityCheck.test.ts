import { expect } from 'chai';
import type { AccountRecord, AccountRecords } from '../../../../services/accounts/reference/accountRecords.ts';
import { checkClaim } from '../../../../services/accounts/reference/identityCheck.ts';

/** Records that remember what was asked of them. */
function countingRecords(known: AccountRecord | undefined): { records: AccountRecords; lookups: string[] } {
  const lookups: string[] = [];
  const records = {
    byKey: async (key: string) => {
      lookups.push(key);
      return known && known.lookupKey === key ? known : undefined;
    },
  } as unknown as AccountRecords;
  return { records, lookups };
}

const taro: AccountRecord = {
  _id: 'acc_1',
  kind: 'student',
  tenant: 'example-u',
  lookupKey: 'student:example-u:s1234567',
  loginId: 's1234567',
  email: 'taro@example-u.ac.jp',
  twoFactor: true,
  locale: 'ja',
  accountFailures: 0,
};

describe('checkClaim', () => {
  it('does the same store work for an unknown login ID as for a wrong email', async () => {
    const unknown = countingRecords(taro);
    const wrong = countingRecords(taro);
    const a = await checkClaim(unknown.records, { kind: 'student', tenant: 'example-u', loginId: 's9999999', email: 'taro@example-u.ac.jp' }, true);
    const b = await checkClaim(wrong.records, { kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'jiro@example-u.ac.jp' }, true);
    expect([a.matched, b.matched]).to.deep.equal([false, false]);
    expect(unknown.lookups).to.have.length(1);
    expect(wrong.lookups).to.have.length(1);
  });

  it('names the account a failed claim pointed at, for the audit log', async () => {
    const { records } = countingRecords(taro);
    const result = await checkClaim(records, { kind: 'student', tenant: 'example-u', loginId: 's1234567', email: 'jiro@example-u.ac.jp' }, true);
    expect(result.record?._id).to.equal('acc_1');
  });

  it('treats non-string input (a JSON body carrying an operator) as no match', async () => {
    const { records, lookups } = countingRecords(taro);
    const claim = { kind: 'student', tenant: 'example-u', loginId: { $gt: '' }, email: { $ne: null } } as unknown as Parameters<typeof checkClaim>[1];
    expect((await checkClaim(records, claim, true)).matched).to.equal(false);
    expect(lookups).to.deep.equal(['student:example-u:']);
  });

  it('refuses a 10 KB login ID after the same work', async () => {
    const { records, lookups } = countingRecords(taro);
    const result = await checkClaim(records, { kind: 'student', tenant: 'example-u', loginId: 's1234567'.padEnd(10_240, 'x'), email: 'taro@example-u.ac.jp' }, true);
    expect(result.matched).to.equal(false);
    expect(lookups).to.have.length(1);
  });
});
