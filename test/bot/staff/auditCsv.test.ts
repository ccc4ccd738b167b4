import { expect } from 'chai';
import { auditCsv, auditRow } from '../../../bot/staff/auditCsv.ts';
import type { AuditEntry } from '../../../services/audit/auditLog.ts';

const entry: AuditEntry = {
  at: new Date('2026-12-02T01:02:03.000Z'),
  actor: { kind: 'staff', staffId: 'agent01', role: 'agent', conversationId: 'T-000001' },
  action: 'staff.unlock',
  tenant: 'example-u',
  account: 'acc-1',
  reason: '=HYPERLINK("x"), 鍵, "quoted"',
  result: 'ok',
  detail: 'confirmed',
};

describe('auditCsv', () => {
  it('writes every column, quotes commas and quotes, and defuses formulas', () => {
    const csv = auditCsv([entry]);
    expect(csv.startsWith('\uFEFFat,actor,role,action,tenant,account,reason,result,detail,conversation\r\n')).to.equal(true);
    expect(csv).to.include(`2026-12-02T01:02:03.000Z,agent01,agent,staff.unlock,example-u,acc-1,"'=HYPERLINK(""x""), 鍵, ""quoted""",ok,confirmed,T-000001\r\n`);
  });

  it('shows users and system components without their details', () => {
    expect(auditRow({ ...entry, actor: { kind: 'user', conversationId: 'c1' } })).to.include({ actor: 'user', role: 'user', conversation: 'c1' });
    expect(auditRow({ ...entry, actor: { kind: 'system', component: 'portal' } })).to.include({ actor: 'system:portal', role: 'system', conversation: '' });
  });
});
