import { expect } from 'chai';
import { TestAdapter } from 'botbuilder';
import type { Activity, TurnContext } from 'botbuilder';
import { staffIdentity } from '../../../bot/middleware/staffIdentity.ts';
import { turnStaff, turnStaffDesk } from '../../../dialogs/staff/staffTurn.ts';
import type { StaffDesk, StaffIdentity } from '../../../dialogs/staff/staffTurn.ts';
import type { AuditEntry } from '../../../services/audit/auditLog.ts';
import { StaffAllowList, parseAllowList } from '../../../services/staff/staffAllowList.ts';

const TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-2222-3333-4444-555555555555';
const SUPER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const AGENT = 'aaaaaaaa-bbbb-cccc-dddd-ffffffffffff';
const allowList = new StaffAllowList(parseAllowList(`${TENANT}:${SUPER}=supervisor,${TENANT}:${AGENT}=agent`));

/** Runs one turn through the middleware and reports who was staff and what was audited. */
async function turnOf(activity: Partial<Activity>, channelAuthenticated = true): Promise<{ staff?: StaffIdentity; deskSet: boolean; audited: AuditEntry[] }> {
  const audited: AuditEntry[] = [];
  const desk = { audit: { append: async (entry: AuditEntry) => void audited.push(entry), find: async () => [] }, clock: () => new Date() } as unknown as StaffDesk;
  let staff: StaffIdentity | undefined;
  let deskSet = false;
  const adapter = new TestAdapter(async (context: TurnContext) => {
    staff = turnStaff(context);
    deskSet = turnStaffDesk(context) === desk;
  }).use(staffIdentity({ desk, allowList, channelAuthenticated }));
  await adapter.send({ type: 'message', text: '/status s1234567 check', ...activity });
  return { ...(staff ? { staff } : {}), deskSet, audited };
}

const teams = (objectId: string, tenant: { conversation?: string; channelData?: string }): Partial<Activity> => ({
  channelId: 'msteams',
  from: { id: '29:1abc', name: 'Tanaka Hanako', aadObjectId: objectId },
  conversation: { id: 'a:1xyz', ...(tenant.conversation ? { tenantId: tenant.conversation } : {}) } as Activity['conversation'],
  ...(tenant.channelData ? { channelData: { tenant: { id: tenant.channelData } } } : {}),
});

describe('staffIdentity middleware', () => {
  context('on authenticated Microsoft Teams', () => {
    it('makes an allow-listed supervisor staff, with the role of the list', async () => {
      const { staff, audited } = await turnOf(teams(SUPER, { conversation: TENANT, channelData: TENANT }));
      expect(staff).to.deep.equal({ staffId: `aad:${SUPER}`, name: 'Tanaka Hanako', role: 'supervisor', via: 'teams' });
      expect(audited).to.deep.equal([]);
    });

    it('reads the tenant from channelData.tenant.id when the conversation has none, and ids in any case', async () => {
      const { staff } = await turnOf(teams(AGENT.toUpperCase(), { channelData: TENANT.toUpperCase() }));
      expect(staff?.role).to.equal('agent');
    });

    it('does not take an allow-listed object id of another Entra tenant', async () => {
      const { staff, audited } = await turnOf(teams(SUPER, { conversation: OTHER_TENANT }));
      expect(staff).to.equal(undefined);
      expect(audited.map((entry) => [entry.action, entry.result, entry.detail])).to.deep.equal([['staff.status', 'denied', 'not_staff']]);
    });

    it('does not decide when the two tenant ids disagree', async () => {
      expect((await turnOf(teams(SUPER, { conversation: TENANT, channelData: OTHER_TENANT }))).staff).to.equal(undefined);
    });

    it('does not take an identity missing from the list', async () => {
      expect((await turnOf(teams('aaaaaaaa-0000-cccc-dddd-eeeeeeeeeeee', { conversation: TENANT }))).staff).to.equal(undefined);
    });
  });

  it('takes no Teams identity when the channel is not authenticated (local mode)', async () => {
    const { staff, audited } = await turnOf(teams(SUPER, { conversation: TENANT, channelData: TENANT }), false);
    expect(staff).to.equal(undefined);
    expect(audited).to.have.length(1);
  });

  it('takes no Entra object id sent on another channel', async () => {
    expect((await turnOf({ ...teams(SUPER, { conversation: TENANT }), channelId: 'webchat' })).staff).to.equal(undefined);
  });

  it('takes nothing from channelData or from.id', async () => {
    const forged = await turnOf({ channelId: 'directline', from: { id: 'agent01', name: 'Sato' }, channelData: { staff: { id: 'super01', role: 'supervisor' } } });
    expect(forged.staff).to.equal(undefined);
    expect(forged.audited[0]).to.deep.include({ result: 'denied', detail: 'not_staff' });
  });

  it('puts the desk in every turn and audits nothing for ordinary text', async () => {
    const { deskSet, audited } = await turnOf({ text: 'I forgot my second password' });
    expect(deskSet).to.equal(true);
    expect(audited).to.deep.equal([]);
  });
});
