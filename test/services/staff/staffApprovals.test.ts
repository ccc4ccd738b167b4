import { expect } from 'chai';
import { APPROVAL_CODE, APPROVAL_LIFETIME_MS, StaffApprovals, newApprovalCode } from '../../../services/staff/staffApprovals.ts';
import type { ApprovalRequest } from '../../../services/staff/staffApprovals.ts';
import { openHarness } from '../accounts/reference/harness.ts';
import type { ReferenceHarness } from '../accounts/reference/harness.ts';

const request: ApprovalRequest = {
  action: 'twoFactorOff',
  account: { tenant: 'example-u', id: 'acc-1' },
  accountLabel: 's1234567',
  maskedEmail: 'ta***@ex***.ac.jp',
  requestedBy: { staffId: 'super01', role: 'supervisor', name: 'Tanaka' },
  reason: 'lost phone',
  reference: 'T-000001',
};

describe('StaffApprovals', () => {
  let harness: ReferenceHarness;
  let approvals: StaffApprovals;
  beforeEach(async () => {
    harness = await openHarness();
    approvals = await StaffApprovals.open(harness.store, harness.clock);
  });
  afterEach(async () => await harness.close());

  it('makes codes that are easy to read out', () => {
    for (let i = 0; i < 50; i++) expect(newApprovalCode()).to.match(APPROVAL_CODE);
  });

  it('lets a different supervisor claim a request exactly once', async () => {
    const code = newApprovalCode();
    await approvals.request(code, request);
    expect(await approvals.check(code, 'super01')).to.equal('sameSupervisor');
    const [first, second] = await Promise.all([approvals.claim(code, 'super02'), approvals.claim(code, 'super03')]);
    const outcomes = [first, second].map((outcome) => (typeof outcome === 'string' ? outcome : outcome.approvedBy));
    expect(outcomes.filter((outcome) => outcome === 'used')).to.have.length(1);
    expect(await approvals.check(code, 'super04')).to.equal('used');
  });

  it('refuses an expired request and an unknown code', async () => {
    const code = newApprovalCode();
    await approvals.request(code, request);
    harness.advance(APPROVAL_LIFETIME_MS);
    expect(await approvals.claim(code, 'super02')).to.equal('expired');
    expect(await approvals.check('A-222222', 'super02')).to.equal('unknown');
    expect(await approvals.check('{"$ne":1}', 'super02')).to.equal('unknown');
  });
});
