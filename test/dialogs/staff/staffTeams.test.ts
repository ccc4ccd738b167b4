import { expect } from 'chai';
import type { Activity } from 'botbuilder';
import { StaffAllowList, parseAllowList } from '../../../services/staff/staffAllowList.ts';
import { tFor } from '../../helpers/dialogClient.ts';
import { people } from '../../services/accounts/contract/fixture.ts';
import { cardOf, openStaffHarness } from './staffHarness.ts';
import type { StaffHarness } from './staffHarness.ts';

const en = tFor('en');
const TENANT = '11111111-2222-3333-4444-555555555555';
const SUPER = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const AGENT = 'aaaaaaaa-bbbb-cccc-dddd-ffffffffffff';
const allowList = new StaffAllowList(parseAllowList(JSON.stringify([
  { tenantId: TENANT, objectId: SUPER, role: 'supervisor', id: 'tanaka' },
  { tenantId: TENANT, objectId: AGENT, role: 'agent' },
])));

const fromTeams = (objectId: string): Partial<Activity> => ({
  channelId: 'msteams',
  from: { id: `29:${objectId}`, name: 'Teams user', aadObjectId: objectId },
  conversation: { id: 'a:1personal', tenantId: TENANT } as Activity['conversation'],
  channelData: { tenant: { id: TENANT } },
});

describe('staff commands from Microsoft Teams (allow-listed Entra identities)', function () {
  this.timeout(20_000);
  let harness: StaffHarness;
  beforeEach(async () => (harness = await openStaffHarness({ locale: 'en', allowList })));
  afterEach(async () => await harness.close());

  it('an allow-listed supervisor gets the status, with the two-factor button, audited under the listed id', async () => {
    const [reply] = await harness.send(undefined, '<at>Support Bot</at> /status s1234567 user called T-000001', fromTeams(SUPER));
    expect(reply!.text).to.equal(en('staff:status.intro', { account: 's1234567' }));
    expect(JSON.stringify(cardOf(reply))).to.include(en('staff:buttons.twoFactorOff'));
    const [entry] = (await harness.audit({ staffId: 'tanaka' })).filter((found) => found.action === 'staff.status');
    expect(entry!.actor).to.deep.equal({ kind: 'staff', staffId: 'tanaka', role: 'supervisor', conversationId: 'T-000001' });
  });

  it('an allow-listed agent sends a reset mail after confirming', async () => {
    await harness.send(undefined, '/reset s1234567 forgot second password T-000002', fromTeams(AGENT));
    const [done] = await harness.send(undefined, 'yes', fromTeams(AGENT));
    expect(done!.text).to.include(en('staff:results.userNotified'));
    expect(harness.reference.mails().filter((mail) => mail.to === people.healthy.email).map((mail) => mail.kind)).to.have.members(['secondPasswordReset', 'securityNotice']);
  });

  it('an identity missing from the list is denied, and audited', async () => {
    await harness.send(undefined, '/status s1234567 x T-000001', fromTeams('aaaaaaaa-0000-0000-0000-eeeeeeeeeeee'));
    expect((await harness.audit()).map((entry) => [entry.action, entry.result])).to.deep.equal([['staff.status', 'denied']]);
  });
});
